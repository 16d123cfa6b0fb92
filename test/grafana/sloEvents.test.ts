/**
 * An SLO that counts events shows them: good, bad and total events per second, read by the real
 * promtool from the recordings the rules write. A timeslice SLO (no events) has no such panel.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, promtoolExprTests, tempDir } from "../helpers.ts";

type P = { title: string; targets?: { expr: string; legendFormat?: string }[] };

describe("SLO dashboards show the events an SLI counts", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const board = (uid: string) => JSON.parse(readFileSync(join(out, `grafana/dashboards/SLOs/${uid}.json`), "utf8")) as { panels: P[] };

  it("good, bad and total events per second, from the SLO's recordings", () => {
    expect(gen.code, gen.stderr).toBe(0);
    const p = board("slo-llm-agent-availability").panels.find((x) => x.title === "Good and total events")!;
    expect(p.targets!.map((t) => t.legendFormat)).toEqual(["total", "good", "bad"]);
    const l = 'llmops_service="llm-agent", llmops_slo="availability"';
    const r = promtoolExprTests([
      {
        input_series: [
          { series: `slo:sli_events:rate5m{${l}}`, values: "10+0x10" },
          { series: `slo:sli_errors:rate5m{${l}}`, values: "1+0x10" },
        ],
        promql_expr_test: p.targets!.map((t, i) => ({ expr: t.expr, eval_time: "5m", exp_samples: [{ labels: i === 1 ? `{${l}}` : `{__name__="${i === 0 ? "slo:sli_events:rate5m" : "slo:sli_errors:rate5m"}", ${l}}`, value: [10, 9, 1][i]! }] })),
      },
    ]);
    expect(r.status, r.out).toBe(0);
  });

  it("not for a timeslice SLO, which counts slices", () => {
    expect(board("slo-llm-agent-cost-per-request").panels.some((x) => x.title === "Good and total events")).toBe(false);
  });
});
