/**
 * The limits on what the loader reads (README.md, "Limits"): YAML aliases, nesting, documents
 * per file, file size, and regular files only. Each is exit 2 naming the file, the limit and a
 * hint, in bounded time; none of them crashes or hangs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsDir, project } from "../helpers.ts";
import { cliWithin, expectRefused } from "./run.ts";

const SLOTH = `version: "prometheus/v1"
service: "checkout"
slos:
  - name: "availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`;

const LAUGHS = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ..."bcdefghi".split("").map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`)].join("\n") + "\n";

/** `generate` of a folder of YAML holding `files`, run inside it so paths read as the user wrote them. */
async function generateYaml(files: Record<string, string>, env: NodeJS.ProcessEnv = {}, withinMs = 30_000) {
  const dir = definitionsDir(files);
  return cliWithin(withinMs, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir, env });
}

describe("YAML limits", () => {
  it("an alias bomb (billion laughs) stops at yaml's maxAliasCount", async () => {
    const r = await generateYaml({ "bomb.yaml": LAUGHS });
    expectRefused(r, "bomb.yaml:1:1: document 1", /YAML aliases expand to more than 100 nodes \(the limit of yaml's maxAliasCount\)/);
    expect(r.ms).toBeLessThan(15_000);
  });

  it("an alias to no anchor names its line and column", async () => {
    const r = await generateYaml({ "x.yaml": SLOTH.replace('service: "checkout"', "service: *nope") });
    expectRefused(r, "x.yaml:2:10: document 1", /YAML alias \*nope names no anchor defined before it/);
  });

  it.each([
    ["65 levels", 65],
    ["5,000 levels (past the parser's own stack)", 5000],
  ])("nesting of %s is refused at the depth limit", async (_what, depth) => {
    const r = await generateYaml({ "deep.yaml": SLOTH + `labels: ${"[".repeat(depth)}${"]".repeat(depth)}\n` });
    expectRefused(r, /^error: deep\.yaml:\d+:\d+: document 1: /, /YAML nested more than 64 levels deep \(the limit\)/);
  });

  it("a file of endless documents stops at the documents limit", async () => {
    const r = await generateYaml({ "many.yaml": SLOTH + "---\n".repeat(1_000_000) });
    expectRefused(r, "many.yaml:1009", /more than 1000 YAML documents in one file \(the limit\)/);
    expect(r.ms).toBeLessThan(15_000);
  });

  it("a file over the size limit is refused before it is parsed; LLMOPS_MAX_FILE_BYTES sets the limit", async () => {
    const big = SLOTH + `# ${"x".repeat(5 * 1024 * 1024)}\n`;
    const r = await generateYaml({ "big.yaml": big });
    expectRefused(r, "big.yaml: ", /the file is larger than the limit of 4194304 bytes for one definitions file/);
    expect(r.stderr).toContain("LLMOPS_MAX_FILE_BYTES");
    expect(r.ms).toBeLessThan(10_000);
    const small = await generateYaml({ "x.yaml": SLOTH }, { LLMOPS_MAX_FILE_BYTES: "100" });
    expectRefused(small, "x.yaml: ", /larger than the limit of 100 bytes/);
  });
});

describe("only regular files are read", () => {
  it("a FIFO named *.yaml is refused by its type, without blocking", async () => {
    const dir = definitionsDir({ "ok.yaml": SLOTH });
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    const r = await cliWithin(20_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expectRefused(r, "pipe.yaml: ", /the file is a named pipe \(FIFO\); only regular files are read as definitions/);
  });

  it("a symlink to /dev/zero is refused as a device before a byte is read", async () => {
    const dir = definitionsDir({ "ok.yaml": SLOTH });
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    const r = await cliWithin(20_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expectRefused(r, "zero.yaml: ", /the file is a device; only regular files are read as definitions/);
  });

  it("fromYaml() of a FIFO from TypeScript is refused too", async () => {
    const dir = definitionsDir({ "index.ts": project(`[...fromYaml("./slos/pipe.yaml")]`).replace("import {", "import { fromYaml,") });
    mkdirSync(join(dir, "slos"));
    execFileSync("mkfifo", [join(dir, "slos/pipe.yaml")]);
    const r = await cliWithin(20_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expectRefused(r, "slos/pipe.yaml: ", /named pipe \(FIFO\)/);
  });

  it("an index.ts that is a FIFO is refused, not waited on", async () => {
    const dir = definitionsDir({});
    execFileSync("mkfifo", [join(dir, "index.ts")]);
    const r = await cliWithin(20_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expectRefused(r, "index.ts: ", /named pipe \(FIFO\)/);
  });

  it("a read error says why, with the file's name (a symlink loop)", async () => {
    const dir = definitionsDir({ "ok.yaml": SLOTH });
    symlinkSync("loop.yaml", join(dir, "loop.yaml"));
    const r = await cliWithin(20_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expectRefused(r, "loop.yaml: ", /the path loops through symlinks \(ELOOP\)/);
  });

  it("a YAML file of regular size and type still loads", async () => {
    const r = await generateYaml({ "x.yaml": SLOTH });
    expect(r.code, r.stderr).toBe(0);
  });
});
