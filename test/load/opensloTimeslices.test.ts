/**
 * A Timeslices SLO of OpenSLO compiles to rules the real promtool reads and whose generated
 * tests pass: each slice is judged by the share of its points that meet the objective.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir } from "../helpers.ts";
import { OPENSLO } from "./opensloBase.ts";

describe("an OpenSLO Timeslices SLO with timeSliceTarget", () => {
  it("generates rules that judge each slice by its share of good points, and validate passes", async () => {
    const dir = definitionsDir({ "openslo.yaml": OPENSLO });
    const gen = await cli(["generate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const rules = readFileSync(join(dir, "out/prometheus/rules/shop.yaml"), "utf8");
    expect(rules).toContain('avg_over_time((histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[5m]))) <= bool 0.5)[5m:])');
    expect(rules).toMatch(/ < bool 0\.95\n/);
    const val = await cli(["validate", "--definitions", ".", "--out", "out"], { cwd: dir });
    expect(val.code, val.stdout + val.stderr).toBe(0);
    expect(val.stdout).toMatch(/ok\s+promtool test rules/);
  }, 120_000);
});
