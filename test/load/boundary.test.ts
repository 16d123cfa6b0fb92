/**
 * Definitions are the user's code: what it throws, rejects or attempts (process.exit) while it
 * loads, and while llmops reads what it exported, is exit 2 naming the user's file and line —
 * never a crash, a hang, or a silent exit 0.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsDir, project } from "../helpers.ts";
import { cliWithin, expectRefused } from "./run.ts";

const IMPORTS = `import { defineProject, presets, service, sli, slo } from "llmops";`;
const PROJECT = `export default defineProject({ name: "x", conventions: presets.lab(), services: [service({ name: "a", slos: [slo({ name: "ok", objective: 99, sli: sli.availability() })] })] });`;

/** index.ts of `lines` (its line 1 the import of llmops) and more files; generate run inside the folder. */
async function generate(lines: string[], files: Record<string, string> = {}, args: string[] = [], env: NodeJS.ProcessEnv = {}, withinMs = 30_000) {
  const dir = definitionsDir({ "index.ts": [IMPORTS, ...lines].join("\n") + "\n", ...files });
  return cliWithin(withinMs, [...(args.length ? args : ["generate"]), "--definitions", ".", "--out", "out"], { cwd: dir, env });
}

describe("the user's own exceptions are definitions errors at their line", () => {
  it("a throw at the top of index.ts", async () => {
    expectRefused(await generate([`throw new Error("boom");`, PROJECT]), "index.ts:2: ", /the definitions threw Error: boom$/);
  });

  it("a throw in an imported file names that file", async () => {
    const r = await generate([`import { v } from "./a.ts";`, PROJECT.replace("objective: 99", "objective: v")], { "a.ts": `const z: number = 1;\nthrow new Error("boom in a" + z);\nexport const v = 99;\n` });
    expectRefused(r, "a.ts:2: ", /the definitions threw Error: boom in a1$/);
  });

  it("a value that is not an Error", async () => {
    expectRefused(await generate([`throw "oops";`, PROJECT]), "index.ts: ", /the definitions threw string oops$/);
  });

  it("a default export that rejects", async () => {
    expectRefused(await generate([`export default Promise.reject(new Error("x"));`]), "index.ts:2: ", /the definitions threw Error: x$/);
  });

  it("a promise rejected at the top of index.ts that nothing awaits", async () => {
    const r = await generate([`Promise.reject(new Error("nobody awaits me"));`, PROJECT]);
    expectRefused(r, "index.ts:2: ", /the definitions threw Error: nobody awaits me$/);
  });

  it("an async function's result that rejects", async () => {
    expectRefused(await generate([`export default (async () => {`, `  throw new Error("late");`, `})();`]), "index.ts:3: ", /the definitions threw Error: late$/);
  });

  it("an async function's result that resolves to the project is the project", async () => {
    const r = await generate([PROJECT.replace("export default defineProject(", "export default (async () => defineProject(").replace(/\);$/, "))();")]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("a getter that throws when llmops reads the spec", async () => {
    const r = await generate([`const svc = { get name(): string { throw new Error("getter boom"); }, slos: [] };`, `export default defineProject({ name: "x", conventions: presets.lab(), services: [svc as never] });`]);
    expectRefused(r, "index.ts:2: ", /the definitions threw Error: getter boom$/);
  });

  it("a Proxy that throws when llmops reads the spec", async () => {
    const r = await generate([`const svc = new Proxy({}, { get() { throw new Error("proxy boom"); }, ownKeys() { throw new Error("keys boom"); } });`, `export default defineProject({ name: "x", conventions: presets.lab(), services: [svc as never] });`]);
    expectRefused(r, "index.ts:2: ", /the definitions threw Error: (proxy|keys) boom$/);
  });

  it("a timer that throws after the definitions loaded", async () => {
    expectRefused(await generate([`setTimeout(() => { throw new Error("later"); }, 0);`, `await new Promise((r) => setTimeout(r, 5));`, PROJECT]), "index.ts:2: ", /the definitions threw Error: later$/);
  });

  it("a syntax error in an imported file names that file, line and column", async () => {
    const r = await generate([`import { v } from "./a.ts";`, PROJECT.replace("objective: 99", "objective: v")], { "a.ts": `const z = 1;\n\nexport const v = {{ 99;\n` });
    expectRefused(r, /^error: a\.ts:3:\d+: /, /TypeScript syntax error/);
  });

  it("hints name only commands the user has", async () => {
    const thrown = await generate([`throw new Error("boom");`, PROJECT]);
    const syntax = await generate([`export default {{`]);
    for (const r of [thrown, syntax]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/npx tsx|npm run build/);
    }
    expect(syntax.stderr).toContain("`npx llmops generate`");
  });
});

describe("definitions cannot end the run", () => {
  it.each([
    ["generate --check", ["generate", "--check"]],
    ["validate", ["validate"]],
  ])("process.exit(0) makes %s exit 2, naming the call", async (_what, args) => {
    const r = await generate([`process.exit(0);`, PROJECT], {}, args);
    expectRefused(r, "index.ts:2: ", /the definitions called process\.exit\(0\)$/);
  });

  it("process.exit(3) in an imported file, caught by the definitions, is still reported", async () => {
    const r = await generate([`import "./a.ts";`, PROJECT], { "a.ts": `try {\n  process.exit(3);\n} catch {}\nexport {};\n` });
    expectRefused(r, "a.ts:2: ", /the definitions called process\.exit\(3\)$/);
  });

  it("process.abort()", async () => {
    expectRefused(await generate([`process.abort();`, PROJECT]), "index.ts:2: ", /the definitions called process\.abort\(\)$/);
  });

  it("process.exit in a getter llmops reads", async () => {
    const r = await generate([`const svc = { get name(): string { process.exit(0); }, slos: [] };`, `export default defineProject({ name: "x", conventions: presets.lab(), services: [svc as never] });`]);
    expectRefused(r, "index.ts:2: ", /the definitions called process\.exit\(0\)$/);
  });

  it("process.exit works again for llmops once the definitions are loaded: a run still ends with its own code", async () => {
    const r = await generate([PROJECT], {}, ["generate", "--check"]);
    expect(r.code).toBe(1);
  });
});

describe("definitions cannot hang the run", () => {
  it("a top-level await on a promise nothing settles", async () => {
    const r = await generate([`await new Promise(() => {});`, PROJECT], {}, [], {}, 20_000);
    expectRefused(r, "index.ts: ", /the definitions never finish loading: they await a promise that nothing settles/);
  });

  it("a load past the deadline (LLMOPS_LOAD_TIMEOUT)", async () => {
    const r = await generate([`await new Promise((r) => setTimeout(r, 60_000));`, PROJECT], {}, [], { LLMOPS_LOAD_TIMEOUT: "1" }, 20_000);
    expectRefused(r, "index.ts: ", /the definitions did not finish loading within 1 s \(the limit\)/);
    expect(r.ms).toBeLessThan(15_000);
  });
});

describe("definitions cannot keep a finished run alive", () => {
  it("an interval the definitions leave running", async () => {
    const r = await generate([`setInterval(() => {}, 1000);`, PROJECT], {}, [], {}, 20_000);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("circular imports", () => {
  const index = (use: string) => [`import { ${use} } from "./a.ts";`, `export const NAME = "shared";`, `export default defineProject({ name: "x", conventions: presets.lab(), services: [${use === "svc" ? "svc" : "mk()"}] });`];
  const a = (svc: string) => `import { service, sli, slo } from "llmops";\nimport { NAME } from "./index.ts";\n${svc}\n`;
  const SVC = 'service({ name: `${NAME}`, slos: [slo({ name: "s", objective: 99, sli: sli.availability() })] })';

  it("a value read around the cycle before it is set is an error naming the reader, the file and the export", async () => {
    const r = await generate(index("svc"), { "a.ts": a(`export const svc = ${SVC};`) });
    expectRefused(r, "a.ts:3: ", /reads "NAME" from index\.ts before index\.ts has set it: the two files import each other \(a circular import\)/);
  });

  it("a value read around the cycle after loading (in a function) works", async () => {
    const dir = definitionsDir({ "index.ts": [IMPORTS, ...index("mk")].join("\n") + "\n", "a.ts": a(`export const mk = () => ${SVC};`) });
    const r = await cliWithin(30_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("generated");
    expect(join(dir, "out/prometheus/rules/shared.yaml")).toBeTruthy();
  });
});

describe("the regular path still works", () => {
  it("a project generates", async () => {
    const dir = definitionsDir({ "index.ts": project(`[service({ name: "svc", slos: [slo({ name: "a", objective: 99, sli: sli.availability() })] })]`) });
    const r = await cliWithin(30_000, ["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});
