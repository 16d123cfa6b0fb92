/**
 * From a red panel to the trace: latency, time-to-first-token and heatmap queries ask for
 * exemplars, Prometheus stores them, the Collector exports them, the Prometheus datasource opens
 * their trace id in the stack's trace store, and the Performance dashboard lists slow and failed
 * spans from that store.
 */
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PresetMetrics, prefersOpenMetrics } from "../../stack/simulator/metrics.ts";
import { simulateRequest } from "../../stack/simulator/traffic.ts";
import { presets } from "../../src/vocabulary/presets.ts";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

type Target = { expr?: string; legendFormat?: string; exemplar?: boolean; datasource?: { type: string; uid: string }; queryType?: string; query?: string; minDuration?: string; tags?: string };
type Panel = { title: string; type: string; datasource?: { type: string; uid: string }; targets?: Target[] };
const GEN = join(ROOT, "generated");
const dashboardIn = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, "grafana/dashboards/LLMOps", file), "utf8")) as { panels: Panel[] };
const panelOf = (d: { panels: Panel[] }, title: string) => {
  const p = d.panels.find((x) => x.title === title);
  if (!p) throw new Error(`no panel "${title}"`);
  return p;
};

describe("exemplars on the generated dashboards", () => {
  it("latency quantiles, time to first token and the duration heatmap ask for exemplars", () => {
    const overview = dashboardIn(GEN, "llmops-overview.json");
    const performance = dashboardIn(GEN, "llm-performance.json");
    for (const p of [panelOf(overview, "Latency P50 / P95 / P99"), panelOf(performance, "Time to first token"), panelOf(performance, "Request duration distribution")]) {
      expect(p.targets!.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) expect(t.exemplar, `${p.title} ${t.legendFormat}`).toBe(true);
    }
    // A rate of requests has no exemplars to show.
    expect(panelOf(performance, "Request volume").targets!.every((t) => t.exemplar === undefined)).toBe(true);
  });

  it("the Performance dashboard lists the agent's slow and failed spans from Jaeger", () => {
    const p = panelOf(dashboardIn(GEN, "llm-performance.json"), "Slow and failed requests");
    expect(p.type).toBe("table");
    expect(p.datasource).toEqual({ type: "jaeger", uid: "jaeger" });
    expect(p.targets).toMatchObject([
      { queryType: "search", service: "llm-agent", minDuration: "3s", datasource: { uid: "jaeger" } },
      { queryType: "search", service: "llm-agent", tags: "error=true", datasource: { uid: "jaeger" } },
    ]);
  });
});

describe("exemplars through the stack", () => {
  it("Prometheus runs with exemplar storage and the Collector exports OpenMetrics", () => {
    const compose = parse(readFileSync(join(GEN, "compose.yaml"), "utf8")) as { services: Record<string, { command?: string[] }> };
    expect(compose.services.prometheus!.command).toContain("--enable-feature=exemplar-storage");
    const collector = parse(readFileSync(join(GEN, "otel-collector/config.yaml"), "utf8")) as { exporters: { prometheus: Record<string, unknown> } };
    expect(collector.exporters.prometheus.enable_open_metrics).toBe(true);
  });

  it("the Prometheus datasource opens an exemplar's trace_id in the trace store: Jaeger by default", () => {
    const ds = parse(readFileSync(join(GEN, "grafana/provisioning/datasources/llmops.yaml"), "utf8")) as { datasources: { type: string; uid: string; url: string; jsonData: Record<string, unknown> }[] };
    const prom = ds.datasources.find((d) => d.type === "prometheus")!;
    expect(prom.jsonData.exemplarTraceIdDestinations).toEqual([{ name: "trace_id", datasourceUid: "jaeger" }]);
    expect(ds.datasources.find((d) => d.uid === "jaeger")?.type).toBe("jaeger");
  });

  it("with Tempo as the trace store: a Tempo datasource, exemplars and the trace table on it, and no Jaeger", async () => {
    const index = readFileSync(join(ROOT, "definitions/index.ts"), "utf8");
    const tempo = index.replace(/\n\s*services: \[/, '\n  stack: { traceStore: "tempo" },\n  services: [');
    expect(tempo).not.toBe(index);
    const dir = definitionsDir({ "index.ts": tempo });
    for (const f of readdirSync(join(ROOT, "definitions"))) if (f !== "index.ts") cpSync(join(ROOT, "definitions", f), join(dir, f), { recursive: true });
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);

    const ds = parse(readFileSync(join(out, "grafana/provisioning/datasources/llmops.yaml"), "utf8")) as { datasources: { name: string; type: string; uid: string; url: string; jsonData: Record<string, unknown> }[] };
    expect(ds.datasources.find((d) => d.type === "prometheus")!.jsonData.exemplarTraceIdDestinations).toEqual([{ name: "trace_id", datasourceUid: "tempo" }]);
    expect(ds.datasources.filter((d) => d.type === "tempo" || d.type === "jaeger").map((d) => [d.name, d.type, d.uid, d.url])).toEqual([["Tempo", "tempo", "tempo", "http://tempo:3200"]]);

    const p = panelOf(dashboardIn(out, "llm-performance.json"), "Slow and failed requests");
    expect(p.datasource).toEqual({ type: "tempo", uid: "tempo" });
    expect(p.targets).toMatchObject([{ queryType: "traceql", query: '{ resource.service.name = "llm-agent" && (duration >= 3s || status = error) }', tableType: "spans" }]);

    const val = await cli(["validate", "--definitions", dir, "--out", out]);
    expect(val.stdout).toMatch(/validate: all \d+ checks passed/);
  }, 240_000);
});

describe("the simulator's exposition format", () => {
  it("serves OpenMetrics (which carries exemplars) to Prometheus's Accept header, the text format otherwise", () => {
    expect(prefersOpenMetrics("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")).toBe(true);
    expect(prefersOpenMetrics("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5")).toBe(false);
    expect(prefersOpenMetrics(undefined)).toBe(false);
    expect(prefersOpenMetrics("*/*")).toBe(false);
  });

  it("keeps every series name in both formats: a counter without _total, which OpenMetrics would rename, is served as text", async () => {
    const PROM = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
    const names = (body: string) => [...new Set(body.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]!))].sort();
    const lab = new PresetMetrics(presets.lab());
    const r = simulateRequest(Math.random, {});
    lab.observe(r, { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" });
    const om = await lab.exposition(PROM);
    expect(om.contentType).toContain("openmetrics");
    expect(names(om.body).filter((n) => n !== "")).toEqual(names((await lab.exposition(undefined)).body).filter((n) => n !== ""));
    const custom = presets.lab();
    custom.metrics = custom.metrics.map((m) => (m.name === "agent_messages_total" ? { ...m, name: "agent_messages" } : m));
    custom.signals.messages = { series: { metric: "agent_messages" } };
    const sim = new PresetMetrics(custom);
    sim.observe(r, { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" });
    const served = await sim.exposition(PROM);
    expect(served.contentType).not.toContain("openmetrics");
    expect(names(served.body)).toContain("agent_messages");
  });
});
