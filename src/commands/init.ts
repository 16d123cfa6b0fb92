/**
 * `llmops init [DIR] [--llmops SOURCE]`: scaffold a GitOps repository that installs llmops from
 * a source that exists, with its lockfile; never overwrites a file. Everything is made in a
 * staging folder first (the vendored tarball, then the lockfile npm resolves from it), so a
 * source npm cannot install leaves DIR untouched.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { PACKAGE_DIR } from "../paths.ts";
import { ExitCode, UserError } from "../errors.ts";
import { npm } from "../init/npm.ts";
import { packFolder } from "../init/pack.ts";
import { STEPS } from "../init/readme.ts";
import { dependencySpec, givenSource, runningSource, vendorPath, type Source } from "../init/source.ts";
import { scaffold } from "../init/templates.ts";

export interface InitReport {
  command: "init";
  ok: boolean;
  dir: string;
  files: string[];
  /** `dependencies.llmops` of the scaffold's package.json. */
  llmops: string;
}

/** npm package names: lowercase, no spaces. */
function packageName(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+|-+$/g, "") || "llmops-definitions";
}

/** The vendored tarball, made in `stage`. */
async function vendor(source: Source, stage: string, path: string): Promise<void> {
  if (source.kind === "folder") {
    const packed = await packFolder(source.path, join(stage, dirname(path)));
    if (packed !== join(stage, path)) throw new UserError({ file: source.path }, `npm pack wrote ${basename(packed)}, not ${basename(path)}`, "its package.json names a version npm reads differently: check the version field");
  } else if (source.kind === "tarball") {
    mkdirSync(join(stage, dirname(path)), { recursive: true });
    copyFileSync(source.path, join(stage, path));
  }
}

export async function init(opts: { dir: string; llmops?: string }): Promise<{ code: number; report: InitReport }> {
  const dir = resolve(opts.dir);
  const source = opts.llmops === undefined ? runningSource(PACKAGE_DIR) : givenSource(opts.llmops, process.cwd());
  const vendored = vendorPath(source);
  const spec = dependencySpec(source);
  const files = scaffold(packageName(dir), { spec, origin: source.origin, ...(vendored ? { vendored } : {}) });
  const paths = [...files.map((f) => f.path), ...(vendored ? [vendored] : []), "package-lock.json"];
  const taken = paths.filter((p) => existsSync(join(dir, p)));
  if (taken.length) {
    throw new UserError({ file: opts.dir }, `would overwrite ${taken.join(", ")}`, "init writes only new files: pick an empty folder, or move these away first");
  }

  const stage = mkdtempSync(join(tmpdir(), "llmops-init-"));
  try {
    if (vendored) await vendor(source, stage, vendored);
    writeFileSync(join(stage, "package.json"), files.find((f) => f.path === "package.json")!.content);
    await npm(["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], {
      doing: `writing package-lock.json for llmops from ${spec}`,
      cwd: stage,
      hint: source.kind === "spec" ? "give a source npm can install: --llmops <folder of llmops>, --llmops <git URL>, or a version the registry has" : "npm resolves llmops's own dependencies from the registry: check the network",
    });
    const made = [...files, ...[vendored, "package-lock.json"].filter((p): p is string => p !== undefined).map((path) => ({ path, content: readFileSync(join(stage, path)) }))];
    for (const f of made) {
      const p = join(dir, f.path);
      try {
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content, { flag: "wx" });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "an error";
        const what = code === "EEXIST" ? `${f.path} appeared while init ran; not overwritten` : `cannot write ${f.path} (${code})`;
        throw new UserError({ file: opts.dir }, what, "init writes only new files into a folder it can write: check the folder, move what is in the way, and run init again in an empty folder");
      }
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return { code: ExitCode.ok, report: { command: "init", ok: true, dir: opts.dir, files: paths, llmops: spec } };
}

export function formatInit(r: InitReport): string {
  return [
    `created ${r.files.length} files in ${r.dir}/ (llmops from ${r.llmops}):`,
    ...r.files.map((f) => `  ${f}`),
    "next (README.md says more):",
    `  cd ${r.dir} && ${STEPS.slice(0, 3).map(([c]) => c).join(" && ")}`,
  ].join("\n");
}
