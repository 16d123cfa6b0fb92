/** Documents llmops does not read are refused as what their header says they are. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readYamlServices } from "../../src/load/yaml.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";

function refusal(yaml: string) {
  const dir = definitionsDir({ "x.yaml": yaml });
  return refusedBy(() => readYamlServices([join(dir, "x.yaml")]));
}

describe("a document of a format llmops does not read names that format", () => {
  const cases: [string, string, string, RegExp][] = [
    ["a Sloth version other than prometheus/v1", 'version: "prometheus/v2"\nservice: x\nslos: []\n', "version", /^Sloth spec version "prometheus\/v2" is not one llmops reads$/],
    ["a Sloth version that is a number", "version: 1\nservice: x\n", "version", /^Sloth spec version 1 is not one llmops reads$/],
    ["a PrometheusServiceLevel of another apiVersion", "apiVersion: sloth.slok.dev/v2\nkind: PrometheusServiceLevel\nspec: {}\n", "apiVersion", /PrometheusServiceLevel of apiVersion "sloth\.slok\.dev\/v2"/],
    ["a PrometheusServiceLevel without apiVersion", "kind: PrometheusServiceLevel\nspec: {}\n", "apiVersion", /needs apiVersion: sloth\.slok\.dev\/v1/],
    ["another kind of Sloth's API", "apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevelList\nitems: []\n", "kind", /Sloth's Kubernetes kind "PrometheusServiceLevelList"/],
    ["a Prometheus Operator PrometheusRule", "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {}\n", "kind", /^a Prometheus Operator PrometheusRule is not an SLO spec$/],
    ["a Prometheus Operator ServiceMonitor", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nspec: {}\n", "kind", /^a Prometheus Operator ServiceMonitor is not an SLO spec$/],
    ["a Prometheus rule file", "groups:\n  - name: g\n    rules: []\n", "groups", /^a Prometheus rule file is not an SLO spec$/],
    ["another Kubernetes object", "apiVersion: apps/v1\nkind: Deployment\nspec: {}\n", "apiVersion", /^a Kubernetes Deployment \(apps\/v1\) is not an SLO spec$/],
  ];
  for (const [name, yaml, field, what] of cases) {
    it(name, () => {
      const e = refusal(yaml);
      expect(e.where.path).toBe(`document 1: ${field}`);
      expect(e.message).toMatch(what);
      expect(e.hint.length).toBeGreaterThan(20);
    });
  }

  it("a mapping whose header says nothing gets the list of what llmops reads", () => {
    const e = refusal("name: checkout\nobjective: 99.9\n");
    expect(e.where.path).toBe("document 1");
    expect(e.message).toMatch(/^not a Sloth, OpenSLO/);
    expect(e.hint).toMatch(/apiVersion: sloth\.slok\.dev\/v1/);
  });

  it("leaves Pyrra's apiVersion to the Pyrra importer", () => {
    const e = refusal("apiVersion: pyrra.dev/v1alpha1\nkind: Nonsense\nspec: {}\n");
    expect(e.message).not.toMatch(/is not an SLO spec/);
  });
});
