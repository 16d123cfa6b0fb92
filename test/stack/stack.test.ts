/** The stack targets: a definition in, compose/prometheus/alertmanager/collector files out. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { build } from "../../src/commands/build.ts";
import { checkCollectorConfig } from "../../src/validate/collector.ts";
import { checkCompose } from "../../src/validate/compose.ts";
import { artifacts, definitions, SECRET_RECEIVERS, tempDir } from "./helpers.ts";
import { SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";

type Doc = Record<string, unknown>;
const yaml = (files: Map<string, string>, path: string) => parse(files.get(path) ?? "") as Doc;

describe("compose.yaml", () => {
  it("pins every image to a supported version, never latest", async () => {
    const compose = yaml(await artifacts(), "compose.yaml") as { services: Record<string, { image: string }> };
    const images = Object.values(compose.services).map((s) => s.image);
    expect(images.every((i) => i.includes(":") && !i.endsWith(":latest"))).toBe(true);
    const tag = (repo: string) => images.find((i) => i.startsWith(`${repo}:`))?.split(":")[1] ?? "";
    expect(tag("prom/prometheus")).toMatch(/^v3\.\d+\.\d+$/);
    expect(tag("prom/alertmanager")).toMatch(/^v0\.(2[89]|[3-9]\d)\.\d+$/);
    expect(tag("grafana/grafana")).toMatch(/^12\.\d+\.\d+$/);
    expect(tag("otel/opentelemetry-collector-contrib")).toMatch(/^0\.14\d\.\d+$/);
    expect(tag("jaegertracing/jaeger")).toMatch(/^2\.\d+\.\d+$/);
  });

  it("mounts configs read-only from the generated directory and keeps data in named volumes", async () => {
    const compose = yaml(await artifacts(), "compose.yaml") as {
      services: Record<string, { volumes?: { type: string; source: string; read_only?: boolean }[] }>;
      volumes: Record<string, unknown>;
    };
    const binds = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.type === "bind"));
    expect(binds.length).toBeGreaterThan(0);
    expect(binds.every((v) => v.read_only === true && v.source.startsWith("./"))).toBe(true);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["prometheus-data", "grafana-data"]));
  });

  it("takes Grafana's admin password from the environment, with no default, and no anonymous admin", async () => {
    const env = (yaml(await artifacts(), "compose.yaml") as { services: { grafana: { environment: Record<string, string> } } }).services.grafana.environment;
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$/);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("false");
    const viewer = (yaml(await artifacts(`{ grafana: { anonymousViewer: true } }`), "compose.yaml") as { services: { grafana: { environment: Record<string, string> } } })
      .services.grafana.environment;
    expect(viewer.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe("Viewer");
  });

  it("uses Tempo with its own config when asked", async () => {
    const files = await artifacts(`{ traceStore: "tempo", traceRetention: "72h" }`);
    const compose = yaml(files, "compose.yaml") as { services: Record<string, unknown> };
    expect(Object.keys(compose.services)).toContain("tempo");
    expect(Object.keys(compose.services)).not.toContain("jaeger");
    expect(files.get("tempo/tempo.yaml")).toContain("block_retention: 72h");
    expect(files.get("otel-collector/config.yaml")).toContain("endpoint: tempo:4317");
  });

  it("generates nothing of the stack when it is turned off", async () => {
    const files = await artifacts(`{ enabled: false }`);
    expect([...files.keys()].filter((p) => /compose|alertmanager|otel|README|prometheus\.yml/.test(p))).toEqual([]);
  });

  it("is valid against the Compose schema, and the extra checks catch what the schema cannot", async () => {
    const out = tempDir();
    // Without the Grafana target's files, the mounts of its directories point at nothing.
    for (const [path, content] of [...(await artifacts())].filter(([p]) => !p.startsWith("grafana/"))) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), content);
    }
    const missing = checkCompose(out, "compose.yaml");
    expect(missing[0]!.status).toBe("pass");
    expect(missing[1]!.message).toMatch(/grafana mounts \.\/grafana\/dashboards, which does not exist/);
    mkdirSync(join(out, "grafana/provisioning"), { recursive: true });
    mkdirSync(join(out, "grafana/dashboards"), { recursive: true });
    expect(checkCompose(out, "compose.yaml").map((r) => r.status)).toEqual(["pass", "pass"]);

    writeFileSync(
      join(out, "bad.yaml"),
      "services:\n  a:\n    image: x:1\n    ports: ['127.0.0.1:80:80']\n    depends_on: [nope]\n    restart_policy: always\n  b:\n    image: x:1\n    ports: ['127.0.0.1:80:8080']\n",
    );
    const bad = checkCompose(out, "bad.yaml");
    expect(bad[0]!.message).toMatch(/restart_policy/);
    expect(bad[1]!.message).toMatch(/host port 127\.0\.0\.1:80 of b is also published by a/);
    expect(bad[1]!.message).toMatch(/a depends on "nope"/);
  });
});

describe("prometheus.yml", () => {
  it("scrapes each service under the job its rules select, the Collector, itself; loads the rule files; alerts Alertmanager", async () => {
    const p = yaml(await artifacts(), "prometheus/prometheus.yml") as {
      rule_files: string[];
      scrape_configs: { job_name: string; honor_labels?: boolean; static_configs: { targets: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    expect(p.rule_files).toEqual(["rules/llm-agent.yaml"]);
    const jobs = Object.fromEntries(p.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs["llm-agent"]!.static_configs[0]!.targets).toEqual(["simulator:8000"]);
    expect(jobs["otel-collector"]!.honor_labels).toBe(true);
    expect(jobs.prometheus).toBeDefined();
    expect(p.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual(["alertmanager:9093"]);
  });
});

describe("alertmanager.yml", () => {
  it("routes burn-rate tiers by llmops_tier, then by severity, groups by alert, service and SLO, and lets a page silence the ticket of the same SLO", async () => {
    const am = yaml(await artifacts(), "alertmanager/alertmanager.yml") as {
      route: { receiver: string; group_by: string[]; routes: { receiver: string; matchers: string[] }[] };
      inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
    };
    expect(am.route.group_by).toEqual(["alertname", SERVICE_LABEL, SLO_LABEL]);
    expect(am.route.routes.map((r) => [r.matchers[0], r.receiver])).toEqual([
      ['llmops_tier="page"', "oncall"],
      ['llmops_tier="ticket"', "tickets"],
      ['severity="page"', "oncall"],
      ['severity="critical"', "oncall"],
      ['severity="ticket"', "tickets"],
      ['severity="warning"', "tickets"],
    ]);
    // Only SLO alerts carry the tier label: `equal` would match threshold alerts that lack an slo label.
    expect(am.inhibit_rules[0]).toEqual({ source_matchers: ['llmops_tier="page"'], target_matchers: ['llmops_tier="ticket"'], equal: [SERVICE_LABEL, SLO_LABEL] });
  });

  it("reads every secret from a file that Compose mounts from outside generated/", async () => {
    const files = await artifacts(SECRET_RECEIVERS);
    const am = files.get("alertmanager/alertmanager.yml")!;
    expect(am).toContain("routing_key_file: /run/secrets/oncall_pagerduty_routing_key");
    expect(am).toContain("api_url_file: /run/secrets/chat_slack_api_url");
    expect(am).toContain("auth_password_file: /run/secrets/mail_smtp_password");
    const compose = yaml(files, "compose.yaml") as { secrets: Record<string, { file: string }>; services: { alertmanager: { secrets: string[] } } };
    expect(compose.secrets.chat_slack_api_url).toEqual({ file: "../secrets/chat_slack_api_url" });
    expect(compose.services.alertmanager.secrets).toEqual(["oncall_pagerduty_routing_key", "chat_slack_api_url", "mail_smtp_password"]);
  });

  it("rejects routes to receivers that do not exist and ports published twice", async () => {
    await expect(build(definitions(`{ alerting: { routes: { page: "nobody" } } }`))).rejects.toThrow(/receiver "nobody" is not defined/);
    await expect(build(definitions(`{ ports: { grafana: 9090 } }`))).rejects.toThrow(/host port 9090 is also used by prometheus/);
    await expect(build(definitions(`{ alerting: { receivers: [{ kind: "slack", name: "x", channel: "#a", apiUrl: "https://hooks" }] } } as never`))).rejects.toThrow(/unknown field "apiUrl"/);
  });
});

describe("otel-collector/config.yaml", () => {
  it("defines every component its pipelines use and none the Collector removed", async () => {
    const text = (await artifacts()).get("otel-collector/config.yaml")!;
    expect(checkCollectorConfig(text)).toEqual([]);
    expect(text).not.toMatch(/^\s+(jaeger|logging):/m);
    const c = parse(text) as { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
    expect(c.receivers.otlp.protocols.grpc.endpoint).toBe("0.0.0.0:4317");
    expect(c.receivers.otlp.protocols.http.endpoint).toBe("0.0.0.0:4318");
  });

  it("reports undefined, unused and removed components", () => {
    const problems = checkCollectorConfig(
      "receivers: {otlp: {}}\nexporters: {logging: {}, debug: {}}\nservice:\n  pipelines:\n    traces: {receivers: [otlp], processors: [batch], exporters: [jaeger]}\n",
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'pipeline traces uses processor "batch", which is not defined',
        'pipeline traces uses exporter "jaeger", which is not defined',
        'exporter "logging" was removed from the Collector; use otlp (traces) or debug',
      ]),
    );
  });
});

describe("README.md", () => {
  it("lists the SLO catalogue with error budgets, and Go templates come out untouched", async () => {
    const readme = (await artifacts()).get("README.md")!;
    expect(readme).toContain("| Objective | 99.5% over 30d (llmops's default: neither the SLO nor the project gives a window) |");
    expect(readme).toContain("| Error budget | 0.5% of requests, or 216 minutes of the 30d period |");
    expect(readme).toContain("| page | page | 2m | 1h / 5m | 14.4x | 7.2% | 2% |");
    expect(readme).toContain("Requests that succeed; {{ $value }} stays literal.");
    expect(readme).toContain(`\`{{ $labels.${SERVICE_LABEL} }}: LLM error rate above 5%\``);
    expect(readme).toContain("GRAFANA_ADMIN_PASSWORD");
  });

  it("shows the routes Alertmanager tries, burn-rate tiers first", async () => {
    const readme = (await artifacts()).get("README.md")!;
    const routing = readme.slice(readme.indexOf("## Alert routing"));
    expect(routing.indexOf('| `llmops_tier="page"` |')).toBeGreaterThan(0);
    expect(routing.indexOf('| `llmops_tier="page"` |')).toBeLessThan(routing.indexOf('| `severity="'));
  });
});
