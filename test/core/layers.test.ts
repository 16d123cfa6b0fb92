/**
 * The floors of the source tree: data moves forward only. The vocabulary (conventions → PromQL:
 * signal queries, recorded-series names, spend expressions) sits below both the DSL and every
 * compile target, so a preset or translation switch reaches all of them through one module.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Each source file's relative imports, as floor names (`compile`, `dsl`, `model`, …). */
function imports(): { file: string; floor: string; target: string; path: string }[] {
  const out: { file: string; floor: string; target: string; path: string }[] = [];
  for (const f of files(SRC)) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"(\.[^"]+)"/g)) {
      const target = relative(SRC, resolve(dirname(f), m[1]!));
      out.push({ file: relative(SRC, f), floor: relative(SRC, f).split("/")[0]!, target: target.split("/")[0]!, path: target });
    }
  }
  return out;
}

const crossing = (from: string, to: string[]) =>
  imports()
    .filter((i) => i.floor === from && to.includes(i.target))
    .map((i) => `${i.file} → ${i.target}`);

describe("source floors", () => {
  it("the DSL never imports a compile target", () => {
    expect(crossing("dsl", ["compile", "validate", "commands", "write"])).toEqual([]);
  });
  it("the model never imports a compile target or the DSL's query helpers", () => {
    expect(crossing("model", ["compile", "validate", "commands", "write"])).toEqual([]);
    expect(imports().filter((i) => i.floor === "model" && /^dsl\/dashboardQueries/.test(i.path))).toEqual([]);
  });
  it("the vocabulary imports only PromQL helpers and itself", () => {
    expect(crossing("vocabulary", ["compile", "dsl", "model", "load", "validate", "commands", "write"])).toEqual([]);
  });
  it("PromQL helpers import neither the vocabulary nor anything above it", () => {
    expect(crossing("promql", ["vocabulary", "compile", "dsl", "load", "validate", "commands", "write"])).toEqual([]);
  });
});
