/**
 * Definitions are TypeScript modules: sucrase transpiles them (keeping every line in place) and
 * jiti's Babel takes what sucrase does not (import.meta, dynamic import, syntax errors). Either
 * way errors point at the right line.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir } from "../helpers.ts";

const OBJECTIVE = "export const objective: number = 99;\n";

describe("loading TypeScript definitions", () => {
  it.each([
    [
      "top-level await, an enum and a local import",
      `import { defineProject, presets, service, sli, slo } from "llmops";
import { objective } from "./objective.ts";
const extra: number = await Promise.resolve(0.5);
enum Tier { Gold = "gold" }
export default defineProject({ name: "x", conventions: presets.lab(), services: [
  service({ name: "a", labels: { tier: Tier.Gold }, slos: [
    slo({ name: "ok", objective: objective + extra, sli: sli.availability() }),
    slo({ name: "bad", objective: BAD, sli: sli.availability() }),
  ] }),
] });
`,
      8,
    ],
    [
      "import.meta and a dynamic import",
      `import { defineProject, presets, service, sli, slo } from "llmops";
const here: string = new URL(".", import.meta.url).pathname;
const { objective } = await import("./objective.ts");
export default defineProject({ name: "x", conventions: presets.lab(), services: [
  service({ name: here.endsWith("/") ? "a" : "b", slos: [
    slo({ name: "ok", objective, sli: sli.availability() }),
    slo({ name: "bad", objective: BAD, sli: sli.availability() }),
  ] }),
] });
`,
      7,
    ],
  ])("%s: loads, and an error names its line", async (_what, source, line) => {
    const good = definitionsDir({ "index.ts": source.replace("BAD", "99.9"), "objective.ts": OBJECTIVE });
    const ok = await cli(["generate", "--definitions", good, "--out", join(good, "out")], { cwd: good });
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(good, "out/prometheus/rules/a.yaml"))).toBe(true);

    const bad = definitionsDir({ "index.ts": source.replace("BAD", "150"), "objective.ts": OBJECTIVE });
    const r = await cli(["generate", "--definitions", bad, "--out", join(bad, "out")], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`index.ts:${line}: services[0] "a".slos[1] "bad".objective: objective 150 is out of range`);
  });
});
