/**
 * The SLIs LLM teams ask for beyond availability and latency: time per output token, time to
 * first token read from a streaming client's first chunk, and availability that leaves
 * rate-limited requests out or counts only them. Each compiles to rules whose generated promtool
 * tests the real promtool passes; a preset that lacks the signal is a clear error.
 */
import { describe, expect, it } from "vitest";
import { defineProject, presets, service, sli, slo, type SLISpec } from "../../src/index.ts";
import { normalize } from "../../src/model/normalize.ts";
import { sliRecordingRules } from "../../src/compile/prometheus/sliRules.ts";
import { cli, definitionsDir, project, refusedBy, tempDir } from "../helpers.ts";
import { join } from "node:path";
import { matcherHolds, regexProblem } from "../../src/promql/regex.ts";

function rulesOf(spec: SLISpec, conventions = presets.otelGenAI137()) {
  const model = normalize(defineProject({ name: "t", conventions, services: [service({ name: "svc", slos: [slo({ name: "s", objective: 99, sli: spec })] })] }), "test.ts");
  return Object.fromEntries(sliRecordingRules(model.services[0]!.slos[0]!).map((r) => [r.record, r.expr]));
}

const refusal = (spec: SLISpec, conventions = presets.lab()) =>
  refusedBy(() => normalize(defineProject({ name: "t", conventions, services: [service({ name: "svc", slos: [slo({ name: "s", objective: 99, sli: spec })] })] }), "test.ts"));

const LIMITED = '"429|(?i).*rate.?limit.*"';

describe("LLM SLI kinds", () => {
  it("time per output token: requests whose time per output chunk is within the threshold, from the tpot histogram", () => {
    const r = rulesOf(sli.timePerOutputToken({ threshold: 0.08 }));
    expect(r["slo:sli_events:rate5m"]).toBe('sum(rate(gen_ai_client_operation_time_per_output_chunk_seconds_count{job="svc"}[5m]))');
    expect(r["slo:sli_errors:rate5m"]).toContain('gen_ai_client_operation_time_per_output_chunk_seconds_bucket{job="svc",le=~"0\\\\.08"}');
  });

  it("time per output token on the 1.36 preset reads the server's time_per_output_token", () => {
    const r = rulesOf(sli.timePerOutputToken({ threshold: 0.1 }), presets.otelGenAI136());
    expect(r["slo:sli_events:rate5m"]).toBe('sum(rate(gen_ai_server_time_per_output_token_seconds_count{job="svc"}[5m]))');
  });

  it("time to first token reads the streaming client's first chunk where that is the preset's ttft", () => {
    for (const c of [presets.otelGenAI137(), presets.openlit()]) {
      expect(rulesOf(sli.timeToFirstToken({ threshold: 1.28 }), c)["slo:sli_events:rate5m"]).toBe('sum(rate(gen_ai_client_operation_time_to_first_chunk_seconds_count{job="svc"}[5m]))');
    }
  });

  it("availability without rate-limited requests: out of the errors and the total", () => {
    const r = rulesOf(sli.availability({ rateLimited: "exclude" }));
    expect(r["slo:sli_events:rate5m"]).toBe(`sum(rate(gen_ai_client_operation_duration_seconds_count{job="svc",error_type!~${LIMITED}}[5m]))`);
    expect(r["slo:sli_errors:rate5m"]).toBe(
      `(sum(rate(gen_ai_client_operation_duration_seconds_count{job="svc",error_type!~${LIMITED},error_type!=""}[5m])) or 0 * sum(rate(gen_ai_client_operation_duration_seconds_count{job="svc",error_type!~${LIMITED}}[5m])))`,
    );
  });

  it("rate limits alone: rate-limited requests the only bad ones, over every request", () => {
    const r = rulesOf(sli.availability({ rateLimited: "only" }));
    expect(r["slo:sli_events:rate5m"]).toBe('sum(rate(gen_ai_client_operation_duration_seconds_count{job="svc"}[5m]))');
    expect(r["slo:sli_errors:rate5m"]).toContain(`gen_ai_client_operation_duration_seconds_count{job="svc",error_type=~${LIMITED}}`);
  });

  it("the presets' rate-limit regex reads as Prometheus reads it: (?i) after the start is not refused", () => {
    const m = { op: "=~" as const, value: "429|(?i).*rate.?limit.*" };
    expect(regexProblem(m.value)).toBeUndefined();
    for (const v of ["429", "RateLimitError", "rate_limit_exceeded", "RATE LIMIT"]) expect(matcherHolds(m, v), v).toBe(true);
    for (const v of ["", "500", "timeout", "4290"]) expect(matcherHolds(m, v), v).toBe(false);
  });

  it("counting rate-limited requests as errors is the default", () => {
    expect(rulesOf(sli.availability({ rateLimited: "count" }))).toEqual(rulesOf(sli.availability()));
  });

  it("a preset without the signal is a clear error naming the field, with the hint", () => {
    const tpot = refusal(sli.timePerOutputToken({ threshold: 0.1 }));
    expect(tpot.where.path).toMatch(/slos\[0\].*sli\.histogram$/);
    expect(tpot.message).toContain('the "lab" conventions carry no time per output token signal');
    expect(tpot.hint).toContain("signals: { tpot: ... }");
    const limited = refusal(sli.availability({ rateLimited: "exclude" }));
    expect(limited.where.path).toMatch(/sli\.rateLimited$/);
    expect(limited.message).toContain("cannot tell rate-limited requests from other errors");
    expect(limited.hint).toContain("override.rateLimited");
    expect(refusal(sli.ratio({ events: "tokens", bad: { type: "prompt" }, rateLimited: "only" })).message).toContain("rateLimited applies to an availability SLI");
    const two = presets.otelGenAI137({ override: { rateLimited: [{ label: "error.type", op: "=~", value: "429" }, { label: "server.address", op: "=", value: "api.openai.com" }] } });
    expect(refusal(sli.availability({ rateLimited: "exclude" }), two).message).toContain("whose opposite no single selector holds");
  });

  it("a threshold off the tpot histogram's bucket bounds is refused with the bounds", () => {
    const e = refusal(sli.timePerOutputToken({ threshold: 0.1 }), presets.otelGenAI137());
    expect(e.message).toContain("is not a bucket bound of gen_ai_client_operation_time_per_output_chunk_seconds");
  });

  it("each compiles to rules and promtool tests the real promtool passes", async () => {
    const dir = definitionsDir({
      "index.ts": project(
        `[service({ name: "chat", slos: [
          slo({ name: "decode-speed", objective: 95, sli: sli.timePerOutputToken({ threshold: 0.08 }) }),
          slo({ name: "first-chunk", objective: 95, sli: sli.timeToFirstToken({ threshold: 1.28 }) }),
          slo({ name: "availability-within-quota", objective: 99.5, sli: sli.availability({ rateLimited: "exclude" }) }),
          slo({ name: "rate-limits", objective: 99, sli: sli.availability({ rateLimited: "only" }) }),
        ] })]`,
        "presets.otelGenAI137()",
      ),
    });
    const out = join(tempDir(), "generated");
    const gen = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const v = await cli(["validate", "--definitions", dir, "--out", out]);
    expect(v.stdout).toMatch(/ok\s+promtool check rules\s+prometheus\/rules\/chat\.yaml/);
    expect(v.stdout).toMatch(/ok\s+promtool test rules\s+prometheus\/tests\/chat\.test\.yaml/);
  }, 120_000);
});
