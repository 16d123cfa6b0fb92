/**
 * Reading the files definitions are made of, within the limits README.md states ("Limits"):
 * only regular files, up to a size, and every disk error said in words with the file's name.
 * A FIFO, a socket or a device (`/dev/zero`, also through a symlink) is refused by its type
 * before a byte is read: the file is opened without blocking and checked again on the open
 * descriptor, so a file swapped between the check and the open cannot stall the run.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { relative } from "node:path";
import { UserError } from "../errors.ts";

const MIB = 1024 * 1024;

/** Bytes one definitions file may hold; `LLMOPS_MAX_FILE_BYTES` overrides it. */
export function maxFileBytes(): number {
  const env = Number(process.env.LLMOPS_MAX_FILE_BYTES);
  return Number.isSafeInteger(env) && env > 0 ? env : 4 * MIB;
}

export function shownPath(abs: string): string {
  return relative(process.cwd(), abs) || abs;
}

const ERRNO: Record<string, string> = {
  ENOENT: "the file does not exist",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  ELOOP: "the path loops through symlinks",
  ENAMETOOLONG: "the path is too long",
  EIO: "the disk reported an input/output error",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open",
  ENXIO: "the file is a device or socket that cannot be read",
};

function errnoOf(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** A failed read, fs or disk, as a definitions error naming the file. */
export function readError(abs: string, e: unknown, what = "cannot read the file"): UserError {
  const code = errnoOf(e);
  const why = code ? `${ERRNO[code] ?? (e as Error).message} (${code})` : e instanceof Error ? e.message : String(e);
  const hint =
    code === "EACCES" || code === "EPERM"
      ? "make the file readable by the user running llmops"
      : code === "ENOENT"
        ? "check the path passed to --definitions or fromYaml()"
        : "check the file and the disk it is on, then run the command again";
  return new UserError({ file: shownPath(abs) }, `${what}: ${why}`, hint);
}

function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return "a folder";
  if (s.isFIFO()) return "a named pipe (FIFO)";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** Refuses anything but a regular file of at most the size limit; `st` is the file's (followed) stat. */
function checkFile(abs: string, st: Stats): void {
  const kind = kindOf(st);
  if (kind) throw new UserError({ file: shownPath(abs) }, `the file is ${kind}; only regular files are read as definitions`, "replace it with a regular file, or move it out of the definitions folder");
  const limit = maxFileBytes();
  if (st.size > limit) throw tooLarge(abs, limit);
}

function tooLarge(abs: string, limit: number): UserError {
  return new UserError(
    { file: shownPath(abs) },
    `the file is larger than the limit of ${limit} bytes for one definitions file`,
    "split it into several files, or raise the limit with LLMOPS_MAX_FILE_BYTES",
  );
}

/** Checks a file someone else will read (the TypeScript entry, which jiti reads): type and size. */
export function checkDefinitionsFile(abs: string): void {
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (e) {
    throw readError(abs, e);
  }
  checkFile(abs, st);
}

/** The text of a definitions file, read under the limits. */
export function readDefinitionsFile(abs: string): string {
  checkDefinitionsFile(abs);
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw readError(abs, e);
  }
  try {
    checkFile(abs, fstatSync(fd));
    const limit = maxFileBytes();
    // One byte past the limit tells a file that grew since fstat from one that fits.
    const buf = Buffer.allocUnsafe(limit + 1);
    let size = 0;
    for (let n = -1; n !== 0 && size <= limit; size += n) n = readSync(fd, buf, size, buf.length - size, null);
    if (size > limit) throw tooLarge(abs, limit);
    return buf.toString("utf8", 0, size);
  } catch (e) {
    throw e instanceof UserError ? e : readError(abs, e);
  } finally {
    closeSync(fd);
  }
}
