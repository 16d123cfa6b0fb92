/**
 * The OpenTelemetry Collector (contrib): OTLP in, metrics out through a Prometheus exporter,
 * traces to the trace store over OTLP, a debug exporter for troubleshooting. The `jaeger` and
 * `logging` exporters were removed from the Collector; OTLP and `debug` replace them.
 */
import type { Stack } from "../../dsl/stackModel.ts";
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { CONTAINER_PORTS, PATHS, SERVICES } from "../stack/layout.ts";

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

export function collectorConfig(stack: Stack): CollectorConfig {
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
      // OpenMetrics carries the exemplars (trace ids) of the metrics received; the text format drops them.
      prometheus: { endpoint: `0.0.0.0:${CONTAINER_PORTS.collectorPrometheus}`, enable_open_metrics: true },
      [tracesExporter]: { endpoint: `${traces}:${CONTAINER_PORTS.otlpGrpc}`, tls: { insecure: true } },
      debug: { verbosity: "basic" },
    },
    extensions: { health_check: { endpoint: `0.0.0.0:${CONTAINER_PORTS.collectorHealth}` } },
    service: {
      extensions: ["health_check"],
      pipelines: {
        traces: { receivers: ["otlp"], processors, exporters: [tracesExporter, "debug"] },
        metrics: { receivers: ["otlp"], processors, exporters: ["prometheus", "debug"] },
      },
    },
  };
}

export function collectorFiles(model: Model): Artifact[] {
  return model.stack ? [yamlFile(PATHS.collectorConfig, collectorConfig(model.stack))] : [];
}
