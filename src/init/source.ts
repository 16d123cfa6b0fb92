/**
 * Where the scaffold installs llmops from. A spec npm can fetch anywhere (a registry version, a
 * git URL, a tarball URL) is written as it is. A local folder or tarball exists on this machine
 * only, so it is vendored: packed into the repository as `vendor/<file>.tgz` and depended on as
 * `file:vendor/<file>.tgz`, which installs the same on a CI runner as here.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.ts";

export type Source =
  /** Written to package.json as is. */
  | { kind: "spec"; dependency: string; origin: string }
  /** An llmops package folder, packed into vendor/. */
  | { kind: "folder"; path: string; version: string; origin: string }
  /** A tarball on this machine, copied into vendor/. */
  | { kind: "tarball"; path: string; origin: string };

export const VENDOR_DIR = "vendor";

/** The vendored file's path in the scaffold, when the source is vendored. */
export function vendorPath(s: Source): string | undefined {
  if (s.kind === "folder") return `${VENDOR_DIR}/llmops-${s.version}.tgz`;
  if (s.kind === "tarball") return `${VENDOR_DIR}/${basename(s.path)}`;
  return undefined;
}

/** What package.json says under `dependencies.llmops`. */
export function dependencySpec(s: Source): string {
  return s.kind === "spec" ? s.dependency : `file:${vendorPath(s)}`;
}

/** npm's git forms: URLs with a git protocol, hosted shortcuts, and GitHub's `owner/repo`. */
const GIT = /^(git\+[a-z]+:\/\/|git:\/\/|(github|gitlab|bitbucket|gist):|[^@/\s.][^/\s]*\/[^/\s]+(#\S*)?$|https?:\/\/\S+\.git(#\S*)?$)/;
const TARBALL = /\.(tgz|tar\.gz)$/;
/** A version, range or dist-tag: what `npm install llmops@X` takes for X. */
const REGISTRY_SPEC = /^[A-Za-z0-9.^~<>=| *+-]+$/;

interface Manifest {
  name?: string;
  version?: string;
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function folderSource(path: string, origin: string, where: string): Source {
  const pkg = readJson<Manifest>(join(path, "package.json"));
  if (pkg?.name !== "llmops" || !pkg.version) {
    throw new UserError({ file: where }, `${path} is not the llmops package (its package.json names ${pkg?.name ? `"${pkg.name}"` : "no package"})`, "give the folder of an llmops checkout or installed package, a git URL or a registry version");
  }
  return { kind: "folder", path, version: pkg.version, origin };
}

function localSource(path: string, origin: string, where: string): Source {
  const st = statSync(path);
  if (st.isDirectory()) return folderSource(path, origin, where);
  if (st.isFile() && TARBALL.test(path)) return { kind: "tarball", path, origin };
  throw new UserError({ file: where }, `${path} is neither a folder nor a .tgz tarball`, "give the folder of an llmops package, a tarball packed by npm pack, a git URL or a registry version");
}

/** `--llmops X`: a path (folder or tarball), a git or tarball URL, or a registry version. */
export function givenSource(input: string, cwd: string): Source {
  const where = "--llmops";
  const text = input.trim();
  const path = resolve(cwd, text.replace(/^file:/, ""));
  if (existsSync(path)) return localSource(path, `${path}, given to llmops init`, where);
  if (text.startsWith("file:") || text.startsWith(".") || text.startsWith("/") || text.startsWith("~") || (TARBALL.test(text) && !/^https?:/.test(text))) {
    throw new UserError({ file: where }, `${path} does not exist`, "give an existing folder or tarball of the llmops package");
  }
  if (GIT.test(text) || /^https?:\/\/\S+$/.test(text)) return { kind: "spec", dependency: text, origin: `${text}, given to llmops init` };
  const range = text.replace(/^llmops@/, "");
  if (!range || !REGISTRY_SPEC.test(range)) {
    throw new UserError({ file: where }, `"${input}" is not a path, a git URL or a registry version of llmops`, "e.g. --llmops ../llmops, --llmops git+https://host/llmops.git#v0.1.0, or --llmops 0.1.0");
  }
  return { kind: "spec", dependency: range, origin: `llmops@${range} from the npm registry, given to llmops init` };
}

interface LockEntry {
  version?: string;
  resolved?: string;
  link?: boolean;
}

/**
 * How the project that installed llmops into `<project>/node_modules/llmops` got it, as npm 7+
 * records it: the lockfile's `packages["node_modules/llmops"]`, and the spec in package.json.
 * Undefined when they say nothing usable; the installed folder is then vendored as it is.
 */
function installedSource(project: string): Source | undefined {
  const lock = readJson<{ packages?: Record<string, LockEntry> }>(join(project, "package-lock.json")) ?? readJson(join(project, "npm-shrinkwrap.json"));
  const entry = lock?.packages?.["node_modules/llmops"];
  if (!entry || entry.link) return undefined;
  const pkg = readJson<Record<string, Record<string, string> | undefined>>(join(project, "package.json"));
  const spec = pkg?.dependencies?.llmops ?? pkg?.devDependencies?.llmops ?? pkg?.optionalDependencies?.llmops;
  const from = `as ${project} installed the llmops that ran llmops init`;
  const resolved = entry.resolved;
  if (spec && GIT.test(spec) && !spec.startsWith("file:")) return { kind: "spec", dependency: spec, origin: `${spec}, ${from}` };
  if (resolved?.startsWith("git+")) return { kind: "spec", dependency: resolved, origin: `${resolved}, ${from}` };
  if (resolved?.startsWith("file:")) {
    const path = resolve(project, resolved.slice("file:".length));
    return TARBALL.test(path) && existsSync(path) ? { kind: "tarball", path, origin: `${path}, ${from}` } : undefined;
  }
  // A registry's tarball URL is `<registry>/llmops/-/llmops-<version>.tgz`; npm may leave it out.
  if (resolved && !/\/llmops\/-\/llmops-[^/]+\.tgz$/.test(resolved)) return { kind: "spec", dependency: resolved, origin: `${resolved}, ${from}` };
  if (entry.version) return { kind: "spec", dependency: entry.version, origin: `llmops@${entry.version} from the npm registry, ${from}` };
  return undefined;
}

/**
 * The source of the llmops running now (`packageDir`): what installed it, when a project's
 * node_modules holds it; otherwise the folder itself (a git checkout, an unpacked package).
 */
export function runningSource(packageDir: string): Source {
  const real = realpathSync(packageDir);
  if (basename(dirname(real)) === "node_modules") {
    const installed = installedSource(dirname(dirname(real)));
    if (installed) return installed;
  }
  return folderSource(real, `the llmops package at ${real}, which ran llmops init`, real);
}
