/**
 * Where a definition was written, so errors can name the file. Kept beside the plain objects
 * (in a registry shared by every copy of this module) rather than inside them.
 */
import { relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CODE_DIR } from "../paths.ts";
import { memo } from "../memo.ts";

const KEY = Symbol.for("llmops.sources");
type Registry = WeakMap<object, string>;
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new WeakMap<object, string>()) as Registry;

const OWN = CODE_DIR + sep;
const OWN_URL = pathToFileURL(CODE_DIR).href + "/";

/**
 * The first frame outside this package (and outside node_modules): the definition that called
 * into llmops. Read from V8's structured call sites; no stack text is formatted or parsed.
 */
export function callerFrame(): { file: string; line: number } | undefined {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let found: { file: string; line: number } | undefined;
  Error.prepareStackTrace = (_e, frames: NodeJS.CallSite[]) => {
    for (const f of frames) {
      const name = f.getFileName();
      if (!name || name.startsWith(OWN) || name.startsWith(OWN_URL) || name.includes("/node_modules/")) continue;
      if (!(name.startsWith("/") || name.startsWith("file://"))) continue;
      found = { file: name.startsWith("file://") ? fileURLToPath(name) : name, line: f.getLineNumber() ?? 0 };
      break;
    }
    return "";
  };
  // A short trace is enough to get past our own frames (a DSL call is two deep), and
  // much cheaper to capture.
  Error.stackTraceLimit = 4;
  try {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, callerFrame);
    void holder.stack;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  return found;
}

/** Remember the caller's `file:line` for `obj`; returns `obj`. */
export function remember<T extends object>(obj: T): T {
  const at = callerFrame();
  if (at) registry.set(obj, `${shown(at.file)}:${at.line}`);
  return obj;
}

/** A definitions file as errors show it: relative to the working directory. */
const relativePaths = new Map<string, string>();
function shown(file: string): string {
  return memo(relativePaths, `${process.cwd()}\0${file}`, () => relative(process.cwd(), file));
}

/** Record where `obj` came from when it was not written in TypeScript (e.g. a YAML document); returns `obj`. */
export function rememberAt<T extends object>(obj: T, source: string): T {
  registry.set(obj, source);
  return obj;
}

export function sourceOf(obj: object): string | undefined {
  return registry.get(obj);
}
