/** The CLI contract: exit codes, messages naming where/what/hint, generated/ untouched on error. */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../src/write/index.ts";
import { cli, definitionsDir, project, ROOT, tempDir } from "../helpers.ts";

const ok = `[service({ name: "svc", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })]`;

function withSlo(slo: string, extra = ""): string {
  return project(`[service({ name: "svc", slos: [${slo}]${extra} })]`);
}

/** Every file under `dir` with its content and inode: equal only if nothing was rewritten. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) out[f] = `${statSync(join(dir, f)).ino} ${readFileSync(join(dir, f), "utf8")}`;
  return out;
}

/** A generated/ folder with a sentinel file, to prove errors leave it exactly as it was. */
function outWithSentinel(): string {
  const out = join(tempDir(), "generated");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "sentinel.txt"), "keep me\n");
  return out;
}

const BAD: { name: string; files: Record<string, string>; where: RegExp; what: RegExp }[] = [
  { name: "objective of 150%", files: { "index.ts": withSlo(`slo({ name: "a", objective: 150, sli: sli.availability() })`) }, where: /index\.ts:\d+.*slos\[0\] "a"\.objective/, what: /objective 150 is out of range/ },
  { name: "objective of 0", files: { "index.ts": withSlo(`slo({ name: "a", objective: 0, sli: sli.availability() })`) }, where: /objective/, what: /out of range/ },
  { name: "objective of 100", files: { "index.ts": withSlo(`slo({ name: "a", objective: 100, sli: sli.availability() })`) }, where: /objective/, what: /out of range/ },
  { name: "unknown window", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, window: "1mo", sli: sli.availability() })`) }, where: /slos\[0\] "a"\.window/, what: /unknown window "1mo"/ },
  { name: "latency threshold off the buckets", files: { "index.ts": withSlo(`slo({ name: "lat", objective: 95, sli: sli.latency({ threshold: 4 }) })`) }, where: /"lat"\.sli\.threshold/, what: /4s is not a bucket bound of llm_request_duration_seconds/ },
  { name: "unknown metric", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, sli: sli.ratio({ events: { metric: "llm_requets_total" }, bad: { status: "error" } }) })`) }, where: /sli\.events/, what: /metric "llm_requets_total" is not in the "lab" conventions/ },
  { name: "unknown signal", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, sli: { kind: "ratio", events: "latency" } as never })`) }, where: /slos\[0\]\.sli\.events|sli\.events/, what: /must be one of|not in/ },
  { name: "two SLOs with one name", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, sli: sli.availability() }), slo({ name: "a", objective: 98, sli: sli.availability() })`) }, where: /slos\[1\] "a"/, what: /two SLOs named "a" in service "svc"/ },
  { name: "a name that cannot be a rule name", files: { "index.ts": withSlo(`slo({ name: "High Latency!", objective: 99, sli: sli.availability() })`) }, where: /"High Latency!"/, what: /cannot become a rule label and alert name/ },
  { name: "a label name that cannot be a label", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, labels: { "team-name": "x" }, sli: sli.availability() })`) }, where: /labels/, what: /"team-name" cannot be a Prometheus label name/ },
  { name: "an alert name that cannot be an alert", files: { "index.ts": project(`[service({ name: "svc", alerts: [alert.serviceDown({ name: "llm down" })] })]`) }, where: /alerts\[0\] "llm down"/, what: /cannot be an alert name/ },
  { name: "a TypeScript syntax error", files: { "index.ts": project(ok).replace("export default", "export default {{") }, where: /index\.ts:\d+/, what: /TypeScript syntax error/ },
  { name: "an unknown field", files: { "index.ts": withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), budgett: 3 } as never)`) }, where: /slos\[0\]/, what: /unknown field "budgett"/ },
];

describe("bad input: exit 2, where + what + hint, generated/ untouched", () => {
  it.each(BAD)("$name", async ({ files, where, what }) => {
    const defs = definitionsDir(files);
    const out = outWithSentinel();
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).toMatch(/hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(readdirSync(out)).toEqual(["sentinel.txt"]);
  });

  it("a missing definitions path", async () => {
    const out = outWithSentinel();
    const r = await cli(["generate", "--definitions", "/nonexistent/defs", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/defs: definitions path does not exist\n  hint: /);
    expect(readdirSync(out)).toEqual(["sentinel.txt"]);
  });

  it("unknown options are usage errors", async () => {
    const r = await cli(["generate", "--frobnicate"]);
    expect(r.code).toBe(2);
  });
});

describe("generate", () => {
  it("writes atomically, prunes what it no longer produces, keeps the user's files, and --check reports drift", async () => {
    const two = `[service({ name: "svc", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] }), service({ name: "other", slos: [slo({ name: "availability", objective: 99, sli: sli.availability() })] })]`;
    const defs = definitionsDir({ "index.ts": project(two) });
    const out = join(tempDir(), "generated");
    const first = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(out, "prometheus/rules/other.yaml"))).toBe(true);
    expect(readFileSync(join(out, ".llmops-manifest.json"), "utf8")).toContain('"prometheus/rules/other.yaml"');
    writeFileSync(join(out, "kustomization.yaml"), "resources: []\n");

    writeFileSync(join(defs, "index.ts"), project(ok));
    const second = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(join(out, "prometheus/rules/other.yaml")), "a file no longer produced is removed").toBe(false);
    expect(readFileSync(join(out, "kustomization.yaml"), "utf8"), "a file llmops did not write is kept").toBe("resources: []\n");
    expect(second.stdout).toMatch(/kept 1 file llmops did not write:\n\s+kept\s+kustomization\.yaml/);

    expect((await cli(["generate", "--check", "--definitions", defs, "--out", out])).code).toBe(0);
    writeFileSync(join(out, "prometheus/rules/svc.yaml"), "edited\n");
    writeFileSync(join(defs, "index.ts"), project(two));
    const check = await cli(["generate", "--check", "--definitions", defs, "--out", out]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/stale\s+prometheus\/rules\/svc\.yaml/);
    expect(check.stdout).toMatch(/missing\s+prometheus\/rules\/other\.yaml/);
    expect(check.stdout).not.toMatch(/kustomization/);
    expect(readFileSync(join(out, "prometheus/rules/svc.yaml"), "utf8")).toBe("edited\n");
  });

  it("rewrites only what changed: unchanged files are linked into the new tree, not written again", async () => {
    const defs = definitionsDir({ "index.ts": project(ok) });
    const out = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
    const dashboard = join(out, "grafana/dashboards/SLOs/slo-svc-availability.json");
    const before = { ino: statSync(dashboard).ino, text: readFileSync(dashboard, "utf8"), rules: readFileSync(join(out, "prometheus/rules/svc.yaml"), "utf8") };
    // A label of the SLO goes on its rules and their tests, not on the dashboard (which shows the runbook, so a runbook would not do).
    writeFileSync(join(defs, "index.ts"), project(ok.replace("objective: 99.5,", 'objective: 99.5, labels: { team: "payments" },')));
    const r = JSON.parse((await cli(["generate", "--definitions", defs, "--out", out, "--json"])).stdout) as { written: string[]; files: string[] };
    expect(r.written).toEqual(["prometheus/rules/svc.yaml", "prometheus/tests/svc.test.yaml"]);
    expect(readFileSync(join(out, "prometheus/rules/svc.yaml"), "utf8")).not.toBe(before.rules);
    expect(readFileSync(dashboard, "utf8")).toBe(before.text);
    expect(statSync(dashboard).ino, "an unchanged file keeps its inode (hard link)").toBe(before.ino);
    expect(readdirSync(dirname(out))).toEqual(["generated"]);
  });

  it("a user error found while writing (a dashboard uid an SLO dashboard takes) leaves the output untouched", async () => {
    const defs = definitionsDir({
      "index.ts": `import { dashboard, defineProject, panel, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "test",
  conventions: presets.lab(),
  services: ${`[service({ name: "svc", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })]`},
  dashboards: [dashboard({ title: "Mine", uid: "slo-svc-availability", panels: [panel.stat({ title: "Up", description: "Targets up.", unit: "short", queries: () => [{ expr: "up" }] })] })],
});
`,
    });
    const out = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", definitionsDir({ "index.ts": project(ok) }), "--out", out])).code).toBe(0);
    writeFileSync(join(out, "sentinel.txt"), "keep me\n");
    const before = tree(out);
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/uid "slo-svc-availability" is also the uid of dashboard "Mine"\n  hint: /);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(dirname(out)), "no staging tree is left behind").toEqual(["generated"]);
  });

  it("is deterministic: the same definitions give byte-identical files", async () => {
    const a = join(tempDir(), "a");
    const b = join(tempDir(), "b");
    await cli(["generate", "--out", a]);
    await cli(["generate", "--out", b]);
    const files = readdirSync(join(a, "prometheus/rules"));
    for (const f of files) expect(readFileSync(join(a, "prometheus/rules", f), "utf8")).toBe(readFileSync(join(b, "prometheus/rules", f), "utf8"));
  });

  it("never reads its own output as definitions, even inside the definitions folder", async () => {
    const ts = definitionsDir({ "index.ts": project(`[service({ name: "a", slos: [slo({ name: "ok", objective: 99, sli: sli.availability() })] })]`), "slos/b.yaml": readFileSync(join(ROOT, "test/fixtures/interop/checkout.sloth.yaml"), "utf8") });
    const yaml = definitionsDir({ "b.yaml": readFileSync(join(ROOT, "test/fixtures/interop/checkout.sloth.yaml"), "utf8") });
    for (const dir of [ts, yaml]) {
      for (const args of [[], [], ["--check"]]) {
        const r = await cli(["generate", ...args, "--definitions", dir, "--out", join(dir, "generated")], { cwd: dir });
        expect(r.code, r.stderr).toBe(0);
      }
      expect(readdirSync(join(dir, "generated/prometheus/rules")).length).toBeGreaterThan(0);
      expect((await cli(["validate", "--definitions", dir, "--out", join(dir, "generated")], { cwd: dir })).code).toBe(0);
    }
  }, 120_000);

  it("the committed generated/ is fresh", async () => {
    const r = await cli(["generate", "--check"]);
    expect(r.stdout + r.stderr).toMatch(/up to date/);
    expect(r.code).toBe(0);
  });

  it("--json prints one JSON document", async () => {
    const r = await cli(["generate", "--check", "--json"]);
    const report = JSON.parse(r.stdout) as { ok: boolean; files: string[] };
    expect(report.ok).toBe(true);
    expect(report.files).toContain("prometheus/rules/llm-agent.yaml");
  });
});

describe("validate", () => {
  it("a missing promtool is exit 3 with install instructions", async () => {
    const r = await cli(["validate", "--promtool", "/nonexistent/promtool"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/apt-get install -y prometheus/);
  });

  it("flags a rule file promtool rejects, with exit 1", async () => {
    const dir = tempDir();
    cpSync(join(ROOT, "generated"), join(dir, "generated"), { recursive: true });
    const f = join(dir, "generated/prometheus/rules/llm-agent.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace("expr: vector(0.995)", "expr: vector(0.995"));
    const r = await cli(["validate", "--out", join(dir, "generated")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+promql\s+prometheus\/rules\/llm-agent\.yaml/);
    expect(r.stdout).toMatch(/FAIL\s+promtool check rules\s+prometheus\/rules\/llm-agent\.yaml/);
  });
});
