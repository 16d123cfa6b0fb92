/**
 * One target, one job. The bundled llm-providers service (a Sloth and an OpenSLO file whose
 * queries read job="llm-agent") used to get a scrape job of its own on the same simulator, so
 * every series was stored twice and every absolute rate and cost summed over $service = All
 * doubled on the shipped stack. A service that reads another's job is not scraped again; a
 * target listed under two services is refused.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, tempDir } from "../helpers.ts";

/** A TypeScript project of the YAML files given, with these stack targets. */
const withTargets = (yamlFiles: Record<string, string>, targets: Record<string, string[]>) =>
  definitionsDir({
    ...yamlFiles,
    "index.ts": `import { defineProject, fromYaml, presets } from "llmops";
export default defineProject({
  name: "shop",
  conventions: presets.lab(),
  defaultWindow: "30d",
  services: [${Object.keys(yamlFiles).map((f) => `...fromYaml("./${f}")`).join(", ")}],
  stack: { targets: ${JSON.stringify(targets)} },
});
`,
  });

interface PromConfig {
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

const slothReadingAgent = `version: prometheus/v1
service: providers
slos:
  - name: openai
    objective: 99
    sli:
      events:
        error_query: sum(rate(llm_requests_total{job="llm-agent",provider="openai",status="error"}[{{.window}}]))
        total_query: sum(rate(llm_requests_total{job="llm-agent",provider="openai"}[{{.window}}]))
`;

describe("scrape jobs", () => {
  it("scrape each target under one job: a service that reads another's job gets none of its own", async () => {
    const out = join(tempDir(), "out");
    const gen = await cli(["generate", "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const config = parse(readFileSync(join(out, "prometheus/prometheus.yml"), "utf8")) as PromConfig;
    const jobsOf = new Map<string, string[]>();
    for (const j of config.scrape_configs) for (const t of j.static_configs.flatMap((c) => c.targets)) jobsOf.set(t, [...(jobsOf.get(t) ?? []), j.job_name]);
    for (const [target, jobs] of jobsOf) expect(jobs, target).toHaveLength(1);
    expect(jobsOf.get("simulator:8000")).toEqual(["llm-agent"]);
    expect(config.scrape_configs.map((j) => j.job_name)).not.toContain("llm-providers");
  });

  it("still scrape a service that reads another's job when its targets are given", async () => {
    const dir = withTargets({ "providers.yaml": slothReadingAgent }, { providers: ["providers-exporter:9100"] });
    const gen = await cli(["generate", "--definitions", dir, "--out", join(dir, "out")]);
    expect(gen.code, gen.stderr).toBe(0);
    const config = parse(readFileSync(join(dir, "out/prometheus/prometheus.yml"), "utf8")) as PromConfig;
    expect(config.scrape_configs.find((j) => j.job_name === "providers")?.static_configs[0]?.targets).toEqual(["providers-exporter:9100"]);
  });

  it("refuse a target listed for two services, naming both, with the output untouched", async () => {
    const dir = withTargets({ "providers.yaml": slothReadingAgent, "billing.yaml": slothReadingAgent.replace("service: providers", "service: billing") }, { providers: ["agent:8000"], billing: ["agent:8000"] });
    const gen = await cli(["generate", "--definitions", dir, "--out", join(dir, "out")]);
    expect(gen.code).toBe(2);
    expect(gen.stderr).toMatch(/stack\.targets\.(billing|providers): "agent:8000" is scraped for service "(billing|providers)"/);
    expect(gen.stderr).toContain("stored twice");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
