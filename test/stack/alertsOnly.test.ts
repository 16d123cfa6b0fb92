/** A project of threshold alerts only has no dashboards: its stack neither mounts nor provisions a dashboards folder, and validates. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, project, tempDir } from "../helpers.ts";

describe("a project without dashboards", () => {
  it("generates a stack that validates", async () => {
    const defs = definitionsDir({ "index.ts": project(`[service({ name: "svc", alerts: [alert.errorRate({ name: "HighErrorRate", abovePercent: 5 })] })]`) });
    const out = join(tempDir(), "generated");
    const g = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(g.code, g.stderr).toBe(0);
    expect(existsSync(join(out, "grafana/dashboards"))).toBe(false);
    expect(existsSync(join(out, "grafana/provisioning/dashboards/llmops.yaml"))).toBe(false);
    expect(readFileSync(join(out, "compose.yaml"), "utf8")).not.toMatch(/grafana\/dashboards/);
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 60_000);
});
