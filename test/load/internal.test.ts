/**
 * Our own bugs: one line saying so (exit 70), a trace only behind LLMOPS_DEBUG=1, and never a
 * line of source (node's report of an uncaught error quotes it; in the bundle that line is
 * minified code hundreds of kilobytes long). And `--version`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsDir, ROOT, tempDir } from "../helpers.ts";
import { cliWithin, expectNoTrace } from "./run.ts";

const SLOTH = readFileSync(join(ROOT, "test/fixtures/interop/checkout.sloth.yaml"), "utf8");

/**
 * A process in which a builtin our code calls is broken: the exception is thrown by native
 * code on behalf of our own, the way a bug of ours would throw, with no frame of the user's.
 */
function brokenBuiltin(): string {
  const preload = join(tempDir(), "broken-json.cjs");
  writeFileSync(preload, `JSON.stringify = JSON.parse.bind(JSON, "{");\n`);
  return `--require ${preload}`;
}

describe.each([
  ["the bundle", {}],
  ["the sources", { LLMOPS_FROM_SOURCE: "1" }],
])("an internal error, from %s", (_from, mode) => {
  it("is one line and a hint, exit 70, no trace and no source", async () => {
    const dir = definitionsDir({ "slos.yaml": SLOTH });
    const r = await cliWithin(60_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir, env: { ...mode, NODE_OPTIONS: brokenBuiltin() } });
    expect(r.code, r.stderr.slice(0, 2000)).toBe(70);
    expect(r.stderr).toMatch(/^error: internal error: SyntaxError: .*JSON.*\n {2}hint: this is a bug in llmops; set LLMOPS_DEBUG=1 for a trace\n$/);
    expectNoTrace(r.stderr);
  });

  it("shows a short trace of frames with LLMOPS_DEBUG=1, still no source", async () => {
    const dir = definitionsDir({ "slos.yaml": SLOTH });
    const r = await cliWithin(60_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir, env: { ...mode, NODE_OPTIONS: brokenBuiltin(), LLMOPS_DEBUG: "1" } });
    expect(r.code).toBe(70);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^error: internal error: /);
    const frames = lines.slice(2);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(15);
    for (const f of frames) {
      expect(f).toMatch(/^\s+at /);
      expect(f.length).toBeLessThanOrEqual(300);
    }
  });

  it("with --json, is the one JSON document, exit 70", async () => {
    const dir = definitionsDir({ "slos.yaml": SLOTH });
    // --json serializes with JSON.stringify, so here sorting (the YAML files of the folder) is what breaks.
    const preload = join(tempDir(), "broken-sort.cjs");
    writeFileSync(preload, `Array.prototype.sort = Map.prototype.get;\n`);
    const r = await cliWithin(60_000, ["generate", "--json", "--definitions", ".", "--out", "out"], { cwd: dir, env: { ...mode, NODE_OPTIONS: `--require ${preload}` } });
    expect(r.code, r.stderr.slice(0, 2000)).toBe(70);
    const report = JSON.parse(r.stdout) as { ok: boolean; error: { message: string; hint: string } };
    expect(report.ok).toBe(false);
    expect(report.error.message).toMatch(/^internal error: TypeError: /);
    expect(report.error.hint).toBe("this is a bug in llmops; set LLMOPS_DEBUG=1 for a trace");
  });
});

describe("--version", () => {
  it("prints the version of the package", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await cliWithin(30_000, [flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });
});
