/**
 * compose.yaml: the whole stack, configs mounted read-only from the generated directory (the
 * compose project directory), data in named volumes, secrets as files outside generated/.
 */
import { PRESETS } from "../../vocabulary/presets.ts";
import { receiverSecrets, type Stack } from "../../dsl/stackModel.ts";
import { hasDashboards } from "../../model/dashboards.ts";
import { keepsUtf8 } from "../../vocabulary/translation.ts";
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { CONTAINER_PORTS, IMAGES, MOUNTS, PATHS, SERVICES } from "./layout.ts";

type Volume =
  | { type: "bind"; source: string; target: string; read_only: true; bind: { create_host_path: false } }
  | { type: "volume"; source: string; target: string };

export interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: Volume[];
  secrets?: string[];
  depends_on?: Record<string, { condition: "service_started" | "service_healthy" }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  restart: "unless-stopped";
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, Record<string, never>>;
  secrets?: Record<string, { file: string }>;
}

const bind = (source: string, target: string): Volume => ({ type: "bind", source: `./${source}`, target, read_only: true, bind: { create_host_path: false } });
const named = (source: string, target: string): Volume => ({ type: "volume", source, target });

/** Images with a shell and wget get a healthcheck; the Collector, Jaeger and Tempo images have neither. */
const httpCheck = (url: string) => ({ test: ["CMD", "wget", "-q", "--spider", url], interval: "10s", timeout: "5s", retries: 6, start_period: "20s" });

/** Simulator presets by conventions name (every preset's); hand-written conventions get the lab's. */
const SIMULATOR_PRESETS = new Set<string>([...Object.keys(PRESETS), "otel-genai"]);

export function composeFile(model: Model, stack: Stack): ComposeFile {
  const p = stack.ports;
  const publish = (host: number, container: number) => `${stack.bindAddress}:${host}:${container}`;
  const traces = stack.traceStore;
  const services: Record<string, ComposeService> = {};

  services[SERVICES.prometheus] = {
    image: IMAGES.prometheus,
    command: [
      `--config.file=${MOUNTS.prometheus}/prometheus.yml`,
      "--storage.tsdb.path=/prometheus",
      `--storage.tsdb.retention.time=${stack.retention}`,
      "--web.enable-lifecycle",
      // Keeps the exemplars (trace ids) scraped with the histograms, so a latency panel opens the trace.
      "--enable-feature=exemplar-storage",
      // UTF-8 strategies: the Collector sends OTLP here and Prometheus translates by otlp.translation_strategy.
      ...(keepsUtf8(model.conventions.translation) ? ["--web.enable-otlp-receiver"] : []),
    ],
    ports: [publish(p.prometheus, CONTAINER_PORTS.prometheus)],
    volumes: [bind("prometheus", MOUNTS.prometheus), named("prometheus-data", "/prometheus")],
    depends_on: { [SERVICES.alertmanager]: { condition: "service_started" } },
    healthcheck: httpCheck(`http://localhost:${CONTAINER_PORTS.prometheus}/-/ready`),
    restart: "unless-stopped",
  };

  const secrets = [...new Set(stack.alerting.receivers.flatMap(receiverSecrets))];
  services[SERVICES.alertmanager] = {
    image: IMAGES.alertmanager,
    command: [`--config.file=${MOUNTS.alertmanager}/alertmanager.yml`, "--storage.path=/alertmanager"],
    ports: [publish(p.alertmanager, CONTAINER_PORTS.alertmanager)],
    volumes: [bind("alertmanager", MOUNTS.alertmanager), named("alertmanager-data", "/alertmanager")],
    ...(secrets.length ? { secrets } : {}),
    healthcheck: httpCheck(`http://localhost:${CONTAINER_PORTS.alertmanager}/-/ready`),
    restart: "unless-stopped",
  };

  services[SERVICES.grafana] = {
    image: IMAGES.grafana,
    environment: {
      GF_SECURITY_ADMIN_USER: "admin",
      // No default: compose refuses to start without it, so no weak password is ever committed.
      GF_SECURITY_ADMIN_PASSWORD: "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD to the Grafana admin password}",
      GF_AUTH_ANONYMOUS_ENABLED: String(stack.grafana.anonymousViewer),
      ...(stack.grafana.anonymousViewer ? { GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer" } : {}),
      GF_USERS_ALLOW_SIGN_UP: "false",
      GF_ANALYTICS_REPORTING_ENABLED: "false",
    },
    ports: [publish(p.grafana, CONTAINER_PORTS.grafana)],
    volumes: [
      named("grafana-data", "/var/lib/grafana"),
      bind(PATHS.grafanaProvisioning, MOUNTS.grafanaProvisioning),
      ...(hasDashboards(model) ? [bind(PATHS.grafanaDashboards, MOUNTS.grafanaDashboards)] : []),
    ],
    depends_on: { [SERVICES.prometheus]: { condition: "service_healthy" } },
    healthcheck: httpCheck(`http://localhost:${CONTAINER_PORTS.grafana}/api/health`),
    restart: "unless-stopped",
  };

  services[SERVICES.collector] = {
    image: IMAGES.collector,
    command: [`--config=${MOUNTS.collector}/config.yaml`],
    ports: [publish(p.otlpGrpc, CONTAINER_PORTS.otlpGrpc), publish(p.otlpHttp, CONTAINER_PORTS.otlpHttp)],
    volumes: [bind("otel-collector", MOUNTS.collector)],
    depends_on: { [traces === "tempo" ? SERVICES.tempo : SERVICES.jaeger]: { condition: "service_started" } },
    restart: "unless-stopped",
  };

  if (traces === "jaeger") {
    services[SERVICES.jaeger] = {
      image: IMAGES.jaeger,
      ports: [publish(p.traces, CONTAINER_PORTS.jaegerUi)],
      restart: "unless-stopped",
    };
  } else {
    services[SERVICES.tempo] = {
      image: IMAGES.tempo,
      command: [`-config.file=${MOUNTS.tempo}/tempo.yaml`],
      ports: [publish(p.traces, CONTAINER_PORTS.tempoHttp)],
      volumes: [bind("tempo", MOUNTS.tempo), named("tempo-data", "/var/tempo")],
      restart: "unless-stopped",
    };
  }

  if (stack.simulator.enabled) {
    const preset = SIMULATOR_PRESETS.has(model.conventions.name) ? model.conventions.name : "lab";
    services[SERVICES.simulator] = {
      image: IMAGES.simulator,
      // The context holds the llmops package: a checkout, or the one a project installed.
      build: { context: stack.simulator.buildContext, dockerfile: "stack/simulator/Dockerfile" },
      command: [
        "node",
        "bin/run-ts.js",
        "stack/simulator/main.ts",
        "--preset",
        preset,
        // The names the conventions' strategy gives, which the stack's Prometheus scrapes as they are.
        ...(preset === model.conventions.name && model.conventions.translation !== "UnderscoreEscapingWithSuffixes" ? ["--translation", model.conventions.translation] : []),
        "--port",
        String(CONTAINER_PORTS.simulator),
        "--rps",
        String(stack.simulator.requestsPerSecond),
      ],
      environment: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://${SERVICES.collector}:${CONTAINER_PORTS.otlpHttp}`,
        OTEL_SERVICE_NAME: model.services[0]?.job ?? model.name,
      },
      ports: [publish(p.simulator, CONTAINER_PORTS.simulator)],
      depends_on: { [SERVICES.collector]: { condition: "service_started" } },
      healthcheck: httpCheck(`http://localhost:${CONTAINER_PORTS.simulator}/healthz`),
      restart: "unless-stopped",
    };
  }

  const volumes: Record<string, Record<string, never>> = {};
  for (const s of Object.values(services)) for (const v of s.volumes ?? []) if (v.type === "volume") volumes[v.source] = {};

  return {
    services,
    volumes,
    ...(secrets.length ? { secrets: Object.fromEntries(secrets.map((s) => [s, { file: `${stack.secretsDir}/${s}` }])) } : {}),
  };
}

/** Tempo: OTLP in, local blocks kept for the trace retention. */
export function tempoConfig(stack: Stack): Record<string, unknown> {
  return {
    stream_over_http_enabled: true,
    server: { http_listen_port: CONTAINER_PORTS.tempoHttp },
    distributor: {
      receivers: {
        otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${CONTAINER_PORTS.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${CONTAINER_PORTS.otlpHttp}` } } },
      },
    },
    compactor: { compaction: { block_retention: stack.traceRetention } },
    storage: { trace: { backend: "local", wal: { path: "/var/tempo/wal" }, local: { path: "/var/tempo/blocks" } } },
  };
}

export function composeFiles(model: Model): Artifact[] {
  const stack = model.stack;
  if (!stack) return [];
  const out = [yamlFile(PATHS.compose, composeFile(model, stack))];
  if (stack.traceStore === "tempo") out.push(yamlFile(PATHS.tempoConfig, tempoConfig(stack)));
  return out;
}
