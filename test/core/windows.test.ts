import { describe, expect, it } from "vitest";
import { burnFactor, burnWindows, recordingWindows, SRE_WORKBOOK } from "../../src/model/windows.ts";
import { exact, num } from "../../src/model/numbers.ts";

const DAY = 86400;

describe("burn-rate factors are budget share × period ÷ long window", () => {
  it.each([
    { period: 30, factors: [14.4, 6, 3, 1] },
    { period: 28, factors: [13.44, 5.6, 2.8, 0.933333333333] },
    { period: 7, factors: [3.36, 1.4, 0.7, 0.233333333333] },
  ])("$period days → $factors", ({ period, factors }) => {
    expect(SRE_WORKBOOK.map((r) => burnFactor(r, period * DAY))).toEqual(factors);
  });

  it("thresholds are factor × budget with no float noise", () => {
    expect(burnWindows("page", 30 * DAY, 0.005).map((w) => w.threshold)).toEqual([0.072, 0.03]);
    expect(burnWindows("ticket", 30 * DAY, 0.001).map((w) => w.threshold)).toEqual([0.003, 0.001]);
  });

  it("pairs the windows of the SRE workbook", () => {
    expect(burnWindows("page", 30 * DAY, 0.01).map((w) => [w.long, w.short])).toEqual([["1h", "5m"], ["6h", "30m"]]);
    expect(burnWindows("ticket", 30 * DAY, 0.01).map((w) => [w.long, w.short])).toEqual([["1d", "2h"], ["3d", "6h"]]);
  });

  it("records every window the alerts read, shortest first", () => {
    expect(recordingWindows()).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
});

describe("numbers are exact", () => {
  it.each([
    [1 - 0.995, "0.005"],
    [1 - 0.999, "0.001"],
    [99.9 / 100, "0.999"],
    [0.1 + 0.2, "0.3"],
    [14.4 * 0.005, "0.072"],
    [1e-7, "0.0000001"],
  ])("%d → %s", (x, text) => {
    expect(num(x)).toBe(text);
    expect(String(exact(x))).not.toMatch(/0000000|9999999/);
  });
});
