/**
 * Artifacts → directory. All or nothing: the new tree is built beside the old one and swapped
 * in with renames; files no longer produced disappear with the old tree.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Artifact } from "../compile/artifact.ts";
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

/** Files whose content differs from `artifacts`, that are missing, or that none of them is (validate's freshness check). */
export function diff(outDir: string, artifacts: Artifact[]): Drift {
  const dir = resolve(outDir);
  const want = new Map(artifacts.map((a) => [a.path, a.content]));
  const have = new Set(listFiles(dir));
  const drift: Drift = { stale: [], missing: [], extra: [] };
  for (const [path, content] of want) {
    if (!have.has(path)) drift.missing.push(path);
    else if (readFileSync(join(dir, path), "utf8") !== content) drift.stale.push(path);
  }
  for (const path of have) if (!want.has(path)) drift.extra.push(path);
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
}

/**
 * Compare each file with `outDir` as `produce` hands it over, so no file's text outlives its
 * comparison. With `write`, a file that differs goes straight into a staging tree beside
 * `outDir` (through a FileWriter, on a worker thread when there are many); when anything
 * changed, the unchanged files are hard-linked in beside them (copied where links are not
 * possible) and the staging tree replaces `outDir` with two renames, so files no longer
 * produced disappear with the old tree. When nothing changed nothing is written. When
 * `produce` throws, the staging tree is removed and `outDir` is untouched.
 */
export async function updateTree(outDir: string, write: boolean, produce: (emit: (a: Artifact) => void) => void): Promise<TreeUpdate> {
  const dir = resolve(outDir);
  const have = new Set(listFiles(dir));
  const parent = dirname(dir);
  const stamp = `${process.pid}-${Date.now()}`;
  const next = join(parent, `.${basename(dir)}.next-${stamp}`);
  const prev = join(parent, `.${basename(dir)}.prev-${stamp}`);
  const files: string[] = [];
  const unchanged: string[] = [];
  const drift: Drift = { stale: [], missing: [], extra: [] };
  const writer = new FileWriter();
  const staged = (path: string): string => {
    const p = join(next, path);
    if (!p.startsWith(next + "/")) throw new Error(`artifact path escapes the output directory: ${path}`);
    return p;
  };
  try {
    // Every write lands (or fails) before the staging tree is swapped in or removed.
    try {
      produce((a) => {
        files.push(a.path);
        const exists = have.has(a.path);
        if (exists && readFileSync(join(dir, a.path), "utf8") === a.content) {
          unchanged.push(a.path);
          return;
        }
        (exists ? drift.stale : drift.missing).push(a.path);
        if (write) writer.write(staged(a.path), a.content);
      });
    } catch (e) {
      await writer.close().catch(() => undefined);
      throw e;
    }
    await writer.close();
    const produced = new Set(files);
    for (const p of have) if (!produced.has(p)) drift.extra.push(p);
    for (const list of [files, drift.stale, drift.missing, drift.extra]) list.sort();
    const written = write ? [...drift.missing, ...drift.stale].sort() : [];
    if (!write || isClean(drift)) return { files, written, drift };
    const folders = new Set<string>();
    for (const path of unchanged) {
      const from = join(dir, path);
      const to = staged(path);
      if (!folders.has(dirname(to))) {
        mkdirSync(dirname(to), { recursive: true });
        folders.add(dirname(to));
      }
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    }
    mkdirSync(next, { recursive: true });
    if (existsSync(dir)) renameSync(dir, prev);
    renameSync(next, dir);
    rmSync(prev, { recursive: true, force: true });
    return { files, written, drift };
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    if (existsSync(prev) && !existsSync(dir)) renameSync(prev, dir);
    throw e;
  }
}
