/** Scratch folders: every case runs in its own, under the system temp folder, never in a real one. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { FileSpec } from "./cases.ts";

export function sandbox(prefix = "llmops-fuzz-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, FileSpec>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, spec] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    if (typeof spec === "string" || Buffer.isBuffer(spec)) writeFileSync(p, spec);
    else if ("fifo" in spec) execFileSync("mkfifo", [p]);
    else if ("symlink" in spec) symlinkSync(spec.symlink, p);
    else mkdirSync(p, { recursive: true });
  }
}

/** A copy of `from` keeping modes and times (new inodes: the fingerprint is taken after). */
export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
}

export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
