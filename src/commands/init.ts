/** `llmops init [DIR]`: scaffold a GitOps repository; never overwrites a file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PACKAGE_DIR } from "../paths.ts";
import { ExitCode, UserError } from "../errors.ts";
import { scaffold } from "../init/templates.ts";

export interface InitReport {
  command: "init";
  ok: boolean;
  dir: string;
  files: string[];
}

function ownVersion(): string {
  const pkg = join(PACKAGE_DIR, "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** npm package names: lowercase, no spaces. */
function packageName(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+|-+$/g, "") || "llmops-definitions";
}

export function init(opts: { dir: string }): { code: number; report: InitReport } {
  const dir = resolve(opts.dir);
  const files = scaffold(packageName(dir), ownVersion());
  const taken = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (taken.length) {
    throw new UserError({ file: opts.dir }, `would overwrite ${taken.join(", ")}`, "init writes only new files: pick an empty folder, or move these away first");
  }
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content, { flag: "wx" });
  }
  return { code: ExitCode.ok, report: { command: "init", ok: true, dir: opts.dir, files: files.map((f) => f.path) } };
}

export function formatInit(r: InitReport): string {
  return [
    `created ${r.files.length} files in ${r.dir}/:`,
    ...r.files.map((f) => `  ${f}`),
    "next:",
    `  cd ${r.dir} && npm install && npx llmops generate && npx llmops validate`,
  ].join("\n");
}
