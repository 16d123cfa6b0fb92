/**
 * Errors by type where the conventions name one: the OpenTelemetry GenAI conventions carry
 * `error.type` on the operation duration; the lab's metrics only say status="error".
 */
import { describe, expect, it } from "vitest";
import { queries } from "../../src/vocabulary/queries.ts";
import { presets } from "../../src/vocabulary/presets.ts";

describe("errors by type", () => {
  it("split failures by the conventions' error-type label, with a 0 line while nothing fails", () => {
    const q = queries(presets.otelGenAI(), []);
    expect(q.errorTypeLabel()).toBe("error_type");
    expect(q.errorsByType()).toBe(
      'sum by (error_type) (rate(gen_ai_client_operation_duration_seconds_count{error_type!=""}[$__rate_interval])) or 0 * sum(rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))',
    );
  });

  it("show all failures as one line where the conventions name no error type", () => {
    const q = queries(presets.lab(), []);
    expect(q.errorTypeLabel()).toBeUndefined();
    expect(q.errorsByType()).toBe('sum(rate(llm_requests_total{status="error"}[$__rate_interval])) or 0 * sum(rate(llm_requests_total[$__rate_interval]))');
  });
});
