/**
 * The CLI normally runs the esbuild bundle (dist/, which `npm test` rebuilds first); it must
 * behave exactly as the TypeScript sources do: same files, same errors, same exit codes.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

const FROM_SOURCE = { LLMOPS_FROM_SOURCE: "1" };

function newestIn(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestIn(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

function tree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, tree(p, base));
    else out[p.slice(base.length + 1)] = readFileSync(p, "utf8");
  }
  return out;
}

describe("the bundled CLI", () => {
  it("is built and newer than every source file, so the CLI tests run it", () => {
    const bundle = join(ROOT, "dist/llmops.cjs");
    expect(existsSync(bundle), "dist/llmops.cjs is missing: run `npm run build` (npm ci and npm test build it)").toBe(true);
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(newestIn(join(ROOT, "src")));
  });

  it("runs with the code cache the build wrote, and V8 accepts it", async () => {
    const r = await cli(["--help"], { env: { LLMOPS_CODE_CACHE: "report" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("code cache: accepted");
  });

  it("an installed copy (no .git) runs its bundle even where unpacking left src/ newer than dist/", async () => {
    const copy = join(tempDir(), "llmops");
    for (const part of ["bin", "dist", "src", "package.json"]) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(copy, "src/cli.ts"), later, later);
    const run = (cwd: string) =>
      new Promise<string>((res) => execFile(process.execPath, [join(cwd, "bin/llmops.js"), "--help"], { env: { ...process.env, LLMOPS_CODE_CACHE: "report" } }, (_e, _o, err) => res(String(err))));
    expect(await run(copy)).toMatch(/^code cache: accepted/m);
    // In a checkout, the same edit means the bundle is stale: the sources run.
    mkdirSync(join(copy, ".git"));
    expect(await run(copy)).not.toMatch(/code cache/);
  });

  it("generates the same files as the sources", async () => {
    const a = join(tempDir(), "bundle");
    const b = join(tempDir(), "source");
    const [ra, rb] = await Promise.all([cli(["generate", "--out", a]), cli(["generate", "--out", b], { env: FROM_SOURCE })]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const ta = tree(a);
    expect(Object.keys(ta).length).toBeGreaterThan(20);
    expect(ta).toEqual(tree(b));
  });

  it.each([
    ["a semantic error, at its line", `slo({ name: "bad", objective: 150, sli: sli.availability() })`, 'index.ts:4: services[0] "a".slos[1] "bad".objective: objective 150 is out of range'],
    ["a shape error", `slo({ name: "c", objective: 99, sli: sli.availability(), bogus: 1 } as never)`, 'index.ts: services[0].slos[1]: unknown field "bogus"'],
  ])("reports %s as the sources do", async (_what, second, expected) => {
    const dir = definitionsDir({
      "index.ts": `import { defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({ name: "x", conventions: presets.lab(), services: [service({ name: "a", slos: [
  slo({ name: "ok", objective: 99, sli: sli.availability() }),
  ${second},
] })] });
`,
    });
    const args = ["generate", "--definitions", dir, "--out", join(dir, "out")];
    const [ra, rb] = await Promise.all([cli(args, { cwd: dir }), cli(args, { cwd: dir, env: FROM_SOURCE })]);
    expect(ra.code).toBe(2);
    expect(ra.stderr).toContain(expected);
    expect(ra.stderr).not.toMatch(/\n\s+at /);
    expect(rb).toEqual(ra);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
