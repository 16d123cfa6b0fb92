/** Bad YAML definitions: exit 2, naming file, document and field; the output folder untouched. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, tempDir } from "../helpers.ts";
import { listFiles } from "../../src/write/index.ts";

const SLOTH_OK = `version: "prometheus/v1"
service: "checkout"
slos:
  - name: "availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`;

const OPENSLO_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: checkout
  indicatorRef: checkout-errors
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;

const CASES: { name: string; files: Record<string, string>; file: string; path: string; message: RegExp }[] = [
  {
    name: "a wrong OpenSLO kind",
    files: { "slo.yaml": OPENSLO_SLO.replace("kind: SLO", "kind: ServiceLevelObjective") },
    file: "slo.yaml:2",
    path: "document 1: kind",
    message: /must be one of "SLO", "SLI"/,
  },
  {
    name: "a missing objective",
    files: { "sloth.yaml": SLOTH_OK.replace("    objective: 99.9\n", "") },
    file: "sloth.yaml:4",
    path: "document 1: slos[0].objective",
    message: /missing required field/,
  },
  {
    name: "a query without {{.window}}",
    files: {
      "sloth.yaml": `${SLOTH_OK}  - name: "latency"
    objective: 99
    sli:
      events:
        error_query: sum(rate(http_requests_slow_total[5m]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`,
    },
    file: "sloth.yaml:14",
    path: "document 1: slos[1].sli.events.error_query",
    message: /no \{\{\.window\}\} placeholder/,
  },
  {
    name: "a dangling indicatorRef",
    files: { "all.yaml": `${SLOTH_OK}---\n${OPENSLO_SLO}` },
    file: "all.yaml:17",
    path: "document 2: spec.indicatorRef",
    message: /SLI "checkout-errors" is not defined/,
  },
  {
    name: "a YAML syntax error",
    files: { "broken.yaml": SLOTH_OK.replace('service: "checkout"', 'service: "checkout\n  bad: [') },
    file: "broken.yaml:",
    path: "document 1",
    message: /YAML syntax error/,
  },
  {
    name: "a calendar window of two months",
    files: { "slo.yaml": OPENSLO_SLO.replace("  budgetingMethod", "  timeWindow:\n    - duration: 2M\n      calendar:\n        startTime: 2024-01-01 00:00:00\n        timeZone: UTC\n  budgetingMethod") },
    file: "slo.yaml:",
    path: "document 1: spec.timeWindow[0].duration",
    message: /calendar-aligned time window of "2M" is not supported/,
  },
  {
    name: "a Sloth SLI plugin",
    files: { "sloth.yaml": SLOTH_OK.replace(/    sli:\n[\s\S]*$/, "    sli:\n      plugin:\n        id: sloth-common/availability\n") },
    file: "sloth.yaml:",
    path: "document 1: slos[0].sli.plugin",
    message: /plugins are not supported/,
  },
];

describe("bad YAML definitions", () => {
  for (const c of CASES) {
    it(`${c.name}: exit 2 naming file, document and field; generated/ untouched`, async () => {
      const dir = definitionsDir(c.files);
      const out = tempDir();
      writeFileSync(join(out, "keep.txt"), "before\n");
      const r = await cli(["generate", "--definitions", dir, "--out", out, "--json"]);
      expect(r.code).toBe(2);
      const report = JSON.parse(r.stdout) as { ok: boolean; error: { file: string; path: string; message: string; hint: string } };
      expect(report.ok).toBe(false);
      expect(report.error.file).toContain(c.file);
      expect(report.error.path).toBe(c.path);
      expect(report.error.message).toMatch(c.message);
      expect(report.error.hint.length).toBeGreaterThan(0);
      expect(listFiles(out)).toEqual(["keep.txt"]);
      expect(readFileSync(join(out, "keep.txt"), "utf8")).toBe("before\n");
      // Human text names the same place on stderr.
      const text = await cli(["generate", "--definitions", dir, "--out", out]);
      expect(text.code).toBe(2);
      expect(text.stderr).toContain(`${c.path}: `);
    });
  }
});
