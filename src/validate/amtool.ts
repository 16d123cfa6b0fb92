/**
 * The real amtool on alertmanager.yml: `check-config`, then `config routes test` with alerts
 * shaped like the generated ones, proving each severity reaches the receiver its route names.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PATHS } from "../compile/stack/layout.ts";
import type { Model } from "../model/types.ts";
import { pool, run } from "./exec.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";

const tail = (s: string) => s.trim().split("\n").slice(-15).join("\n");

export interface RouteCase {
  labels: Record<string, string>;
  receiver: string;
}

/** One case per route, labelled like a real alert of that severity where the model has one. */
export function routeCases(model: Model): RouteCase[] {
  const stack = model.stack;
  if (!stack) return [];
  const burn: Record<string, string>[] = model.services.flatMap((s) => s.slos.flatMap((slo) => slo.tiers.map((t) => ({ alertname: slo.alertName, severity: t.severity, service: s.name, slo: slo.name }))));
  const threshold: Record<string, string>[] = model.services.flatMap((s) => s.alerts.map((a) => ({ alertname: a.name, severity: a.severity, service: s.name })));
  const cases: RouteCase[] = stack.alerting.routes.map(([severity, receiver]) => {
    const real = [...burn, ...threshold].find((l) => l.severity === severity);
    const labels: Record<string, string> = real ?? { alertname: "Example", severity, service: model.services[0]?.name ?? "example" };
    return { labels, receiver };
  });
  cases.push({ labels: { alertname: "Unrouted", severity: "llmops-unrouted" }, receiver: stack.alerting.defaultReceiver });
  return cases;
}

export const amtoolCheckConfig: Check = async (ctx) => {
  const file = PATHS.alertmanagerConfig;
  if (!existsSync(join(ctx.outDir, file))) return [];
  const amtool = ctx.tool("amtool");
  const path = join(ctx.outDir, file);
  const r = await run(amtool, ["check-config", path]);
  const out = (r.stdout + r.stderr).trim();
  const results: CheckResult[] = [r.code === 0 ? pass("amtool check-config", file, "ok") : fail("amtool check-config", file, tail(out))];
  if (r.code !== 0) return results;
  const cases = routeCases(ctx.model);
  const routed = await pool(cases, 4, async (c) => {
    const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
    const t = await run(amtool, ["config", "routes", "test", `--config.file=${path}`, `--verify.receivers=${c.receiver}`, ...labels]);
    const got = t.stdout.trim().split("\n")[0] ?? "";
    return t.code === 0 ? undefined : `{${labels.join(", ")}} went to ${got || "?"}, not ${c.receiver}`;
  });
  const wrong = routed.filter((x): x is string => x !== undefined);
  results.push(
    wrong.length
      ? fail("amtool routes test", file, wrong.join("\n"))
      : pass("amtool routes test", file, cases.map((c) => `${c.labels.severity}→${c.receiver}`).join(", ")),
  );
  return results;
};
