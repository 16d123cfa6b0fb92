/** A preset switch rewrites every dashboard query, and the result still validates. */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/promql/parse.ts";
import { dashboardFilesIn, allPanels, type LintDashboard } from "../../src/validate/dashboards.ts";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

describe("dashboards under the OpenTelemetry GenAI preset", () => {
  it("name no llm_ metric and pass validate", async () => {
    const index = readFileSync(join(ROOT, "definitions/index.ts"), "utf8");
    expect(index).toContain("presets.lab()");
    // The latency SLO needs 3 seconds as a bucket bound. SLOs imported from Sloth/OpenSLO YAML carry
    // hand-written queries in the lab's metric names, which no preset switch can reach: left out.
    const otel = index
      .replace("presets.lab()", "presets.otelGenAI({ durationBuckets: [0.25, 0.5, 1, 2, 3, 5, 10, 30] })")
      .replace(/^\s*\.\.\.fromYaml\([^)]*\),?\n/m, "");
    const dir = definitionsDir({ "index.ts": otel });
    copyFileSync(join(ROOT, "definitions/dashboards.ts"), join(dir, "dashboards.ts"));
    const out = tempDir();

    const gen = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(gen.stderr).toBe("");
    expect(gen.code).toBe(0);

    const files = dashboardFilesIn(out);
    expect(files.length).toBeGreaterThanOrEqual(6);
    const metrics = new Set<string>();
    for (const f of files) {
      const d = JSON.parse(readFileSync(join(out, f), "utf8")) as LintDashboard;
      for (const p of allPanels(d)) for (const t of (p.targets ?? []).filter((x) => x.expr)) for (const s of analyze(t.expr!.replace(/\$\w+/g, "5m")).selectors) if (s.name) metrics.add(s.name);
    }
    expect([...metrics].filter((m) => m.startsWith("llm_") || m.startsWith("agent_"))).toEqual([]);
    expect(metrics).toContain("gen_ai_client_operation_duration_seconds_bucket");

    const val = await cli(["validate", "--definitions", dir, "--out", out]);
    expect(val.stdout).toMatch(/validate: all \d+ checks passed/);
    expect(val.code).toBe(0);
  }, 300_000);
});
