/**
 * A circular import (index.ts imports a.ts, which imports index.ts) hands a.ts the exports of a
 * file that is still running. ES modules throw when such a binding is read before it is set;
 * the CommonJS form definitions run in reads `undefined` instead, and a service came out named
 * "undefined". So each transpiled file's exports are guarded while the file runs: a definitions
 * file reading an export that is not set yet is an error naming both files and the export.
 */
import { UserError } from "../errors.ts";
import { userFrame } from "./boundary.ts";
import { shownPath } from "./files.ts";

const GUARD = "llmops.exportsGuard";
const DONE = "llmops.exportsDone";

/** Files whose code has started and not yet reached its end. */
const running = new Set<string>();

/** Keys that module interop (jiti's, sucrase's) reads from any module while wiring it up. */
const INTEROP = new Set(["default", "__esModule", "then"]);

function guard(exports: object, file: string): object {
  running.add(file);
  // An export read before it is set, from another definitions file: the error; else undefined.
  const early = (key: string): void => {
    const reader = userFrame(new Error());
    if (!reader || reader.file === file) return;
    const from = shownPath(file);
    throw new UserError(
      { file: `${shownPath(reader.file)}:${reader.line}` },
      `reads "${key}" from ${from} before ${from} has set it: the two files import each other (a circular import), and ${from} has not finished running`,
      "move the shared value into a third file that both import, or read it inside a function called after the definitions have loaded",
    );
  };
  const unset = (target: object, key: string | symbol): key is string => typeof key === "string" && running.has(file) && !Reflect.has(target, key);
  // jiti hands importers its interop proxy, which asks `key in exports` before it reads a key.
  return new Proxy(exports, {
    has(target, key) {
      if (unset(target, key) && !INTEROP.has(key)) early(key);
      return Reflect.has(target, key);
    },
    get(target, key, receiver) {
      if (unset(target, key) && !INTEROP.has(key)) early(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

const slots = globalThis as unknown as Record<symbol, unknown>;
slots[Symbol.for(GUARD)] = guard;
slots[Symbol.for(DONE)] = (file: string) => running.delete(file);

/**
 * The transpiled CommonJS of one definitions file, its exports guarded until its last line has
 * run. What is added sits on the first line (after the `"use strict"` directive) and after the
 * last, so every line of the file keeps its number. Code run without this module (a transpile
 * cache read elsewhere) runs unguarded.
 */
export function guardExports(code: string): string {
  const strict = /^"use strict";/.exec(code)?.[0] ?? "";
  const open = `exports = module.exports = globalThis[Symbol.for(${JSON.stringify(GUARD)})]?.(exports, __filename) ?? exports;`;
  const close = `\n;globalThis[Symbol.for(${JSON.stringify(DONE)})]?.(__filename);\n`;
  return `${strict}${open}${code.slice(strict.length)}${close}`;
}
