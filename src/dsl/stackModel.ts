/**
 * The stack as every stack target reads it: defaults filled in, names and references checked.
 */
import { UserError } from "../errors.ts";
import { parseDuration } from "../model/duration.ts";
import type { ReceiverSpec, StackSpec } from "./stackSpec.ts";
import { checkReceiver, checkStackText } from "./stackChecks.ts";

export interface StackPorts {
  prometheus: number;
  alertmanager: number;
  grafana: number;
  traces: number;
  otlpGrpc: number;
  otlpHttp: number;
  simulator: number;
}

export type Receiver =
  | { kind: "webhook"; name: string; url: string; sendResolved: boolean }
  | { kind: "slack"; name: string; channel: string; apiUrlSecret: string; sendResolved: boolean }
  | { kind: "pagerduty"; name: string; routingKeySecret: string; sendResolved: boolean }
  | { kind: "email"; name: string; to: string; from: string; smarthost: string; authUsername?: string; authPasswordSecret?: string; sendResolved: boolean };

export interface Stack {
  traceStore: "jaeger" | "tempo";
  bindAddress: string;
  ports: StackPorts;
  retention: string;
  traceRetention: string;
  scrapeInterval: string;
  evaluationInterval: string;
  /** Scrape targets by service name; a service without an entry is not scraped under a job of its own. */
  targets: Record<string, string[]>;
  simulator: { enabled: boolean; requestsPerSecond: number; buildContext: string };
  grafana: { anonymousViewer: boolean };
  secretsDir: string;
  alerting: {
    receivers: Receiver[];
    /** `[severity, receiver]`, in routing order. */
    routes: [string, string][];
    defaultReceiver: string;
    groupWait: string;
    groupInterval: string;
    repeatInterval: string;
  };
}

export const DEFAULT_PORTS: StackPorts = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  traces: 16686,
  otlpGrpc: 4317,
  otlpHttp: 4318,
  simulator: 8000,
};

/** Container-side port of the simulator; also where default webhooks post. */
export const SIMULATOR_PORT = 8000;
export const SIMULATOR_HOST = "simulator";

const NAME = /^[a-z][a-z0-9_-]*$/;
const SECRET = /^[a-zA-Z0-9._-]+$/;
/** Relative and plain: the compose file is committed and built on other machines. */
const RELATIVE_PATH = /^(?!\/)[A-Za-z0-9@._/-]+$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:[0-9]{1,5}$/;

/** Secret names every receiver of the stack reads, in order. */
export function receiverSecrets(r: Receiver): string[] {
  switch (r.kind) {
    case "webhook":
      return [];
    case "slack":
      return [r.apiUrlSecret];
    case "pagerduty":
      return [r.routingKeySecret];
    case "email":
      return r.authPasswordSecret ? [r.authPasswordSecret] : [];
  }
}

function defaultReceivers(simulator: boolean): ReceiverSpec[] {
  const base = simulator ? `http://${SIMULATOR_HOST}:${SIMULATOR_PORT}/alerts` : "http://127.0.0.1:5001/alerts";
  return [
    { kind: "webhook", name: "oncall", url: `${base}/oncall` },
    { kind: "webhook", name: "tickets", url: `${base}/tickets` },
  ];
}

const DEFAULT_ROUTES: Record<string, string> = { page: "oncall", critical: "oncall", ticket: "tickets", warning: "tickets" };

function receiver(spec: ReceiverSpec): Receiver {
  const sendResolved = spec.sendResolved ?? true;
  const id = spec.name.replace(/-/g, "_");
  switch (spec.kind) {
    case "webhook":
      return { kind: "webhook", name: spec.name, url: spec.url, sendResolved };
    case "slack":
      return { kind: "slack", name: spec.name, channel: spec.channel, apiUrlSecret: spec.apiUrlSecret ?? `${id}_slack_api_url`, sendResolved };
    case "pagerduty":
      return { kind: "pagerduty", name: spec.name, routingKeySecret: spec.routingKeySecret ?? `${id}_pagerduty_routing_key`, sendResolved };
    case "email": {
      const password = spec.authPasswordSecret ?? (spec.authUsername ? `${id}_smtp_password` : undefined);
      return {
        kind: "email",
        name: spec.name,
        to: spec.to,
        from: spec.from,
        smarthost: spec.smarthost,
        ...(spec.authUsername ? { authUsername: spec.authUsername } : {}),
        ...(password ? { authPasswordSecret: password } : {}),
        sendResolved,
      };
    }
  }
}

/** A service as the stack scrapes it: its job label, and whether its own rules read that job. */
export interface ScrapedService {
  name: string;
  job: string;
  readsOwnJob: boolean;
}

/**
 * Defaults and checks. A service is scraped under its job when its rules read that job or its
 * targets are given; one that reads another service's series (`job="llm-agent"` in its
 * queries) gets no scrape job of its own, since scraping the same target again doubles every
 * series. Returns undefined when the stack is turned off.
 */
export function normalizeStack(spec: StackSpec | undefined, scraped: ScrapedService[], file: string): { stack?: Stack; errors: UserError[] } {
  const services = scraped.map((x) => x.name);
  const errors: UserError[] = [];
  const fail = (path: string, what: string, hint: string) => errors.push(new UserError({ file, path: `stack.${path}` }, what, hint));
  const s = spec ?? {};
  if (s.enabled === false) return { errors };
  checkStackText(s, fail);

  const ports: StackPorts = { ...DEFAULT_PORTS, ...s.ports };
  const used = new Map<number, string>();
  for (const [k, p] of Object.entries(ports)) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) fail(`ports.${k}`, `port ${p} is out of range`, "use a whole number between 1 and 65535");
    else if (used.has(p)) fail(`ports.${k}`, `host port ${p} is also used by ${used.get(p)}`, "give every published port its own number");
    else used.set(p, k);
  }

  /** `nonZero`: Alertmanager refuses a zero group_interval or repeat_interval. */
  const dur = (path: string, v: string | undefined, d: string, nonZero = false): string => {
    const text = v ?? d;
    const seconds = parseDuration(text);
    if (seconds === undefined) fail(path, `"${text}" is not a duration`, "write a number and one unit: 15s, 5m, 48h, 15d");
    else if (nonZero && seconds === 0) fail(path, `${path.split(".").pop()} cannot be zero`, "Alertmanager needs a positive interval, e.g. 5m");
    return text;
  };

  const simulator = { enabled: s.simulator?.enabled ?? true, requestsPerSecond: s.simulator?.requestsPerSecond ?? 1, buildContext: s.simulator?.buildContext ?? ".." };
  if (!RELATIVE_PATH.test(simulator.buildContext)) {
    fail("simulator.buildContext", `"${simulator.buildContext}" is not a relative path`, "a folder relative to the generated directory, e.g. ../node_modules/llmops");
  }
  if (!(simulator.requestsPerSecond > 0 && simulator.requestsPerSecond <= 100)) {
    fail("simulator.requestsPerSecond", `${simulator.requestsPerSecond} requests per second is out of range`, "use a number above 0 and at most 100");
  }

  const targets: Record<string, string[]> = {};
  for (const name of Object.keys(s.targets ?? {})) {
    if (!services.includes(name)) fail(`targets.${name}`, `"${name}" is not a service of the project`, `services are ${services.join(", ")}`);
  }
  // A target the user lists goes under one job only: the same target under two jobs stores every
  // series twice. (The simulator, the default target, stands in for each service's own.)
  const jobOf = new Map<string, { job: string; service: string }>();
  for (const { name, job, readsOwnJob } of scraped) {
    const given = s.targets?.[name];
    if (!given && !readsOwnJob) continue;
    const t = given ?? (simulator.enabled ? [`${SIMULATOR_HOST}:${SIMULATOR_PORT}`] : []);
    for (const x of t) if (!HOST_PORT.test(x)) fail(`targets.${name}`, `"${x}" is not host:port`, "e.g. \"llm-agent:8000\"");
    if (!t.length) fail(`targets.${name}`, `service "${name}" has no scrape target`, "list where Prometheus scrapes it, or keep the simulator on");
    for (const x of given ?? []) {
      const other = jobOf.get(x);
      if (other && other.job !== job) {
        fail(
          `targets.${name}`,
          `"${x}" is scraped for service "${other.service}" (job ${other.job}) and again for "${name}" (job ${job}): every series it serves would be stored twice and every sum over services doubled`,
          "list each target under one service; a service whose queries read another's job needs no target of its own",
        );
      } else jobOf.set(x, { job, service: name });
    }
    targets[name] = t;
  }

  s.alerting?.receivers?.forEach((r, i) => checkReceiver(r, `alerting.receivers[${i}]`, fail));
  const receivers = (s.alerting?.receivers ?? defaultReceivers(simulator.enabled)).map(receiver);
  const names = new Set<string>();
  receivers.forEach((r, i) => {
    if (!NAME.test(r.name)) fail(`alerting.receivers[${i}].name`, `receiver name "${r.name}" is not usable`, "use lowercase letters, digits, - and _");
    if (names.has(r.name)) fail(`alerting.receivers[${i}].name`, `receiver "${r.name}" is defined twice`, "rename one of them");
    names.add(r.name);
    if (r.kind === "webhook" && !/^https?:\/\/\S+$/.test(r.url)) fail(`alerting.receivers[${i}].url`, `"${r.url}" is not an http(s) URL`, "e.g. http://alert-sink:5001/");
    if (r.kind === "slack" && /^https?:/.test(r.channel)) fail(`alerting.receivers[${i}].channel`, "a channel looks like a URL", "the webhook URL is a secret: put it in the apiUrlSecret file, and the channel name (#alerts) here");
    for (const sec of receiverSecrets(r)) {
      if (!SECRET.test(sec)) fail(`alerting.receivers[${i}]`, `secret name "${sec}" is not usable as a file name`, "use letters, digits, ., _ and -");
    }
  });
  if (!receivers.length) fail("alerting.receivers", "no receivers", "define at least one receiver");

  const routeMap = s.alerting?.routes ?? DEFAULT_ROUTES;
  const routes = Object.entries(routeMap);
  for (const [sev, r] of routes) {
    if (!names.has(r)) fail(`alerting.routes.${sev}`, `receiver "${r}" is not defined`, `receivers are ${[...names].join(", ")}`);
  }
  const defaultReceiver = s.alerting?.defaultReceiver ?? routeMap.ticket ?? receivers[0]?.name ?? "";
  if (s.alerting?.defaultReceiver === "") fail("alerting.defaultReceiver", "the default receiver is empty", `name the receiver of alerts no route matches: ${[...names].join(", ")}; or leave it out for the ticket route's`);
  else if (defaultReceiver && !names.has(defaultReceiver)) fail("alerting.defaultReceiver", `receiver "${defaultReceiver}" is not defined`, `receivers are ${[...names].join(", ")}`);

  const stack: Stack = {
    traceStore: s.traceStore ?? "jaeger",
    bindAddress: s.bindAddress ?? "127.0.0.1",
    ports,
    retention: dur("retention", s.retention, "15d"),
    traceRetention: dur("traceRetention", s.traceRetention, "48h"),
    scrapeInterval: dur("scrapeInterval", s.scrapeInterval, "15s"),
    evaluationInterval: dur("evaluationInterval", s.evaluationInterval, "15s"),
    targets,
    simulator,
    grafana: { anonymousViewer: s.grafana?.anonymousViewer ?? false },
    secretsDir: s.secretsDir ?? "../secrets",
    alerting: {
      receivers,
      routes,
      defaultReceiver,
      groupWait: dur("alerting.groupWait", s.alerting?.groupWait, "30s"),
      groupInterval: dur("alerting.groupInterval", s.alerting?.groupInterval, "5m", true),
      repeatInterval: dur("alerting.repeatInterval", s.alerting?.repeatInterval, "4h", true),
    },
  };
  if (!/^[0-9.]+$|^\[[0-9a-fA-F:]+\]$/.test(stack.bindAddress)) fail("bindAddress", `"${stack.bindAddress}" is not an IP address`, "e.g. 127.0.0.1, or 0.0.0.0 to publish on every interface");
  return { stack, errors };
}
