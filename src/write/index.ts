/**
 * Artifact set → directory. All or nothing: the new tree is built beside the old one and
 * swapped in with renames; files no longer produced disappear with the old tree.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Artifact } from "../compile/artifact.ts";

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

/** What `--check` reports: files whose content differs, that are not there, or should not be. */
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

/** Replace `outDir` with exactly `artifacts`. */
export function writeAll(outDir: string, artifacts: Artifact[]): void {
  const dir = resolve(outDir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const next = join(parent, `.${basename(dir)}.next-${stamp}`);
  const prev = join(parent, `.${basename(dir)}.prev-${stamp}`);
  try {
    for (const a of artifacts) {
      const p = join(next, a.path);
      if (!p.startsWith(next + "/")) throw new Error(`artifact path escapes the output directory: ${a.path}`);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, a.content);
    }
    if (!artifacts.length) mkdirSync(next, { recursive: true });
    if (existsSync(dir)) renameSync(dir, prev);
    renameSync(next, dir);
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    if (existsSync(prev) && !existsSync(dir)) renameSync(prev, dir);
    throw e;
  }
  rmSync(prev, { recursive: true, force: true });
}
