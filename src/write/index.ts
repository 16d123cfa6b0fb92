/**
 * Artifacts → directory. All or nothing: the new tree is built beside the old one and takes
 * its place in one step; files no longer produced disappear with the old tree.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Artifact } from "../compile/artifact.ts";
import { UserError } from "../errors.ts";
import { acquire, type Lock } from "./lock.ts";
import { manifestContent, MANIFEST, ownership, type Ownership, type Protected } from "./ownership.ts";
import { publish, recover, stagingPath } from "./publish.ts";
import { FileWriter } from "./writer.ts";

export interface Drift {
  stale: string[];
  missing: string[];
  extra: string[];
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  // `rel`: the folder's path relative to `dir`, with `/` separators, as artifact paths have.
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(rel + e.name);
    }
  };
  walk(dir, "");
  return out.sort();
}

/**
 * Files whose content differs from `artifacts` (the manifest included), that are missing, or
 * that llmops wrote and none of them is now (validate's freshness check). The user's own
 * files in the folder are none of these.
 */
export function diff(outDir: string, artifacts: Artifact[]): Drift {
  const own = ownership(outDir, []);
  const dir = own.dir;
  const want = new Map(artifacts.map((a) => [a.path, a.content]));
  want.set(MANIFEST, manifestContent([...want.keys()]));
  const have = new Set(listFiles(dir));
  const drift: Drift = { stale: [], missing: [], extra: [] };
  for (const [path, content] of want) {
    if (!have.has(path)) drift.missing.push(path);
    else if (readFileSync(join(dir, path), "utf8") !== content) drift.stale.push(path);
  }
  for (const path of have) if (!want.has(path) && own.ours.has(path)) drift.extra.push(path);
  return drift;
}

export function isClean(d: Drift): boolean {
  return !d.stale.length && !d.missing.length && !d.extra.length;
}

export interface TreeUpdate {
  /** Every path produced, sorted. */
  files: string[];
  /** The paths written: missing and stale ones (none with `write` off). */
  written: string[];
  drift: Drift;
  /** What the folder holds that llmops did not write: kept as it is. */
  kept: string[];
}

export interface TreeOptions {
  /** Folders the output folder must never be or hold (the working folder, the definitions). */
  protect?: Protected[];
  /** Told once when the run waits for another one writing the same folder. */
  onWait?: (holder: string) => void;
}

/** A file system error of the output as the user reads it: which path, and what went wrong. */
function outputError(out: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EROFS: "the file system is read-only",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENAMETOOLONG: "a file name is too long for the file system",
    ENOTDIR: "a part of the path is a file, not a folder",
    EIO: "an I/O error",
    ENOENT: "a folder on the path does not exist and cannot be made",
  };
  const what = err && typeof err.code === "string" ? why[err.code] : undefined;
  if (!what) return e;
  const at = err.path ? ` (${err.path})` : "";
  return new UserError({ file: out }, `cannot write the output: ${what}${at}`, "pass --out a folder you can write, on a disk with room");
}

/**
 * Compare each file with `outDir` as `produce` hands it over, so no file's text outlives its
 * comparison. With `write`, a file that differs goes straight into a staging tree beside
 * `outDir` (through a FileWriter, on a worker thread when there are many); when anything
 * changed, the unchanged files and everything of the user's are hard-linked in beside them
 * (copied where links are not possible) and the staging tree becomes `outDir` in one atomic
 * step, so files no longer produced disappear with the old tree. When nothing changed nothing
 * is written. When `produce` throws, the staging tree is removed and `outDir` is untouched.
 *
 * Only a folder llmops wrote is replaced (see ownership.ts), under a lock per folder, so runs
 * on the same folder take turns; staging trees of runs that died are removed first.
 */
export async function updateTree(outDir: string, write: boolean, produce: (emit: (a: Artifact) => void) => void, opts: TreeOptions = {}): Promise<TreeUpdate> {
  const own = ownership(outDir, opts.protect ?? []);
  const dir = own.dir;
  let lock: Lock | undefined;
  try {
    mkdirSync(dirname(dir), { recursive: true });
    lock = await acquire(dir, outDir, opts.onWait ?? (() => undefined));
  } catch (e) {
    // --check writes nothing: on a folder it cannot lock (read-only), it compares unlocked.
    if (write || e instanceof UserError) throw outputError(outDir, e);
  }
  try {
    if (lock) recover(dir);
    // The folder as it is now that this run holds it: another run may have replaced it meanwhile.
    const current = lock ? ownership(outDir, opts.protect ?? []) : own;
    return await stage(outDir, current, write, produce);
  } catch (e) {
    throw outputError(outDir, e);
  } finally {
    lock?.release();
  }
}

async function stage(outDir: string, own: Ownership, write: boolean, produce: (emit: (a: Artifact) => void) => void): Promise<TreeUpdate> {
  const dir = own.dir;
  const foreign = new Map(own.foreign.map((e) => [e.path, e]));
  const next = stagingPath(dir, "next");
  const files: string[] = [];
  const unchanged: string[] = [];
  const drift: Drift = { stale: [], missing: [], extra: [] };
  const writer = new FileWriter();
  const staged = (path: string): string => {
    const p = join(next, path);
    if (!p.startsWith(next + "/")) throw new Error(`artifact path escapes the output directory: ${path}`);
    return p;
  };
  /** The manifest is compared like any file but written last, by itself. */
  const compare = (a: Artifact) => {
    const exists = own.ours.has(a.path) && existsSync(join(dir, a.path));
    if (exists && readFileSync(join(dir, a.path), "utf8") === a.content) {
      unchanged.push(a.path);
      return;
    }
    (exists ? drift.stale : drift.missing).push(a.path);
    if (write && a.path !== MANIFEST) writer.write(staged(a.path), a.content);
  };
  try {
    // Every write lands (or fails) before the staging tree is published or removed.
    try {
      produce((a) => {
        const theirs = foreign.get(a.path);
        if (theirs) {
          // Before the manifest, a file at a path generate produces was generated.
          if (own.hasManifest || theirs.kind !== "file") {
            throw new UserError({ file: outDir }, `generate would overwrite ${a.path}, which llmops did not write`, "move that file out of the output folder, or rename what produces it");
          }
          foreign.delete(a.path);
          own.ours.add(a.path);
        }
        files.push(a.path);
        compare(a);
      });
      compare({ path: MANIFEST, content: manifestContent(files) });
    } catch (e) {
      await writer.close().catch(() => undefined);
      throw e;
    }
    await writer.close();
    const produced = new Set(files);
    for (const p of own.ours) if (!produced.has(p) && p !== MANIFEST && existsSync(join(dir, p))) drift.extra.push(p);
    for (const list of [files, drift.stale, drift.missing, drift.extra]) list.sort();
    const written = write ? [...drift.missing, ...drift.stale].filter((p) => p !== MANIFEST) : [];
    const kept = [...foreign.values()].filter((e) => e.kind !== "dir").map((e) => e.path).sort();
    if (!write || isClean(drift)) return { files, written, drift, kept };
    const folders = new Set<string>();
    const folderOf = (to: string) => {
      if (!folders.has(dirname(to))) {
        mkdirSync(dirname(to), { recursive: true });
        folders.add(dirname(to));
      }
    };
    for (const path of unchanged) {
      if (path === MANIFEST) continue;
      const to = staged(path);
      folderOf(to);
      carry(join(dir, path), to);
    }
    for (const e of foreign.values()) {
      const to = staged(e.path);
      if (e.kind === "dir") mkdirSync(to, { recursive: true });
      else {
        folderOf(to);
        if (e.kind === "symlink") symlinkSync(readlinkSync(join(dir, e.path)), to);
        else carry(join(dir, e.path), to);
      }
    }
    // The manifest goes last: a staged tree that has one is complete (publish.ts's recover).
    writeFileSync(join(next, MANIFEST), manifestContent(files));
    publish(next, dir, new Set([...own.ours, ...own.foreign.map((e) => e.path)]));
    return { files, written, drift, kept };
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    throw e;
  }
}

/** A file of the old tree into the new one: the same file (a hard link) where the file system allows. */
function carry(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
