/**
 * Rules over series shaped like kube-prometheus's, live: a small exporter serves request
 * counters, and the real Prometheus scrapes it with the target labels kube-prometheus's
 * ServiceMonitors put on every series (`namespace`, `pod`, `service`, `container`, `endpoint`).
 * Two Services select the same pods, so series differ in `service` alone. The SLOs come from
 * Sloth and OpenSLO, grouped by route and keeping those labels.
 * Every recording must return samples and no rule evaluation may fail.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";
import { cli } from "../helpers.ts";
import { findBinary, freePort, getJson, start, stopAll, waitFor, type Proc } from "./harness.ts";

interface Rule {
  record?: string;
  alert?: string;
  for?: string;
  labels?: Record<string, string>;
}
type Rules = { data: { groups: { name: string; rules: { health: string; lastError?: string; name: string }[]; lastEvaluation: string }[] } };
type Query = { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };

const SLOTH = `version: prometheus/v1
service: shop-checkout
slos:
  - name: availability
    objective: 99.5
    sli:
      events:
        error_query: sum by (service, namespace, route) (rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum by (service, namespace, route) (rate(http_requests_total{job="checkout"}[{{.window}}]))
  - name: ratio
    objective: 99
    sli:
      raw:
        error_ratio_query: sum by (service, route) (rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}])) / sum by (service, route) (rate(http_requests_total{job="checkout"}[{{.window}}]))
`;

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: good-requests
spec:
  service: shop-cart
  indicator:
    metadata:
      name: cart-good
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum by (service, pod, route) (rate(http_requests_total{job="checkout",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum by (service, pod, route) (rate(http_requests_total{job="checkout"}[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;

/** Per route and code, requests so far; /pay fails one request in four, /cart none (it has no 5xx series). */
const counts = new Map<string, number>([
  ['route="/pay",code="200"', 0],
  ['route="/pay",code="503"', 0],
  ['route="/cart",code="200"', 0],
]);

let tmp = "";
let exporter: Server | undefined;
let prometheus: Proc | undefined;
let promPort = 0;
let ticker: NodeJS.Timeout | undefined;
const records = new Map<string, Record<string, string>>();
let groupCount = 0;

const query = (q: string) => getJson<Query>(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);

beforeAll(async () => {
  const promBin = findBinary("PROMETHEUS_BIN", ["prometheus"], "prometheus");
  tmp = mkdtempSync(join(tmpdir(), "llmops-kube-"));
  const defs = join(tmp, "slos");
  mkdirSync(defs);
  writeFileSync(join(defs, "checkout.sloth.yaml"), SLOTH);
  writeFileSync(join(defs, "cart.openslo.yaml"), OPENSLO);
  const gen = await cli(["generate", "--definitions", defs, "--out", join(tmp, "out")]);
  expect(gen.code, gen.stderr).toBe(0);

  const ruleFiles: string[] = [];
  for (const svc of ["shop-checkout", "shop-cart"]) {
    const doc = parse(readFileSync(join(tmp, "out/prometheus/rules", `${svc}.yaml`), "utf8")) as { groups: { name: string; rules: Rule[] }[] };
    for (const g of doc.groups) {
      groupCount++;
      for (const r of g.rules) {
        if (r.alert) delete r.for;
        if (r.record) records.set(`${r.record}{${Object.entries(r.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}}`, r.labels ?? {});
      }
    }
    const file = join(tmp, `${svc}.rules.yaml`);
    writeFileSync(file, stringify(doc));
    ruleFiles.push(file);
  }

  const exporterPort = await freePort();
  exporter = createServer((_req, res) => {
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end(["# TYPE http_requests_total counter", ...[...counts].map(([labels, n]) => `http_requests_total{${labels}} ${n}`), ""].join("\n"));
  });
  await new Promise<void>((r) => exporter!.listen(exporterPort, "127.0.0.1", () => r()));
  ticker = setInterval(() => {
    counts.set('route="/pay",code="200"', counts.get('route="/pay",code="200"')! + 3);
    counts.set('route="/pay",code="503"', counts.get('route="/pay",code="503"')! + 1);
    counts.set('route="/cart",code="200"', counts.get('route="/cart",code="200"')! + 4);
  }, 250);

  promPort = await freePort();
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    scrape_configs: [
      {
        job_name: "checkout",
        // The target labels a kube-prometheus ServiceMonitor attaches to every series it scrapes.
        // Two Kubernetes services select the same pods (a stable and a canary Service), so the
        // series of the two differ in `service` only.
        static_configs: ["checkout", "checkout-canary"].map((service) => ({
          targets: [`127.0.0.1:${exporterPort}`],
          labels: { namespace: "shop", pod: "checkout-7d9f-x2", service, container: "app", endpoint: "http" },
        })),
      },
    ],
  };
  writeFileSync(join(tmp, "prometheus.yml"), stringify(config));
  prometheus = start("prometheus", promBin, [`--config.file=${join(tmp, "prometheus.yml")}`, `--storage.tsdb.path=${join(tmp, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`]);
  await waitFor("Prometheus ready", async () => (await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok || undefined, { timeoutMs: 20_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\n${prometheus?.output().slice(-3000)}`);
  });
}, 90_000);

afterAll(async () => {
  if (ticker) clearInterval(ticker);
  await stopAll();
  await new Promise<void>((r) => (exporter ? exporter.close(() => r()) : r()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 30_000);

describe("live: SLOs over kube-prometheus-shaped series, grouped by route", () => {
  it("every rule evaluates without error and every recording returns samples, one per group", async () => {
    const loaded = await waitFor(
      "every rule group evaluated twice",
      async () => {
        const gs = (await getJson<Rules>(`http://127.0.0.1:${promPort}/api/v1/rules`)).data.groups;
        return gs.length === groupCount && gs.every((g) => !g.lastEvaluation.startsWith("0001") && g.rules.every((x) => x.health !== "unknown")) ? gs : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const bad = loaded.flatMap((g) => g.rules.filter((r) => r.health !== "ok").map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ""}`));
    expect(bad).toEqual([]);

    let missing: string[] = [];
    await waitFor(
      "samples for every recording",
      async () => {
        missing = [];
        for (const q of records.keys()) if (!(await query(q)).data.result.length) missing.push(q);
        return missing.length ? undefined : true;
      },
      { timeoutMs: 45_000, intervalMs: 1000 },
    ).catch(() => undefined);
    expect(missing, `recordings without samples:\n${missing.join("\n")}`).toEqual([]);
    expect(records.size).toBeGreaterThan(20);

    // The grouped SLIs keep their groups and the user's service label beside llmops's own. A
    // recording has samples once one group is scraped twice; wait (bounded) for every group's.
    const groups = async () => {
      const pay = await query(`slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-checkout",${SLO_LABEL}="availability",route="/pay"}`);
      const cart = await query(`slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-cart",route="/cart"}`);
      return pay.data.result.length >= 2 && cart.data.result.length >= 2 ? true : undefined;
    };
    await waitFor("every group's recording", groups, { timeoutMs: 30_000, intervalMs: 1000 }).catch(() => undefined);
    const pay = await query(`slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-checkout",${SLO_LABEL}="availability",route="/pay"}`);
    expect(pay.data.result.map((r) => [r.metric.service, r.metric.namespace]).sort()).toEqual([
      ["checkout", "shop"],
      ["checkout-canary", "shop"],
    ]);
    const byRoute = await query(`count by (route) (slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-cart"})`);
    expect(byRoute.data.result.map((r) => r.metric.route).sort()).toEqual(["/cart", "/pay"]);
    const cart = await query(`slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-cart",route="/cart"}`);
    expect(cart.data.result.map((r) => Number(r.value[1]))).toEqual([0, 0]);
    const failing = await query(`slo:sli_error:ratio_rate5m{${SERVICE_LABEL}="shop-cart",route="/pay"}`);
    expect(Number(failing.data.result[0]!.value[1])).toBeCloseTo(0.25, 1);
  }, 120_000);
});
