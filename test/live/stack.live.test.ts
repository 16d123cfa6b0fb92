/**
 * The generated configs, live: the simulator, Prometheus 2.42 and Alertmanager 0.25 run natively
 * on 127.0.0.1 with the generated prometheus.yml, rules and alertmanager.yml. The only changes are
 * test-only overrides written to a temp dir: loopback targets and ports, 1s intervals, alerts
 * without `for`, Alertmanager receivers pointed at a webhook inside this test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { dashboardExprs, findBinary, freePort, getJson, start, stopAll, waitFor, type Proc } from "./harness.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const GEN = join(ROOT, "generated");

interface RuleGroup {
  name: string;
  rules: { record?: string; alert?: string; for?: string; labels?: Record<string, string> }[];
}
interface PromConfig {
  global: Record<string, string>;
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}
interface AmConfig {
  route: { receiver: string; group_wait?: string; group_interval?: string; repeat_interval?: string; routes?: { receiver: string; matchers: string[] }[] };
  receivers: { name: string }[];
}
interface Webhook {
  receiver: string;
  body: { status: string; receiver: string; alerts: { status: string; labels: Record<string, string> }[] };
}
type QueryResult = { status: string; data: { resultType: string; result: unknown[] } };

const ports = { sim: 0, prom: 0, am: 0, hook: 0 };
let tmp = "";
let hook: Server | undefined;
const hooks: Webhook[] = [];
let prometheus: Proc | undefined;
let alertmanager: Proc | undefined;
let simulator: Proc | undefined;
const groups: RuleGroup[] = [];
let am: AmConfig;

const promUrl = (path: string) => `http://127.0.0.1:${ports.prom}${path}`;
const query = (q: string) => getJson<QueryResult>(promUrl(`/api/v1/query?query=${encodeURIComponent(q)}`));
const logs = () => [simulator, prometheus, alertmanager].map((p) => (p ? `--- ${p.name}\n${p.output().slice(-3000)}` : "")).join("\n");

function writePrometheusOverride(): string {
  const cfg = parse(readFileSync(join(GEN, "prometheus/prometheus.yml"), "utf8")) as PromConfig;
  const loopback: Record<string, string> = {
    "simulator:8000": `127.0.0.1:${ports.sim}`,
    "localhost:9090": `127.0.0.1:${ports.prom}`,
    "alertmanager:9093": `127.0.0.1:${ports.am}`,
  };
  mkdirSync(join(tmp, "rules"));
  const ruleFiles = cfg.rule_files.map((rel) => {
    const doc = parse(readFileSync(join(GEN, "prometheus", rel), "utf8")) as { groups: RuleGroup[] };
    groups.push(...doc.groups);
    // Test-sized `for`: alerts fire on the first evaluation that holds.
    for (const g of doc.groups) for (const r of g.rules) if (r.alert) delete r.for;
    const out = join(tmp, "rules", basename(rel));
    writeFileSync(out, stringify(doc));
    return out;
  });
  const override: PromConfig = {
    ...cfg,
    global: { ...cfg.global, scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${ports.am}`] }] }] },
    scrape_configs: cfg.scrape_configs
      .map((j) => ({ ...j, static_configs: j.static_configs.map((s) => ({ targets: s.targets.flatMap((t) => (loopback[t] ? [loopback[t]!] : [])) })) }))
      .filter((j) => j.static_configs.some((s) => s.targets.length)),
  };
  const path = join(tmp, "prometheus.yml");
  writeFileSync(path, stringify(override));
  return path;
}

function writeAlertmanagerOverride(): string {
  am = parse(readFileSync(join(GEN, "alertmanager/alertmanager.yml"), "utf8")) as AmConfig;
  const override = {
    ...am,
    route: { ...am.route, group_wait: "1s", group_interval: "1s", repeat_interval: "1h" },
    receivers: am.receivers.map((r) => ({ name: r.name, webhook_configs: [{ url: `http://127.0.0.1:${ports.hook}/${r.name}`, send_resolved: false }] })),
  };
  const path = join(tmp, "alertmanager.yml");
  writeFileSync(path, stringify(override));
  return path;
}

beforeAll(async () => {
  const promBin = findBinary("PROMETHEUS_BIN", ["prometheus"], "prometheus");
  const amBin = findBinary("ALERTMANAGER_BIN", ["prometheus-alertmanager", "alertmanager"], "prometheus-alertmanager");
  tmp = mkdtempSync(join(tmpdir(), "llmops-live-"));
  ports.sim = await freePort();
  ports.prom = await freePort();
  ports.am = await freePort();
  ports.hook = await freePort();

  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      try {
        hooks.push({ receiver: (req.url ?? "/").slice(1), body: JSON.parse(body) as Webhook["body"] });
      } catch {
        // not a webhook
      }
      res.end("{}");
    });
  });
  await new Promise<void>((r) => hook!.listen(ports.hook, "127.0.0.1", () => r()));

  simulator = start("simulator", process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "stack/simulator/main.ts"), "--preset", "lab", "--port", String(ports.sim), "--host", "127.0.0.1", "--rps", "10"], ROOT);
  await waitFor("the simulator", async () => (await fetch(`http://127.0.0.1:${ports.sim}/healthz`)).ok || undefined, { timeoutMs: 20_000 });
  // No errors until the test injects them, so the error alert cannot fire early.
  await fetch(`http://127.0.0.1:${ports.sim}/faults`, { method: "POST", body: JSON.stringify({ errors: 0 }) });

  alertmanager = start("alertmanager", amBin, [
    `--config.file=${writeAlertmanagerOverride()}`,
    `--storage.path=${join(tmp, "am-data")}`,
    `--web.listen-address=127.0.0.1:${ports.am}`,
    "--cluster.listen-address=",
  ]);
  // The feature flags the generated compose file gives Prometheus (exemplar storage).
  const compose = parse(readFileSync(join(GEN, "compose.yaml"), "utf8")) as { services: { prometheus: { command: string[] } } };
  prometheus = start("prometheus", promBin, [
    ...compose.services.prometheus.command.filter((a) => a.startsWith("--enable-feature=")),
    `--config.file=${writePrometheusOverride()}`,
    `--storage.tsdb.path=${join(tmp, "prom-data")}`,
    `--web.listen-address=127.0.0.1:${ports.prom}`,
  ]);
  await waitFor("Alertmanager ready", async () => (await fetch(`http://127.0.0.1:${ports.am}/-/ready`)).ok || undefined, { timeoutMs: 20_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\n${logs()}`);
  });
  await waitFor("Prometheus ready", async () => (await fetch(promUrl("/-/ready"))).ok || undefined, { timeoutMs: 20_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\n${logs()}`);
  });
}, 60_000);

afterAll(async () => {
  await stopAll();
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 30_000);

describe("live: generated Prometheus config and rules", () => {
  it("loads every rule group, and every group evaluates with health ok", async () => {
    type Rules = { data: { groups: { name: string; rules: { health: string; lastError?: string; name: string }[]; lastEvaluation: string }[] } };
    const loaded = await waitFor(
      "every rule group evaluated",
      async () => {
        const r = await getJson<Rules>(promUrl("/api/v1/rules"));
        const gs = r.data.groups;
        return gs.length === groups.length && gs.every((g) => !g.lastEvaluation.startsWith("0001") && g.rules.every((x) => x.health !== "unknown")) ? gs : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const bad = loaded.flatMap((g) => g.rules.filter((r) => r.health !== "ok").map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ""}`));
    expect(bad).toEqual([]);
    expect(loaded.map((g) => g.name).sort()).toEqual(groups.map((g) => g.name).sort());
  }, 45_000);

});

describe("live: exemplars", () => {
  it("a latency query returns exemplars carrying the trace id of the simulator's span", async () => {
    type Exemplars = { status: string; data: { seriesLabels: Record<string, string>; exemplars: { labels: Record<string, string>; value: string }[] }[] };
    const expr = 'llm_request_duration_seconds_bucket{job="llm-agent"}';
    const got = await waitFor(
      "exemplars of the duration histogram",
      async () => {
        const now = Date.now() / 1000;
        const r = await getJson<Exemplars>(promUrl(`/api/v1/query_exemplars?query=${encodeURIComponent(expr)}&start=${now - 300}&end=${now + 1}`));
        const all = r.data.flatMap((s) => s.exemplars);
        return all.length ? all : undefined;
      },
      { timeoutMs: 20_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${logs()}`);
    });
    expect(got[0]!.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
  }, 30_000);
});

describe("live: a fault fires an alert that reaches its receiver through Alertmanager", () => {
  it("an error burst fires HighLLMErrorRate, routed by severity to its receiver; the page silences the ticket of the same SLO", async () => {
    const firing = await query('ALERTS{alertname="HighLLMErrorRate"}');
    expect(firing.data.result).toEqual([]);
    const route = am.route.routes?.find((r) => r.matchers.includes('severity="critical"'));
    const expected = route?.receiver ?? am.route.receiver;

    const res = await fetch(`http://127.0.0.1:${ports.sim}/faults`, { method: "POST", body: JSON.stringify({ errors: 0.5 }) });
    expect(res.ok).toBe(true);

    const got = await waitFor(
      "HighLLMErrorRate at the webhook",
      async () => hooks.find((h) => h.body.alerts.some((a) => a.labels.alertname === "HighLLMErrorRate" && a.status === "firing")),
      { timeoutMs: 60_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; webhooks so far: ${JSON.stringify(hooks.map((h) => [h.receiver, h.body.alerts.map((a) => a.labels.alertname)]))}\n${logs()}`);
    });
    expect(got.receiver).toBe(expected);
    expect(got.body.receiver).toBe(expected);
    const alert = got.body.alerts.find((a) => a.labels.alertname === "HighLLMErrorRate")!;
    expect(alert.labels).toMatchObject({ severity: "critical", llmops_service: "llm-agent" });

    type AmAlert = { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } };
    const filter = encodeURIComponent('alertname="AvailabilityErrorBudgetBurn"');
    const ticket = await waitFor(
      "the availability ticket inhibited by its page",
      async () => {
        const alerts = await getJson<AmAlert[]>(`http://127.0.0.1:${ports.am}/api/v2/alerts?filter=${filter}`);
        const page = alerts.find((a) => a.labels.llmops_tier === "page");
        const t = alerts.find((a) => a.labels.llmops_tier === "ticket");
        return page && t && t.status.inhibitedBy.length ? t : undefined;
      },
      { timeoutMs: 45_000 },
    );
    expect(ticket.status.state).toBe("suppressed");
  }, 120_000);
});

describe("live: recording rules", () => {
  // After the error burst: SLIs imported from Sloth/OpenSLO divide a bare error rate, which has
  // no series until the first error.
  it("every recording rule returns samples from the simulator's data", async () => {
    const records = new Map<string, string>();
    for (const g of groups) {
      for (const r of g.rules) {
        if (!r.record) continue;
        const m = Object.entries(r.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        const q = `${r.record}${m.length ? `{${m.join(",")}}` : ""}`;
        records.set(q, q);
      }
    }
    let missing: string[] = [];
    await waitFor(
      "samples for every recording rule",
      async () => {
        missing = [];
        for (const q of records.keys()) if (!(await query(q)).data.result.length) missing.push(q);
        return missing.length ? undefined : true;
      },
      { timeoutMs: 60_000, intervalMs: 2000 },
    ).catch(() => undefined);
    expect(missing, `recording rules without samples:\n${missing.join("\n")}`).toEqual([]);
    expect(records.size).toBeGreaterThan(0);
  }, 75_000);
});

describe("live: generated dashboards", () => {
  /** Grafana's variables, as a query with every value selected would read them. */
  function substitute(expr: string): string {
    return expr
      .replace(/\$\{?__rate_interval\}?/g, "1m")
      .replace(/\$\{?__interval\}?/g, "15s")
      .replace(/\$\{?__range\}?/g, "5m")
      .replace(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|=)\s*"\$\{?[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}?"/g, '$1=~".*"')
      .replace(/\$\{[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[a-zA-Z_][a-zA-Z0-9_]*\]\]/g, ".*");
  }

  const exprs = () => dashboardExprs(GEN);

  it("every query of every generated dashboard returns data", async () => {
    const all = exprs();
    const unique = [...new Map(all.map((e) => [substitute(e.expr), e])).entries()];
    let empty: string[] = [];
    let failed: string[] = [];
    await waitFor(
      "data for every dashboard query",
      async () => {
        empty = [];
        failed = [];
        for (const [q, e] of unique) {
          const r = await query(q).catch((err: Error) => ({ status: err.message, data: { resultType: "", result: [] } }));
          if (r.status !== "success") failed.push(`${e.file} "${e.panel}": ${q}: ${r.status}`);
          else if (!r.data.result.length) empty.push(`${e.file} "${e.panel}": ${q}`);
        }
        return empty.length || failed.length ? undefined : true;
      },
      { timeoutMs: 60_000, intervalMs: 2000 },
    ).catch(() => undefined);
    console.log(`live: ${unique.length} distinct dashboard queries (${all.length} panel targets) checked, every one required to return data`);
    expect(failed, `dashboard queries Prometheus rejected:\n${failed.join("\n")}`).toEqual([]);
    expect(empty, `dashboard queries without data:\n${empty.join("\n")}`).toEqual([]);
  }, 90_000);
});
