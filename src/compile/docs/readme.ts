/** generated/README.md: how to start the stack, its URLs, routing, and the SLO catalogue. */
import { receiverSecrets, type Receiver, type Stack } from "../../dsl/stackModel.ts";
import { exact, num } from "../../model/numbers.ts";
import type { Model, SLI, SLO } from "../../model/types.ts";
import { periodName } from "../../model/calendar.ts";
import type { Artifact } from "../artifact.ts";
import { GROUP_BY, routeList } from "../alertmanager/config.ts";
import { thresholdAlertRule } from "../prometheus/thresholdAlerts.ts";
import { PATHS } from "../stack/layout.ts";
import { renderReadme as render } from "./readmeRender.ts";

const pct = (ratio: number) => `${num(exact(ratio * 100))}%`;

function sliText(sli: SLI): string {
  switch (sli.kind) {
    case "events":
      return sli.latency
        ? `share of \`${sli.latency.histogram}\` observations at or under ${num(sli.latency.threshold)}s`
        : `share of \`${sli.total.series}\` events that are good`;
    case "timeslice":
      return `share of ${sli.slice} slices where ${sli.measure.kind === "query" ? "the query" : sli.measure.name} ${sli.op} ${num(sli.threshold)}`;
    case "raw":
      return "error ratio from a custom query";
  }
}

/** Where an SLO's period came from, as the catalogue says it. */
const PERIOD_FROM: Record<SLO["periodFrom"], string> = {
  slo: "",
  flag: " (from --default-window: the SLO gives no window)",
  project: " (the project's defaultWindow: the SLO gives no window)",
  builtin: " (llmops's default: neither the SLO nor the project gives a window)",
};

function sloView(slo: SLO) {
  const timeslice = slo.sli.kind === "timeslice";
  return {
    name: slo.name,
    description: slo.description || "(no description)",
    objective: `${num(slo.objectivePercent)}%`,
    period: periodName(slo),
    periodFrom: PERIOD_FROM[slo.periodFrom],
    sli: sliText(slo.sli),
    budgetShare: pct(slo.budget),
    budgetUnit: timeslice ? `of ${slo.sli.kind === "timeslice" ? slo.sli.slice : ""} slices` : "of requests",
    budgetMinutes: num(exact((slo.budget * slo.periodSeconds) / 60)),
    // A calendar period's budget minutes and burn factors count it at its nominal length.
    nominal: slo.calendar && slo.calendar !== "week" ? ` (counted as ${slo.period})` : "",
    alertName: slo.alertName,
    runbook: slo.runbookUrl ?? "",
    tiers: slo.tiers.flatMap((t) =>
      t.windows.map((w) => ({
        tier: t.tier,
        severity: t.severity,
        for: t.for,
        long: w.long,
        short: w.short,
        factor: num(w.factor),
        threshold: pct(w.threshold),
        budgetPercent: num(w.budgetPercent),
        minEvents: w.minEvents ? num(w.minEvents) : "—",
      })),
    ),
  };
}

function secretWhat(r: Receiver): string {
  switch (r.kind) {
    case "slack":
      return `Slack incoming-webhook URL for receiver ${r.name}`;
    case "pagerduty":
      return `PagerDuty routing key for receiver ${r.name}`;
    case "email":
      return `SMTP password for receiver ${r.name}`;
    case "webhook":
      return "";
  }
}

function urls(stack: Stack) {
  const host = stack.bindAddress === "0.0.0.0" ? "localhost" : stack.bindAddress;
  const u = (port: number, path = "") => `http://${host}:${port}${path}`;
  const p = stack.ports;
  return [
    { name: "Grafana", url: u(p.grafana), what: "dashboards (user admin, password $GRAFANA_ADMIN_PASSWORD)" },
    { name: "Prometheus", url: u(p.prometheus), what: "metrics, rules, alerts" },
    { name: "Alertmanager", url: u(p.alertmanager), what: "routing, silences" },
    stack.traceStore === "jaeger"
      ? { name: "Jaeger", url: u(p.traces), what: "traces" }
      : { name: "Tempo", url: u(p.traces), what: "trace API (browse in Grafana)" },
    { name: "OTLP gRPC", url: u(p.otlpGrpc), what: "Collector receiver" },
    { name: "OTLP HTTP", url: u(p.otlpHttp), what: "Collector receiver" },
    ...(stack.simulator.enabled ? [{ name: "Simulator", url: u(p.simulator, "/metrics"), what: "simulated LLM agent" }] : []),
  ];
}

export function readme(model: Model, stack: Stack): string {
  const host = stack.bindAddress === "0.0.0.0" ? "localhost" : stack.bindAddress;
  return render({
    project: model.name,
    bindAddress: stack.bindAddress,
    secretsDir: stack.secretsDir,
    secrets: stack.alerting.receivers.flatMap((r) => receiverSecrets(r).map((name) => ({ name, what: secretWhat(r) }))),
    urls: urls(stack),
    simulator: stack.simulator.enabled ? `http://${host}:${stack.ports.simulator}` : "",
    groupBy: GROUP_BY.join(", "),
    routes: routeList(stack),
    defaultReceiver: stack.alerting.defaultReceiver,
    inhibitions: [
      "A firing page silences the ticket of the same service and SLO.",
      "A critical alert silences the warning of the same alert and service.",
    ],
    services: model.services.map((s) => ({
      name: s.name,
      slos: s.slos.map(sloView),
      alerts: s.alerts.map((a) => {
        const rule = thresholdAlertRule(a, model.conventions.labels.service);
        return { name: a.name, severity: a.severity, for: a.for, summary: (rule.annotations.summary ?? "").replace(/\|/g, "\\|") };
      }),
    })),
  });
}

export function readmeFiles(model: Model): Artifact[] {
  return model.stack ? [{ path: PATHS.readme, content: readme(model, model.stack).replace(/\n{3,}/g, "\n\n") }] : [];
}
