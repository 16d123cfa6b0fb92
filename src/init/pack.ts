/**
 * An llmops folder packed into a tarball with `npm pack`, from a copy of the files npm would
 * publish: the folder itself is never written to (no prepare script, no rebuilt bundle), and a
 * bundle older than the sources stays out, so the tarball never runs stale code.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { npm } from "./npm.ts";

function newestIn(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** bin/llmops.js's own rule: the bundle runs only while it is at least as new as src/. */
function bundleIsCurrent(folder: string): boolean {
  try {
    return statSync(join(folder, "dist/llmops.cjs")).mtimeMs >= newestIn(join(folder, "src"));
  } catch {
    return false;
  }
}

interface PackEntry {
  filename: string;
  files: { path: string }[];
}

function packOutput(stdout: string): PackEntry {
  // npm prints its JSON after whatever lifecycle output there was.
  const entries = JSON.parse(stdout.slice(stdout.indexOf("["))) as PackEntry[];
  return entries[0]!;
}

/** Packs `folder` into `destDir`; returns the tarball's path. */
export async function packFolder(folder: string, destDir: string): Promise<string> {
  const hint = `check that ${folder} is a complete llmops package, or pass --llmops with a git URL or a registry version`;
  const doing = `packing llmops from ${folder}`;
  const listed = packOutput(await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], { doing, cwd: folder, hint }));
  const keepBundle = bundleIsCurrent(folder);
  const stage = mkdtempSync(join(tmpdir(), "llmops-pack-"));
  try {
    for (const f of listed.files) {
      if (!keepBundle && f.path.startsWith("dist/")) continue;
      mkdirSync(dirname(join(stage, f.path)), { recursive: true });
      copyFileSync(join(folder, f.path), join(stage, f.path));
    }
    mkdirSync(destDir, { recursive: true });
    const packed = packOutput(await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destDir], { doing, cwd: stage, hint }));
    return join(destDir, packed.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
