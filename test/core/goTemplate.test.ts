import { describe, expect, it } from "vitest";
import { goG, goV, humanize, humanizeDuration, humanizePercentage, renderAlertTemplate } from "../../src/model/goTemplate.ts";

describe("Go template functions as Prometheus renders them", () => {
  it.each([
    [9.75, "9.75"],
    [12346, "1.235e+04"],
    [0.00001234, "1.234e-05"],
    [100, "100"],
  ])("%%.4g of %d is %s", (x, s) => expect(goG(x)).toBe(s));
  it("humanize uses SI prefixes", () => {
    expect(humanize(12000)).toBe("12k");
    expect(humanize(0.012)).toBe("12m");
    expect(humanize(12)).toBe("12");
  });
  it("humanizePercentage and humanizeDuration", () => {
    expect(humanizePercentage(0.0756)).toBe("7.56%");
    expect(humanizeDuration(9.75)).toBe("9.75s");
    expect(humanizeDuration(3725)).toBe("1h 2m 5s");
    expect(humanizeDuration(0.25)).toBe("250ms");
  });
  it("%v switches to exponents like Go", () => {
    expect(goV(1234567)).toBe("1234567");
    expect(goV(0.00001)).toBe("1e-05");
  });
  it("renders labels and values, refuses what it cannot render", () => {
    expect(renderAlertTemplate("{{ $labels.model }} at {{ $value | humanizePercentage }}", { model: "gpt-4" }, 0.5)).toBe("gpt-4 at 50%");
    expect(() => renderAlertTemplate("{{ if gt $value 1.0 }}x{{ end }}", {}, 1)).toThrow(/not supported/);
    // Names every object has are not template functions.
    expect(() => renderAlertTemplate("{{ $value | constructor }}", {}, 1)).toThrow(/not supported/);
    expect(() => renderAlertTemplate("{{ $value | toString }}", {}, 1)).toThrow(/not supported/);
  });
  it("renders a template the same on every call, labels and value included", () => {
    const text = "{{ $labels.service }}: {{ $value | printf \"%.2f\" }} of {{ index $labels \"slo\" }}";
    expect(renderAlertTemplate(text, { service: "a", slo: "x" }, 0.5)).toBe("a: 0.50 of x");
    expect(renderAlertTemplate(text, { service: "b" }, 2)).toBe("b: 2.00 of ");
  });
});
