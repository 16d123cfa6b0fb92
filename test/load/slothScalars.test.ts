/** Label and annotation values as Sloth reads them: YAML 1.1 plain scalars into Go strings. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { goFloat32, slothPlainScalar } from "../../src/load/slothScalars.ts";
import { readYamlServices } from "../../src/load/yaml.ts";
import { definitionsDir } from "../helpers.ts";

describe("a plain scalar becomes the string Sloth reads", () => {
  const cases: [string, string][] = [
    ["1", "1"],
    ["-7", "-7"],
    ["+5", "5"],
    ["true", "true"],
    ["True", "true"],
    ["false", "false"],
    // YAML 1.1 booleans, which YAML 1.2 reads as strings.
    ["yes", "true"],
    ["Yes", "true"],
    ["on", "true"],
    ["y", "true"],
    ["no", "false"],
    ["OFF", "false"],
    ["n", "false"],
    // Go's integer syntax: hex, octal with a leading 0 or 0o, binary, underscores.
    ["0x1F", "31"],
    ["0755", "493"],
    ["0o17", "15"],
    ["0b101", "5"],
    ["1_000", "1000"],
    ["08", "8"],
    ["18446744073709551615", "18446744073709551615"],
    // Floats print as float32 with Go's %g: shortest digits, an exponent from 1e6 on.
    ["0.50", "0.5"],
    ["1.0", "1"],
    ["99.95", "99.95"],
    ["3.14159265358979", "3.1415927"],
    ["1e3", "1000"],
    ["1e7", "1e+07"],
    ["123456.5", "123456.5"],
    ["0.0001", "0.0001"],
    ["0.00001", "1e-05"],
    [".5", "0.5"],
    // Anything else is the text itself.
    ["payments", "payments"],
    ["1.2.3", "1.2.3"],
    ["v1", "v1"],
    ["-", "-"],
    ["yes please", "yes please"],
  ];
  for (const [source, sloth] of cases) {
    it(`${source} → "${sloth}"`, () => expect(slothPlainScalar(source)).toBe(sloth));
  }

  it("goFloat32 matches strconv.FormatFloat(x, 'g', -1, 32)", () => {
    expect([0, 0.1, 0.3, 2.5, 1e6, 1234567, 1e21, 1.5e-7, -0.25].map(goFloat32)).toEqual(["0", "0.1", "0.3", "2.5", "1e+06", "1.234567e+06", "1e+21", "1.5e-07", "-0.25"]);
  });
});

describe("Sloth labels and annotations written as numbers and booleans", () => {
  const spec = `version: "prometheus/v1"
service: checkout
labels:
  tier: 1
  critical: yes
  quoted: "yes"
  tagged: !!str on
slos:
  - name: availability
    objective: 99.9
    labels:
      ratio: 0.50
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      annotations:
        minutes: 15
      page_alert:
        labels:
          shift: 0x2
        annotations:
          public: false
`;

  it("are the strings Sloth reads; quoted and tagged ones stay as written", () => {
    const dir = definitionsDir({ "sloth.yaml": spec });
    const slo = readYamlServices([join(dir, "sloth.yaml")])[0]!.slos![0]!;
    expect(slo.labels).toEqual({ tier: "1", critical: "true", quoted: "yes", tagged: "on", ratio: "0.5" });
    expect(slo.alerting?.annotations).toEqual({ minutes: "15" });
    expect(slo.alerting?.page).toEqual({ labels: { shift: "2" }, annotations: { public: "false" } });
  });

  it("read the same in the Kubernetes form", () => {
    const k8s = `apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: checkout\nspec:\n${spec
      .replace(/^version:.*\n/, "")
      .replace("page_alert", "pageAlert")
      .replace(/error_query/, "errorQuery")
      .replace(/total_query/, "totalQuery")
      .replace(/^/gm, "  ")}`;
    const dir = definitionsDir({ "a.yaml": spec, "b.yaml": k8s.replace("service: checkout", "service: checkout-k8s") });
    const [a, b] = readYamlServices([join(dir, "a.yaml"), join(dir, "b.yaml")]);
    expect(b!.name).toBe("checkout-k8s");
    expect(b!.slos).toEqual(a!.slos);
  });
});
