/** The stack carries the metrics the way the conventions' translation strategy says. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkCollectorConfig } from "../../src/validate/collector.ts";
import { artifacts } from "./helpers.ts";

const conventions = (t: string) => `presets.otelGenAI137({ translation: "${t}" })`;

async function stackOf(t: string) {
  const files = await artifacts("{}", conventions(t));
  const collector = files.get("otel-collector/config.yaml")!;
  return {
    collectorText: collector,
    collector: parse(collector) as { exporters: Record<string, Record<string, unknown>>; service: { pipelines: { metrics: { exporters: string[] } } } },
    compose: parse(files.get("compose.yaml")!) as { services: { prometheus: { command: string[] } } },
  };
}

describe("translation strategy in the stack", () => {
  it("UnderscoreEscapingWithSuffixes: the Collector's prometheus exporter with its suffixes, no OTLP receiver", async () => {
    const s = await stackOf("UnderscoreEscapingWithSuffixes");
    expect(s.collector.service.pipelines.metrics.exporters).toEqual(["prometheus", "debug"]);
    expect(s.collector.exporters.prometheus).not.toHaveProperty("add_metric_suffixes");
    expect(s.compose.services.prometheus.command).not.toContain("--web.enable-otlp-receiver");
  });
  it("UnderscoreEscapingWithoutSuffixes: the prometheus exporter with add_metric_suffixes: false", async () => {
    const s = await stackOf("UnderscoreEscapingWithoutSuffixes");
    expect(s.collector.exporters.prometheus?.add_metric_suffixes).toBe(false);
  });
  for (const t of ["NoUTF8EscapingWithSuffixes", "NoTranslation"]) {
    it(`${t}: OTLP on to Prometheus 3's receiver, which translates by the strategy`, async () => {
      const s = await stackOf(t);
      expect(s.collector.service.pipelines.metrics.exporters).toEqual(["otlphttp/prometheus", "debug"]);
      expect(s.collector.exporters["otlphttp/prometheus"]?.endpoint).toBe("http://prometheus:9090/api/v1/otlp");
      expect(s.collector.exporters).not.toHaveProperty("prometheus");
      expect(s.compose.services.prometheus.command).toContain("--web.enable-otlp-receiver");
      expect(checkCollectorConfig(s.collectorText)).toEqual([]);
    });
  }
});
