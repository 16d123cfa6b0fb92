/**
 * Grafana provisioning: the datasources the dashboards and alerts need, and a dashboard
 * provider that turns the directories under `dashboards/` into folders.
 */
import { yamlFile, type Artifact } from "../artifact.ts";
import { TRACE_DATASOURCES } from "../../dsl/dashboardPanel.ts";
import { hasDashboards } from "../../model/dashboards.ts";
import type { Model } from "../../model/types.ts";

/** Fixed uids, so links, trace panels and provisioned alerting can name the datasources. */
export const DATASOURCE_UIDS = { prometheus: "prometheus", alertmanager: "alertmanager" } as const;

/** Where the stack mounts `generated/grafana/dashboards` inside the Grafana container. */
export const DASHBOARDS_PATH = "/var/lib/grafana/dashboards";

/** Service addresses on the compose network. */
const URLS = { prometheus: "http://prometheus:9090", alertmanager: "http://alertmanager:9093", jaeger: "http://jaeger:16686", tempo: "http://tempo:3200" } as const;

export function datasources(model: Model): unknown {
  const c = model.conventions;
  // The stack's trace store; without a stack, Jaeger as the labs run it.
  const store = model.stack?.traceStore ?? "jaeger";
  const traces = TRACE_DATASOURCES[store];
  const requests = c.signals.requests.series.part ? `${c.signals.requests.series.metric}_${c.signals.requests.series.part}` : c.signals.requests.series.metric;
  return {
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        type: "prometheus",
        uid: DATASOURCE_UIDS.prometheus,
        access: "proxy",
        url: URLS.prometheus,
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: "POST",
          manageAlerts: true,
          prometheusType: "Prometheus",
          alertmanagerUid: DATASOURCE_UIDS.alertmanager,
          // Exemplars carrying a trace id open the trace.
          exemplarTraceIdDestinations: [{ name: "trace_id", datasourceUid: traces.uid }],
        },
      },
      {
        name: "Alertmanager",
        type: "alertmanager",
        uid: DATASOURCE_UIDS.alertmanager,
        access: "proxy",
        url: URLS.alertmanager,
        editable: false,
        jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
      },
      {
        name: store === "tempo" ? "Tempo" : "Jaeger",
        type: traces.type,
        uid: traces.uid,
        access: "proxy",
        url: URLS[store],
        editable: false,
        jsonData: {
          // From a span to the metrics of its service and model.
          tracesToMetrics: {
            datasourceUid: DATASOURCE_UIDS.prometheus,
            spanStartTimeShift: "-5m",
            spanEndTimeShift: "5m",
            tags: [
              { key: "service.name", value: c.labels.service },
              { key: "gen_ai.request.model", value: c.labels.model },
            ],
            queries: [
              { name: "Request rate", query: `sum(rate(${requests}{$__tags}[5m]))` },
              { name: "p95 latency", query: `histogram_quantile(0.95, sum by (le) (rate(${c.signals.duration.metric}_bucket{$__tags}[5m])))` },
            ],
          },
          nodeGraph: { enabled: true },
        },
      },
    ],
  };
}

export function provisioningFiles(model: Model): Artifact[] {
  const files = [yamlFile("grafana/provisioning/datasources/llmops.yaml", datasources(model))];
  if (!hasDashboards(model)) return files;
  return [
    ...files,
    yamlFile("grafana/provisioning/dashboards/llmops.yaml", {
      apiVersion: 1,
      providers: [
        {
          name: "llmops",
          orgId: 1,
          type: "file",
          disableDeletion: false,
          allowUiUpdates: false,
          updateIntervalSeconds: 30,
          options: { path: DASHBOARDS_PATH, foldersFromFilesStructure: true },
        },
      ],
    }),
  ];
}
