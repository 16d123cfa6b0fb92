/** Label and annotation values as Sloth reads them: YAML 1.1 plain scalars into Go strings. */
import { describe, expect, it } from "vitest";
import { goFloat32, slothPlainScalar } from "../../src/load/slothScalars.ts";

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
