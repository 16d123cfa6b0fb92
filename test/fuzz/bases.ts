/**
 * Valid definitions the fuzzer starts from: one TypeScript project using every field of the
 * DSL, and one file per YAML format the loader reads. Each must generate and validate cleanly
 * (the runner checks that before it mutates them).
 */
import { Call, Raw, type Node } from "./ast.ts";

const RUNBOOK = "https://runbooks.example.com/chat";

const tier = (severity: string, forText: string): Node => ({
  severity,
  for: forText,
  labels: { team: "ml" },
  annotations: { summary: "Chat burns its error budget" },
});

const panelQueries = 'queries: (q) => [{ expr: q.requestRate() }],';

/** The TypeScript project: every field of ProjectSpec, ServiceSpec, SLOSpec, the alerts, dashboards and stack. */
export function tsProject(): Node {
  return new Call("defineProject", {
    name: "fuzz",
    conventions: new Raw("presets.lab()"),
    services: [
      new Call("service", {
        name: "chat",
        job: "chat",
        slos: [
          new Call("slo", {
            name: "availability",
            objective: 99.5,
            window: "30d",
            description: "Chat requests that succeed.",
            labels: { tier: "one" },
            runbookUrl: RUNBOOK,
            sli: { kind: "ratio", events: "requests", filter: { model: "gpt-4o" } },
            alerting: {
              name: "ChatAvailabilityBurn",
              labels: { team: "ml" },
              annotations: { description: "Error budget burn of {{ $labels.service }}" },
              page: tier("page", "2m"),
              ticket: { ...(tier("ticket", "15m") as object), windows: [{ long: "2d", short: "4h", factor: 2 }] },
            },
          }),
          new Call("slo", {
            name: "errors",
            objective: 99,
            sli: { kind: "ratio", events: { metric: "llm_requests_total" }, bad: { status: { op: "=~", value: "error|timeout" } } },
            alerting: { page: { disabled: true }, ticket: { disabled: true } },
          }),
          new Call("slo", {
            name: "successes",
            objective: 99,
            sli: { kind: "ratio", events: "requests", good: { status: { op: "!=", value: "error" } } },
            alerting: { page: { disabled: true }, ticket: { disabled: true } },
          }),
          new Call("slo", { name: "latency", objective: 95, window: "28d", sli: { kind: "latency", histogram: "duration", threshold: 3, filter: { provider: "openai" } } }),
          new Call("slo", { name: "ttft", objective: 90, window: "7d", sli: { kind: "latency", histogram: { metric: "llm_time_to_first_token_seconds" }, threshold: 1 }, alerting: { page: { disabled: true }, ticket: { disabled: true } } }),
          new Call("slo", {
            name: "cost",
            objective: 90,
            sli: { kind: "timeslice", measure: "costPerRequest", op: "<", threshold: 0.02, slice: "5m", filter: { model: "gpt-4o" } },
            alerting: { page: { disabled: true } },
          }),
          new Call("slo", {
            name: "quality-custom",
            objective: 95,
            sli: { kind: "timeslice", measure: { query: "avg(avg_over_time(llm_quality_score[{{.window}}]))", unit: "short" }, op: ">=", threshold: 3 },
            alerting: { page: { disabled: true }, ticket: { disabled: true } },
          }),
          new Call("slo", {
            name: "raw-ratio",
            objective: 99,
            sli: { kind: "raw", errorRatio: 'sum(rate(llm_requests_total{status="error"}[{{.window}}])) / sum(rate(llm_requests_total[{{.window}}]))' },
            alerting: { page: { disabled: true }, ticket: { disabled: true } },
          }),
          new Call("slo", {
            name: "raw-events",
            objective: 99,
            sli: { kind: "raw", errorQuery: 'sum(rate(llm_requests_total{status="error"}[{{.window}}]))', totalQuery: "sum(rate(llm_requests_total[{{.window}}]))" },
            alerting: { page: { disabled: true }, ticket: { disabled: true } },
          }),
        ],
        alerts: [
          new Call("alert.latencyQuantile", {
            name: "HighChatLatency",
            quantile: 0.95,
            above: 5,
            for: "2m",
            severity: "warning",
            by: ["model"],
            labels: { team: "ml" },
            annotations: { summary: "p95 latency {{ $value }}s" },
            runbookUrl: RUNBOOK,
            filter: { provider: "openai" },
            histogram: "duration",
            window: "5m",
          }),
          new Call("alert.errorRate", { name: "HighChatErrorRate", abovePercent: 5, severity: "critical", window: "10m" }),
          new Call("alert.tokenRate", { name: "HighChatTokenRate", above: 1000, window: "5m" }),
          new Call("alert.costRate", { name: "HighChatCostRate", perHourAbove: 10, window: "1h" }),
          new Call("alert.serviceDown", { name: "ChatDown", for: "1m" }),
        ],
        spendBudget: { monthlyUsd: 500, warnAtPercent: 80, forecastWindow: "6h", severity: "warning", for: "10m", runbookUrl: RUNBOOK },
      }),
    ],
    dashboards: [
      new Call("dashboard", {
        title: "Chat Overview",
        uid: "chat-overview",
        description: "Traffic of the chat service.",
        folder: "Chat",
        tags: ["chat", "llm"],
        refresh: "30s",
        time: { from: "now-6h", to: "now" },
        variables: ["service", "model"],
        panels: [new Call("panel.stat", { title: "Requests", description: "Requests per second.", unit: "reqps", width: 6, height: 4 }, panelQueries)],
        rows: [
          {
            title: "Traffic",
            collapsed: false,
            panels: [
              new Call("panel.timeseries", { title: "Request rate", description: "Requests per second by model.", unit: "reqps", width: 12, height: 8, alerts: ["HighChatErrorRate"] }, panelQueries),
            ],
          },
          { title: "Per model", repeat: "model", panels: [new Call("panel.stat", { title: "Model requests", description: "Requests per second.", unit: "reqps" }, panelQueries)] },
        ],
      }),
    ],
    outputs: { prometheusOperator: { namespace: "monitoring", labels: { release: "prometheus" } }, mimir: { namespacePrefix: "llmops-" } },
    stack: {
      enabled: true,
      traceStore: "tempo",
      bindAddress: "127.0.0.1",
      ports: { prometheus: 19090, alertmanager: 19093, grafana: 13000, traces: 13200, otlpGrpc: 14317, otlpHttp: 14318, simulator: 18000 },
      retention: "15d",
      traceRetention: "48h",
      scrapeInterval: "15s",
      evaluationInterval: "15s",
      targets: { chat: ["chat:8000"] },
      simulator: { enabled: true, requestsPerSecond: 2 },
      grafana: { anonymousViewer: false },
      secretsDir: "../secrets",
      alerting: {
        receivers: [
          { kind: "webhook", name: "oncall", url: "http://alert-sink:5001/", sendResolved: true },
          { kind: "slack", name: "chat-slack", channel: "#chat-alerts", apiUrlSecret: "chat_slack_url" },
          { kind: "pagerduty", name: "pager", routingKeySecret: "pager_key" },
          { kind: "email", name: "mail", to: "oncall@example.com", from: "llmops@example.com", smarthost: "smtp.example.com:587", authUsername: "llmops", authPasswordSecret: "smtp_password" },
        ],
        routes: { page: "pager", critical: "oncall", ticket: "chat-slack", warning: "mail" },
        defaultReceiver: "oncall",
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: "4h",
      },
    },
  });
}

export const TS_IMPORTS = 'import { alert, dashboard, defineProject, panel, presets, service, sli, slo } from "llmops";\n';

/** index.ts of a project node. */
export function tsSource(project: Node, render: (n: Node) => string): string {
  return `${TS_IMPORTS}\nexport default ${render(project)};\n`;
}

/** Sloth `prometheus/v1`, every field. */
export function slothDoc(): Node {
  return {
    version: "prometheus/v1",
    service: "checkout",
    labels: { owner: "payments" },
    slos: [
      {
        name: "requests-availability",
        objective: 99.9,
        description: "Checkout requests that succeed.",
        labels: { category: "availability" },
        sli: {
          events: {
            error_query: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
            total_query: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
          },
        },
        alerting: {
          name: "CheckoutAvailabilityBurn",
          labels: { team: "payments" },
          annotations: { summary: "Checkout burns its error budget" },
          page_alert: { labels: { severity: "critical" }, annotations: { runbook: "https://runbooks.example.com/checkout" } },
          ticket_alert: { disable: false, labels: { severity: "warning" } },
        },
      },
      {
        name: "requests-raw",
        objective: 99,
        sli: { raw: { error_ratio_query: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}])) / sum(rate(http_requests_total{job="checkout"}[{{.window}}]))' } },
      },
    ],
  };
}

/** slothDoc() as Sloth's Kubernetes PrometheusServiceLevel: the group under spec, in camelCase. */
export function slothKubernetesDoc(): Node {
  const camel: Record<string, string> = { error_query: "errorQuery", total_query: "totalQuery", error_ratio_query: "errorRatioQuery", page_alert: "pageAlert", ticket_alert: "ticketAlert" };
  const rename = (n: Node): Node => {
    if (Array.isArray(n)) return n.map(rename);
    if (!n || typeof n !== "object" || !Object.getPrototypeOf(n) || Object.getPrototypeOf(n) !== Object.prototype) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [camel[k] ?? k, k === "labels" || k === "annotations" ? v : rename(v)]));
  };
  const { version: _, ...group } = slothDoc() as { [k: string]: Node };
  return { apiVersion: "sloth.slok.dev/v1", kind: "PrometheusServiceLevel", metadata: { name: "slo-checkout", namespace: "monitoring" }, spec: rename(group) };
}

/** OpenSLO v1: one document of each kind the loader reads, referencing each other. */
export function opensloDocs(): Node[] {
  const meta = (name: string): Node => ({ name, displayName: `${name} display`, labels: { team: "payments" } });
  return [
    { apiVersion: "openslo/v1", kind: "DataSource", metadata: meta("prom"), spec: { type: "Prometheus", description: "Prometheus", connectionDetails: { url: "http://prometheus:9090" } } },
    { apiVersion: "openslo/v1", kind: "Service", metadata: meta("shop"), spec: { description: "The shop." } },
    {
      apiVersion: "openslo/v1",
      kind: "SLI",
      metadata: meta("shop-errors"),
      spec: {
        description: "Failed shop requests.",
        ratioMetric: {
          counter: true,
          bad: { metricSource: { metricSourceRef: "prom", type: "Prometheus", spec: { query: 'sum(rate(http_requests_total{job="shop",code=~"5.."}[5m]))' } } },
          total: { metricSource: { metricSourceRef: "prom", spec: { query: 'sum(rate(http_requests_total{job="shop"}[5m]))' } } },
        },
      },
    },
    {
      apiVersion: "openslo/v1",
      kind: "AlertCondition",
      metadata: meta("fast-burn"),
      spec: { description: "Fast burn.", severity: "page", condition: { kind: "burnrate", op: "gte", threshold: 14.4, lookbackWindow: "1h", alertAfter: "2m" } },
    },
    {
      apiVersion: "openslo/v1",
      kind: "AlertPolicy",
      metadata: meta("shop-paging"),
      spec: {
        description: "Page on fast burn.",
        alertWhenBreaching: true,
        alertWhenResolved: false,
        alertWhenNoData: false,
        conditions: [
          { conditionRef: "fast-burn" },
          { kind: "AlertCondition", metadata: meta("slow-burn"), spec: { severity: "ticket", condition: { kind: "burnrate", op: "gte", threshold: 1, lookbackWindow: "3d", alertAfter: "1h" } } },
        ],
      },
    },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: meta("shop-availability"),
      spec: {
        description: "Shop requests that succeed.",
        service: "shop",
        indicatorRef: "shop-errors",
        timeWindow: [{ duration: "30d", isRolling: true }],
        budgetingMethod: "Occurrences",
        objectives: [{ displayName: "Good", target: 0.999 }],
        alertPolicies: ["shop-paging"],
      },
    },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: meta("shop-latency"),
      spec: {
        service: "shop",
        indicator: {
          metadata: { name: "shop-p95" },
          spec: { thresholdMetric: { metricSource: { type: "Prometheus", spec: { query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[5m])))' } } } },
        },
        timeWindow: [{ duration: "28d", isRolling: true }],
        budgetingMethod: "Timeslices",
        objectives: [{ op: "lte", value: 0.5, timeSliceTarget: 0.95, timeSliceWindow: "5m", targetPercent: 99 }],
      },
    },
  ];
}

/** llmops.yaml around a folder of YAML. */
export function projectDoc(): Node {
  return {
    apiVersion: "llmops/v1",
    kind: "Project",
    name: "yaml-shop",
    conventions: "otel-genai",
    outputs: { prometheusOperator: { namespace: "monitoring", labels: { release: "prometheus" } }, mimir: { namespacePrefix: "llmops-" } },
  };
}
