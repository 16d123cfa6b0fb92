/**
 * Optional OTLP/HTTP (JSON) trace export, one span per simulated request, so the Collector and
 * the trace store have something to show. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
import type { TraceIds } from "./metrics.ts";
import type { SimulatedRequest } from "./traffic.ts";

interface Span {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string } }[];
  status: { code: number; message?: string };
}

export class TraceExporter {
  private spans: Span[] = [];
  private warned = false;

  constructor(
    private readonly endpoint: string,
    private readonly serviceName: string,
  ) {}

  /** The span of one request; its ids are those its metrics' exemplars carry. */
  add(r: SimulatedRequest, endMs: number, ids: TraceIds): void {
    if (this.spans.length >= 5000) return;
    const end = BigInt(Math.round(endMs)) * 1_000_000n;
    const start = end - BigInt(Math.round(r.durationSeconds * 1e9));
    const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });
    this.spans.push({
      traceId: ids.traceId,
      spanId: ids.spanId,
      name: `chat ${r.model}`,
      kind: 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(end),
      attributes: [
        str("gen_ai.operation.name", "chat"),
        str("gen_ai.provider.name", r.provider),
        str("gen_ai.request.model", r.model),
        int("gen_ai.usage.input_tokens", r.promptTokens),
        int("gen_ai.usage.output_tokens", r.completionTokens),
        ...(r.ok ? [] : [str("error.type", r.errorType)]),
      ],
      status: r.ok ? { code: 1 } : { code: 2, message: r.errorType },
    });
  }

  async flush(): Promise<void> {
    if (!this.spans.length) return;
    const spans = this.spans;
    this.spans = [];
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: this.serviceName } }] },
          scopeSpans: [{ scope: { name: "llmops-simulator" }, spans }],
        },
      ],
    };
    try {
      const res = await fetch(`${this.endpoint.replace(/\/$/, "")}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.warned = false;
    } catch (e) {
      if (!this.warned) console.error(`simulator: trace export to ${this.endpoint} failed: ${(e as Error).message}`);
      this.warned = true;
    }
  }
}
