/**
 * prometheus.yml of the stack: one scrape job per job label the services' rules select (a
 * service that reads another's series is not scraped again), the Collector's exporter,
 * Prometheus itself; the generated rule files; Alertmanager.
 */
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { COLLECTOR_JOB, CONTAINER_PORTS, PATHS, relativeToPrometheusDir, SERVICES } from "../stack/layout.ts";
import { ruleFilePath } from "./names.ts";
import { hasRules } from "./ruleFiles.ts";

export interface ScrapeJob {
  job_name: string;
  honor_labels?: boolean;
  static_configs: { targets: string[] }[];
}

export interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string };
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: ScrapeJob[];
}

export function prometheusConfig(model: Model): PrometheusConfig | undefined {
  const stack = model.stack;
  if (!stack) return undefined;
  // Rule files are named relative to prometheus.yml: Prometheus and promtool resolve them so.
  const ruleFiles = model.services.filter((s) => hasRules(s, model)).map((s) => relativeToPrometheusDir(ruleFilePath(s.name)));
  // One job per job label; a service the stack does not scrape on its own (it reads another's series) has none.
  const byJob = new Map<string, string[]>();
  for (const s of model.services) {
    const t = stack.targets[s.name];
    if (t) byJob.set(s.job, [...new Set([...(byJob.get(s.job) ?? []), ...t])]);
  }
  const jobs: ScrapeJob[] = [...byJob].map(([job, targets]) => ({ job_name: job, static_configs: [{ targets }] }));
  jobs.push(
    // The exporter sets job/instance from each sender's service.name; keep them.
    { job_name: COLLECTOR_JOB, honor_labels: true, static_configs: [{ targets: [`${SERVICES.collector}:${CONTAINER_PORTS.collectorPrometheus}`] }] },
    { job_name: "prometheus", static_configs: [{ targets: [`localhost:${CONTAINER_PORTS.prometheus}`] }] },
    { job_name: "alertmanager", static_configs: [{ targets: [`${SERVICES.alertmanager}:${CONTAINER_PORTS.alertmanager}`] }] },
  );
  return {
    global: { scrape_interval: stack.scrapeInterval, evaluation_interval: stack.evaluationInterval },
    rule_files: ruleFiles,
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`${SERVICES.alertmanager}:${CONTAINER_PORTS.alertmanager}`] }] }] },
    scrape_configs: jobs,
  };
}

export function prometheusConfigFiles(model: Model): Artifact[] {
  const config = prometheusConfig(model);
  return config ? [yamlFile(PATHS.prometheusConfig, config)] : [];
}
