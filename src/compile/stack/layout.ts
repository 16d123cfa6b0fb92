/**
 * Where the stack's files live: generated paths (relative to the output directory, which is the
 * compose project directory) and where each container sees them. Images are pinned; never
 * `latest`, so a diff of generated/ shows every upgrade.
 */
export const IMAGES = {
  prometheus: "prom/prometheus:v3.5.0",
  alertmanager: "prom/alertmanager:v0.28.1",
  grafana: "grafana/grafana:12.1.1",
  collector: "otel/opentelemetry-collector-contrib:0.140.1",
  jaeger: "jaegertracing/jaeger:2.10.0",
  tempo: "grafana/tempo:2.8.2",
  simulator: "llmops-simulator:local",
} as const;

export const PATHS = {
  compose: "compose.yaml",
  prometheusConfig: "prometheus/prometheus.yml",
  alertmanagerConfig: "alertmanager/alertmanager.yml",
  collectorConfig: "otel-collector/config.yaml",
  tempoConfig: "tempo/tempo.yaml",
  readme: "README.md",
  /** Written by the Grafana target; the stack only mounts them. */
  grafanaProvisioning: "grafana/provisioning",
  grafanaDashboards: "grafana/dashboards",
} as const;

/** Container-side locations. Grafana's dashboard provider must point at `dashboards`. */
export const MOUNTS = {
  prometheus: "/etc/prometheus",
  alertmanager: "/etc/alertmanager",
  collector: "/etc/otelcol-contrib",
  tempo: "/etc/tempo",
  grafanaProvisioning: "/etc/grafana/provisioning",
  grafanaDashboards: "/var/lib/grafana/dashboards",
  secrets: "/run/secrets",
} as const;

/** Compose service names; also the hosts the configs address each other by. */
export const SERVICES = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
  collector: "otel-collector",
  jaeger: "jaeger",
  tempo: "tempo",
  simulator: "simulator",
} as const;

/** Fixed container ports. */
export const CONTAINER_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  jaegerUi: 16686,
  tempoHttp: 3200,
  otlpGrpc: 4317,
  otlpHttp: 4318,
  collectorPrometheus: 8889,
  collectorHealth: 13133,
  simulator: 8000,
} as const;

/** Scrape job of the Collector's Prometheus exporter; keeps the job labels the exporter sets. */
export const COLLECTOR_JOB = "otel-collector";

/** The generated path of a file relative to the prometheus.yml directory. */
export const relativeToPrometheusDir = (path: string): string => path.replace(/^prometheus\//, "");
