/**
 * Staging trees beside the output folder, and the one step that makes a staged tree the
 * output. Every name here starts with `.<folder>.` in the folder's parent, so a run (holding
 * the lock) can tell what earlier runs that died left behind.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { MANIFEST } from "./ownership.ts";
import { exchange } from "./native.ts";

export function stagingPath(dir: string, kind: "next" | "prev"): string {
  return join(dirname(dir), `.${basename(dir)}.${kind}-${process.pid}-${Date.now()}`);
}

function leftovers(dir: string): { next: string[]; prev: string[] } {
  const parent = dirname(dir);
  const base = basename(dir);
  const names = existsSync(parent) ? readdirSync(parent) : [];
  const of = (kind: string) => names.filter((n) => n.startsWith(`.${base}.${kind}-`)).map((n) => join(parent, n));
  return { next: of("next"), prev: of("prev") };
}

/**
 * Put right what a run that died left (call with the lock held). A run that died between the
 * two renames of the fallback publish left no output folder, its old tree as `prev` and its
 * complete new tree as `next` (the manifest is the last file a staged tree gets): the new one
 * becomes the output, or else the old one comes back. Every other staging tree is removed.
 */
export function recover(dir: string): void {
  const { next, prev } = leftovers(dir);
  if (!existsSync(dir) && prev.length) {
    const done = next.find((n) => existsSync(join(n, MANIFEST)));
    renameSync(done ?? prev[0]!, dir);
  }
  for (const p of [...next, ...prev]) rmSync(p, { recursive: true, force: true });
}

/**
 * Make the staged tree `next` the output folder `dir` in one step, and remove the old tree.
 * With an output folder already there, renameat2's exchange swaps the two; where the system
 * has no exchange, two renames do, and `recover` finishes them if the run dies between.
 * `known`: the paths the old tree held when this run looked; anything that appeared in it
 * since (another program writing there meanwhile) is moved into the new tree, not removed.
 */
export function publish(next: string, dir: string, known: Set<string>): void {
  if (!existsSync(dir)) {
    renameSync(next, dir);
    return;
  }
  let old = next;
  if (!exchange(next, dir)) {
    old = stagingPath(dir, "prev");
    renameSync(dir, old);
    renameSync(next, dir);
  }
  rescue(old, dir, known);
  rmSync(old, { recursive: true, force: true });
}

function rescue(old: string, dir: string, known: Set<string>): void {
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const path = rel + e.name;
      if (e.isDirectory() && !e.isSymbolicLink()) {
        walk(join(abs, e.name), `${path}/`);
        continue;
      }
      if (known.has(path)) continue;
      const to = existsSync(join(dir, path)) ? join(dir, `${path}.kept-${process.pid}`) : join(dir, path);
      mkdirSync(dirname(to), { recursive: true });
      renameSync(join(abs, e.name), to);
    }
  };
  walk(old, "");
}
