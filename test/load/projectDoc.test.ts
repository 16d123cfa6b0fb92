/** llmops.yaml: a bad output setting is refused at its file, line and field. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { loadYamlProject } from "../../src/load/yaml.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";

const SLOTH = `version: "prometheus/v1"
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`;

const project = (outputs: string) => `apiVersion: llmops/v1
kind: Project
name: shop
outputs:
${outputs}`;

const refusal = (llmops: string): UserError => refusedBy(() => loadYamlProject(definitionsDir({ "llmops.yaml": llmops, "sloth.yaml": SLOTH })));

describe("llmops.yaml outputs", () => {
  it("valid settings load", () => {
    const dir = definitionsDir({ "llmops.yaml": project('  prometheusOperator: { namespace: monitoring, labels: { release: prometheus, app.kubernetes.io/part-of: llmops } }\n  mimir: { namespacePrefix: "llmops-" }\n'), "sloth.yaml": SLOTH });
    expect(loadYamlProject(dir)!.spec.outputs).toEqual({ prometheusOperator: { namespace: "monitoring", labels: { release: "prometheus", "app.kubernetes.io/part-of": "llmops" } }, mimir: { namespacePrefix: "llmops-" } });
  });
  const cases: [string, string, string, number][] = [
    ["a namespace with capitals", "  prometheusOperator:\n    namespace: Bad_NS\n", "outputs.prometheusOperator.namespace", 6],
    ["a namespace of 64 characters", `  prometheusOperator:\n    namespace: ${"n".repeat(64)}\n`, "outputs.prometheusOperator.namespace", 6],
    ["an empty namespace", '  prometheusOperator:\n    namespace: ""\n', "outputs.prometheusOperator.namespace", 6],
    ["a label key with a space", '  prometheusOperator:\n    labels:\n      "bad key!": x\n', "outputs.prometheusOperator.labels.bad key!", 7],
    ["an empty label key", '  prometheusOperator:\n    labels:\n      "": x\n', "outputs.prometheusOperator.labels.", 7],
    ["a label value with a space", "  prometheusOperator:\n    labels:\n      release: a b\n", "outputs.prometheusOperator.labels.release", 7],
    ["a ruler namespace prefix with a slash", "  mimir:\n    namespacePrefix: a/b\n", "outputs.mimir.namespacePrefix", 6],
    ["a ruler namespace prefix with a space", "  mimir:\n    namespacePrefix: a b\n", "outputs.mimir.namespacePrefix", 6],
  ];
  for (const [name, outputs, field, line] of cases) {
    it(`${name}: names llmops.yaml, its line and the field`, () => {
      const e = refusal(project(outputs));
      expect(e.where.file).toMatch(new RegExp(`llmops\\.yaml:${line}$`));
      expect(e.where.path).toBe(`document 1: ${field}`);
    });
  }
});
