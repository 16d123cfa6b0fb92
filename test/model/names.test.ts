/**
 * Names that fit every target: whatever a name's length, each file name stays within one path
 * segment, each rule group and ruler namespace within what Mimir stores, and the full name stays
 * in labels and titles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RULE_GROUP_NAME_MAX, SERVICE_LABEL } from "../../src/compile/prometheus/names.ts";
import { bounded } from "../../src/model/names.ts";
import { listFiles } from "../../src/write/index.ts";
import { cli, definitionsDir, project, tempDir } from "../helpers.ts";

const long = (end: string) => `${"a".repeat(300)}-${end}`;

describe("bounded names", () => {
  it("keeps a name that fits and shortens one that does not, with a hash of the whole", () => {
    expect(bounded("llm-agent", 200)).toBe("llm-agent");
    const a = bounded(long("one"), 200);
    const b = bounded(long("two"), 200);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^a+-[0-9a-f]{8}$/);
    expect(bounded(long("one"), 200), "stable across calls").toBe(a);
  });

  it("counts bytes and never cuts a character in half", () => {
    const s = bounded("é".repeat(300), 100);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(100);
    expect(s).not.toContain("\uFFFD");
  });
});

describe("generate with names of 300 characters", () => {
  it("writes file names within 255 bytes, distinct for names that differ only at the end, and validate passes", async () => {
    const svc = (end: string) => `service({ name: "${long(end)}", slos: [slo({ name: "${long("slo")}", objective: 99, sli: sli.availability() })] })`;
    const index = project(`[${svc("x")}, ${svc("y")}]`).replace(`services:`, `outputs: { prometheusOperator: true, mimir: { namespacePrefix: "team-" } },\n  services:`);
    const defs = definitionsDir({ "index.ts": index });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);

    const files = listFiles(out);
    for (const f of files) for (const seg of f.split("/")) expect(Buffer.byteLength(seg), f).toBeLessThanOrEqual(255);
    for (const dir of ["prometheus/rules/", "prometheus/tests/", "mimir/", "kubernetes/"]) {
      expect(files.filter((f) => f.startsWith(dir)), dir).toHaveLength(2);
    }

    const mimir = files.filter((f) => f.startsWith("mimir/")).map((f) => parse(readFileSync(join(out, f), "utf8")) as { namespace: string; groups: { name: string; rules: { labels?: Record<string, string> }[] }[] });
    const names = [...mimir.map((m) => m.namespace), ...mimir.flatMap((m) => m.groups.map((g) => g.name))];
    for (const n of names) expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(RULE_GROUP_NAME_MAX);
    expect(new Set(names).size, "no two groups or namespaces share a name").toBe(names.length);
    expect(mimir.map((m) => m.namespace).every((n) => n.startsWith("team-aaa"))).toBe(true);
    const services = mimir.flatMap((m) => m.groups.flatMap((g) => g.rules.map((x) => x.labels?.[SERVICE_LABEL]))).filter(Boolean);
    expect(new Set(services), "labels keep the full name").toEqual(new Set([long("x"), long("y")]));

    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});
