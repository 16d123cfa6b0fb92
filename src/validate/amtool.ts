/**
 * The real amtool on alertmanager.yml: `check-config`, then `config routes test` with alerts
 * shaped like the generated ones, proving each tier and severity reaches the receiver it should.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { SERVICE_LABEL, SLO_LABEL, TIER_LABEL } from "../vocabulary/series.ts";
import { PATHS } from "../compile/stack/layout.ts";
import type { Model } from "../model/types.ts";
import { pool } from "../exec.ts";
import { printed, refusal } from "./tools.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";
import { regexLiteral } from "../promql/regex.ts";


/**
 * What is wrong with a `check-config` answer that exited 0, or undefined when it is right:
 * amtool 0.2x and 0.3x print `Checking 'PATH'  SUCCESS`, then ` - N receivers` among what
 * it found.
 */
export function checkConfigProblem(out: string, path: string, receivers: number): string | undefined {
  if (/FAILED/.test(out) || !new RegExp(`^Checking '${regexLiteral(path)}'\\s+SUCCESS\\s*$`, "m").test(out)) return `amtool exited 0 but did not report "Checking '${path}'  SUCCESS"; ${printed(out)}`;
  const m = /^\s*- (\d+) receivers\s*$/m.exec(out);
  if (!m || Number(m[1]) !== receivers) return `amtool did not report the ${receivers} receivers the file defines; ${printed(out)}`;
  return undefined;
}

/** `config routes test` prints the receivers an alert reaches, comma-separated, on its first line. */
export function routedTo(stdout: string): string {
  return stdout.trim().split("\n")[0]?.trim() ?? "";
}

export interface RouteCase {
  labels: Record<string, string>;
  receiver: string;
}

/**
 * Every (tier, severity) pair of the model's burn-rate alerts, every threshold severity and every
 * route, each labelled like a real alert where the model has one. What each should reach is said
 * here from the routing rules, not read back from the generated routes: a tier goes to the route
 * named after it, else by severity; a threshold alert by severity; the rest to the default.
 */
export function routeCases(model: Model): RouteCase[] {
  const stack = model.stack;
  if (!stack) return [];
  const routes = new Map(stack.alerting.routes);
  const bySeverity = (severity: string) => routes.get(severity) ?? stack.alerting.defaultReceiver;
  const burn: RouteCase[] = model.services.flatMap((s) =>
    s.slos.flatMap((slo) =>
      slo.tiers.map((t) => ({
        labels: { alertname: slo.alertName, severity: t.severity, [TIER_LABEL]: t.tier, [SERVICE_LABEL]: s.name, [SLO_LABEL]: slo.name },
        receiver: routes.get(t.tier) ?? bySeverity(t.severity),
      })),
    ),
  );
  const threshold: Record<string, string>[] = model.services.flatMap((s) => s.alerts.map((a) => ({ alertname: a.name, severity: a.severity, [SERVICE_LABEL]: s.name })));
  const perRoute: Record<string, string>[] = stack.alerting.routes.map(
    ([severity]) => threshold.find((l) => l.severity === severity) ?? { alertname: "Example", severity, [SERVICE_LABEL]: model.services[0]?.name ?? "example" },
  );
  const cases: RouteCase[] = [
    ...burn,
    ...[...threshold, ...perRoute].map((labels) => ({ labels, receiver: bySeverity(labels.severity ?? "") })),
    { labels: { alertname: "Unrouted", severity: "llmops-unrouted" }, receiver: stack.alerting.defaultReceiver },
  ];
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = JSON.stringify(c.labels);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** How a case reads in the check's summary: `page/pageteam→oncall`, `warning→tickets`. */
const caseName = (c: RouteCase) => `${c.labels[TIER_LABEL] ? `${c.labels[TIER_LABEL]}/` : ""}${c.labels.severity}→${c.receiver}`;

export const amtoolCheckConfig: Check = async (ctx) => {
  const file = PATHS.alertmanagerConfig;
  if (!existsSync(join(ctx.outDir, file))) return [];
  const amtool = ctx.tool("amtool");
  const path = join(ctx.outDir, file);
  const text = readFileSync(path, "utf8");
  const bytes = Buffer.byteLength(text);
  const a = await amtool.call({ sub: "check-config", args: ["check-config", path], file, bytes });
  if (!a.ok) return [fail("amtool check-config", file, a.problem)];
  if (a.result.code !== 0) return [fail("amtool check-config", file, refusal(a.result))];
  const receivers = ((parse(text) as { receivers?: unknown[] } | null)?.receivers ?? []).length;
  const problem = checkConfigProblem(a.out, path, receivers);
  if (problem) return [fail("amtool check-config", file, problem)];
  const results: CheckResult[] = [pass("amtool check-config", file, `${receivers} receivers`)];
  const cases = routeCases(ctx.model);
  const routed = await pool(cases, 4, async (c) => {
    const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
    const t = await amtool.call({ sub: "config routes test", args: ["config", "routes", "test", `--config.file=${path}`, `--verify.receivers=${c.receiver}`, ...labels], file, bytes });
    if (!t.ok) return t.problem;
    const got = routedTo(t.result.stdout);
    if (t.result.code !== 0) return `{${labels.join(", ")}} went to ${got || "?"}, not ${c.receiver}`;
    // Exit 0 alone would pass a tool that verifies nothing.
    return got === c.receiver ? undefined : `{${labels.join(", ")}}: amtool exited 0 but named ${got ? `"${got}"` : "no receiver"}, not ${c.receiver}; ${printed(t.out)}`;
  });
  const wrong = [...new Set(routed.filter((x): x is string => x !== undefined))];
  results.push(
    wrong.length
      ? fail("amtool routes test", file, wrong.join("\n"))
      : pass("amtool routes test", file, [...new Set(cases.map(caseName))].join(", ")),
  );
  return results;
};
