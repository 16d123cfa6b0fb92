/**
 * The OpenTelemetry Collector (contrib): OTLP in, metrics out the way the conventions' translation
 * strategy says, traces to the trace store over OTLP, a debug exporter for troubleshooting.
 * - UnderscoreEscapingWithSuffixes: the `prometheus` exporter, scraped by Prometheus.
 * - UnderscoreEscapingWithoutSuffixes: the same exporter with `add_metric_suffixes: false`.
 * - NoUTF8EscapingWithSuffixes, NoTranslation: OTLP on to Prometheus 3's OTLP receiver
 *   (`/api/v1/otlp`), whose `otlp.translation_strategy` (prometheus.yml) keeps the UTF-8 names.
 * The `jaeger` and `logging` exporters were removed from the Collector; OTLP and `debug` replace them.
 */
import type { Stack } from "../../dsl/stackModel.ts";
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { CONTAINER_PORTS, PATHS, SERVICES } from "../stack/layout.ts";
import { keepsUtf8, type Translation } from "../../vocabulary/translation.ts";

/** The exporter the metrics pipeline ends in, by translation strategy. */
function metricsExporter(t: Translation): [string, Record<string, unknown>] {
  if (keepsUtf8(t)) return ["otlphttp/prometheus", { endpoint: `http://${SERVICES.prometheus}:${CONTAINER_PORTS.prometheus}/api/v1/otlp`, tls: { insecure: true } }];
  // OpenMetrics carries the exemplars (trace ids) of the metrics received; the text format drops them.
  const exporter: Record<string, unknown> = { endpoint: `0.0.0.0:${CONTAINER_PORTS.collectorPrometheus}`, enable_open_metrics: true };
  if (t === "UnderscoreEscapingWithoutSuffixes") exporter.add_metric_suffixes = false;
  return ["prometheus", exporter];
}

export interface CollectorConfig {
  receivers: Record<string, unknown>;
  processors: Record<string, unknown>;
  exporters: Record<string, unknown>;
  extensions: Record<string, unknown>;
  service: {
    extensions: string[];
    pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
  };
}

export function collectorConfig(stack: Stack, translation: Translation = "UnderscoreEscapingWithSuffixes"): CollectorConfig {
  const [metricsName, metricsConfig] = metricsExporter(translation);
  const traces = stack.traceStore === "tempo" ? SERVICES.tempo : SERVICES.jaeger;
  const tracesExporter = `otlp/${traces}`;
  const processors = ["memory_limiter", "batch"];
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${CONTAINER_PORTS.otlpGrpc}` },
          http: { endpoint: `0.0.0.0:${CONTAINER_PORTS.otlpHttp}` },
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
      batch: { timeout: "5s", send_batch_size: 1024 },
    },
    exporters: {
      [metricsName]: metricsConfig,
      [tracesExporter]: { endpoint: `${traces}:${CONTAINER_PORTS.otlpGrpc}`, tls: { insecure: true } },
      debug: { verbosity: "basic" },
    },
    extensions: { health_check: { endpoint: `0.0.0.0:${CONTAINER_PORTS.collectorHealth}` } },
    service: {
      extensions: ["health_check"],
      pipelines: {
        traces: { receivers: ["otlp"], processors, exporters: [tracesExporter, "debug"] },
        metrics: { receivers: ["otlp"], processors, exporters: [metricsName, "debug"] },
      },
    },
  };
}

export function collectorFiles(model: Model): Artifact[] {
  return model.stack ? [yamlFile(PATHS.collectorConfig, collectorConfig(model.stack, model.conventions.translation))] : [];
}
