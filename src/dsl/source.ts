/**
 * Where a definition was written, so errors can name the file. Kept beside the plain objects
 * (in a registry shared by every copy of this module) rather than inside them.
 */
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { CODE_DIR } from "../paths.ts";

const KEY = Symbol.for("llmops.sources");
type Registry = WeakMap<object, string>;
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new WeakMap<object, string>()) as Registry;

const OWN = CODE_DIR + sep;

/** Remember the caller's `file:line` for `obj`; returns `obj`. */
export function remember<T extends object>(obj: T): T {
  // A short trace is enough to get past our own frames, and much cheaper to capture.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  Error.stackTraceLimit = limit;
  for (const line of stack) {
    const m = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (file.startsWith(OWN) || file.includes(`${sep}node_modules${sep}`)) continue;
    registry.set(obj, `${relative(process.cwd(), file)}:${m[2]}`);
    break;
  }
  return obj;
}

/** Record where `obj` came from when it was not written in TypeScript (e.g. a YAML document); returns `obj`. */
export function rememberAt<T extends object>(obj: T, source: string): T {
  registry.set(obj, source);
  return obj;
}

export function sourceOf(obj: object): string | undefined {
  return registry.get(obj);
}
