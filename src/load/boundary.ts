/**
 * Definitions are the user's own code, run in this process. Whatever that code throws or
 * rejects, and any attempt to end the process, becomes a definitions error naming the user's
 * file and line (exit 2): never a crash, never a silent exit 0 that `generate --check` would
 * read as success. Our own exceptions stay ours (the CLI reports them as internal errors).
 */
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError, UserErrors } from "../errors.ts";
import { CODE_DIR } from "../paths.ts";
import { shownPath } from "./files.ts";

export interface Frame {
  file: string;
  line: number;
  column: number;
}

/** `    at f (/abs/file.ts:3:7)` or `    at /abs/file.ts:3:7`: frames of files only (no `node:`, no `<anonymous>`). */
const FRAME = /^\s+at (?:.*?\()?((?:file:\/\/)?\/.*?):(\d+):(\d+)\)?\s*$/;

function isOurs(file: string): boolean {
  return file.startsWith(CODE_DIR + sep) || file.includes(`${sep}node_modules${sep}`);
}

/** Reading a thrown value can itself throw (a Proxy, a getter on `stack`): never let it. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function stackOf(e: unknown): string {
  return safely(() => (e instanceof Error && typeof e.stack === "string" ? e.stack : ""), "");
}

function framesOf(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith("file://") ? safely(() => fileURLToPath(m[1]!), m[1]!) : m[1]!;
    frames.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/** The innermost frame in the user's files: where their code threw, or called the code that did. */
export function userFrame(e: unknown): Frame | undefined {
  return framesOf(stackOf(e)).find((f) => !isOurs(f.file));
}

/** Whether the user's code threw `e` itself: its innermost frame is theirs, or it is no Error at all (we only throw Errors). */
export function thrownByUser(e: unknown): boolean {
  if (!safely(() => e instanceof Error, false)) return true;
  const top = framesOf(stackOf(e))[0];
  return top !== undefined && !isOurs(top.file);
}

/** `Error: boom`, whatever was thrown. */
export function describeThrown(e: unknown): string {
  return safely(() => {
    if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]}`.slice(0, 500);
    return `${typeof e === "object" && e !== null ? "a non-Error object" : typeof e} ${String(e).slice(0, 200)}`;
  }, "a value that cannot be read");
}

function at(frame: Frame | undefined, entry: string): string {
  return frame ? `${shownPath(frame.file)}:${frame.line}` : entry;
}

/** The user's exception as the definitions error it is. */
export function userException(e: unknown, entry: string): UserError {
  return new UserError({ file: at(userFrame(e), entry) }, `the definitions threw ${describeThrown(e)}`, "this exception comes from the definitions' own code, not from a check of llmops: fix it at that line");
}

/** Seconds the definitions may take to load; `LLMOPS_LOAD_TIMEOUT` (seconds) overrides it. */
export function loadTimeoutSeconds(): number {
  const env = Number(process.env.LLMOPS_LOAD_TIMEOUT);
  return Number.isFinite(env) && env > 0 ? env : 60;
}

/** What process.exit throws while definitions run, so their code stops where it called it. */
class ExitAttempt extends Error {
  constructor(what: string) {
    super(`${what} is not allowed while llmops loads the definitions`);
    this.name = "ExitAttempt";
  }
}

/**
 * Runs `work` (loading or checking the definitions) inside the boundary: process.exit and
 * process.abort throw instead of ending the run, a load that can never finish (a top-level
 * await on a promise nothing will settle) or runs past the deadline fails, and anything thrown
 * becomes a definitions error. `phase: "check"` keeps exceptions of our own code ours.
 */
export async function runDefinitions<T>(entry: string, phase: "load" | "check", work: () => Promise<T> | T): Promise<T> {
  const attempts: { what: string; frame: Frame | undefined }[] = [];
  const attempt = (what: string): never => {
    const e = new ExitAttempt(what);
    attempts.push({ what, frame: userFrame(e) });
    throw e;
  };
  const { exit, abort } = process;
  process.exit = ((code?: number | string | null) => attempt(`process.exit(${code ?? ""})`)) as typeof process.exit;
  process.abort = (() => attempt("process.abort()")) as typeof process.abort;

  let stop!: (e: UserError) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  // The event loop ran dry with the work unfinished: nothing is left that could finish it.
  const stalled = () =>
    stop(new UserError({ file: entry }, "the definitions never finish loading: they await a promise that nothing settles", "look for a top-level await on a promise that is never resolved or rejected"));
  process.on("beforeExit", stalled);
  // A promise the definitions rejected and nobody awaits is theirs too: caught here, where
  // the file is known, instead of by the CLI's last-resort handler (or not at all, when the
  // run ends before node gets round to reporting it).
  const rejections: unknown[] = [];
  const others = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const onRejection = (reason: unknown) => void rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  const seconds = loadTimeoutSeconds();
  const deadline = setTimeout(
    () => stop(new UserError({ file: entry }, `the definitions did not finish loading within ${seconds} s (the limit)`, "look for a top-level await that waits on the network or a timer; LLMOPS_LOAD_TIMEOUT (seconds) raises the limit")),
    seconds * 1000,
  );
  deadline.unref();

  const exitError = (): UserError | undefined => {
    const first = attempts[0];
    return first && new UserError({ file: at(first.frame, entry) }, `the definitions called ${first.what}`, "definitions must not end the process; throw an Error to report a problem, and llmops reports it with its line");
  };
  try {
    const result = await Promise.race([Promise.resolve().then(work), stopped]);
    // One turn of the event loop: node reports rejections nobody handled only after one.
    await new Promise((r) => setImmediate(r));
    const exited = exitError();
    if (exited) throw exited;
    if (rejections.length) throw userException(rejections[0], entry);
    return result;
  } catch (e) {
    const exited = exitError();
    if (exited) throw exited;
    if (safely(() => e instanceof UserError || e instanceof UserErrors, false)) throw e;
    if (phase === "check" && !thrownByUser(e)) throw e;
    throw userException(e, entry);
  } finally {
    process.exit = exit;
    process.abort = abort;
    process.off("beforeExit", stalled);
    process.off("unhandledRejection", onRejection);
    for (const l of others) process.on("unhandledRejection", l);
    clearTimeout(deadline);
  }
}
