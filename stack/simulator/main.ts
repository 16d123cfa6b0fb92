/**
 * The traffic simulator: stands in for the seeds' instrumented LLM agent. Serves the selected
 * conventions preset on /metrics, takes faults on POST /faults, logs Alertmanager webhooks
 * posted to /alerts/<receiver>.
 *
 *   node bin/run-ts.js stack/simulator/main.ts --preset lab|lab-dashboard|otel-genai-1.36|otel-genai-1.37|openlit|… \
 *     [--translation UnderscoreEscapingWithSuffixes|UnderscoreEscapingWithoutSuffixes|NoUTF8EscapingWithSuffixes|NoTranslation] \
 *     [--preset-options options.json] [--service llm-agent] --port 8000 [--rps 1]
 *
 * --preset-options is a JSON file of the preset's options (extend, override, bucket bounds), so
 * the simulator exposes the same instruments as a project that customizes its preset.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { otelGenAIPreset, PRESETS as PRESET_FUNCTIONS, type PresetOptions } from "../../src/vocabulary/presets.ts";
import { TRANSLATIONS, type Translation } from "../../src/vocabulary/translation.ts";
import type { Conventions } from "../../src/vocabulary/conventions.ts";
import { PresetMetrics } from "./metrics.ts";
import { TraceExporter } from "./traces.ts";
import { simulateRequest, type Faults } from "./traffic.ts";

/** The presets by name; `otel-genai`, the name before presets carried their version, is v1.37. */
const PRESETS: Record<string, (o: PresetOptions) => Conventions> = { ...PRESET_FUNCTIONS, "otel-genai": otelGenAIPreset };
const TICK_MS = 200;
const MAX_BODY = 1 << 20;

interface Options {
  preset: string;
  translation?: Translation;
  /** The preset's options besides the translation (extend, override, buckets). */
  presetOptions?: PresetOptions;
  /** The service's name, where an attribute carries it (`service.name`). */
  service?: string;
  port: number;
  host: string;
  rps: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: "string", default: "lab" },
      translation: { type: "string" },
      "preset-options": { type: "string" },
      service: { type: "string" },
      port: { type: "string", default: "8000" },
      host: { type: "string", default: "0.0.0.0" },
      rps: { type: "string", default: "1" },
    },
  });
  const o: Options = { preset: values.preset, port: Number(values.port), host: values.host, rps: Number(values.rps) };
  if (!PRESETS[o.preset]) throw new Error(`unknown preset "${o.preset}"; use ${Object.keys(PRESETS).join(", ")}`);
  if (values.translation !== undefined) {
    if (!(TRANSLATIONS as readonly string[]).includes(values.translation)) throw new Error(`unknown translation "${values.translation}"; use ${TRANSLATIONS.join(", ")}`);
    o.translation = values.translation as Translation;
  }
  if (values["preset-options"] !== undefined) o.presetOptions = JSON.parse(readFileSync(values["preset-options"], "utf8")) as PresetOptions;
  if (values.service !== undefined) o.service = values.service;
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`--port ${values.port} is not a port`);
  if (!(o.rps > 0 && o.rps <= 1000)) throw new Error(`--rps ${values.rps} must be above 0 and at most 1000`);
  return o;
}

/** Faults from a request body; anything else is rejected rather than half-applied. */
export function parseFaults(body: unknown): Faults {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("expected a JSON object");
  const b = body as Record<string, unknown>;
  const out: Faults = {};
  for (const [k, v] of Object.entries(b)) {
    if (k === "errors") {
      if (typeof v !== "number" || v < 0 || v > 1) throw new Error("errors is a share of requests between 0 and 1");
      out.errors = v;
    } else if (k === "slow" || k === "costSpike") {
      if (typeof v !== "boolean") throw new Error(`${k} is true or false`);
      out[k] = v;
    } else throw new Error(`unknown fault "${k}"; faults are errors, slow, costSpike`);
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = "application/json"): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

export interface Simulator {
  port: number;
  close(): Promise<void>;
}

export async function startSimulator(o: Options): Promise<Simulator> {
  const conventions = PRESETS[o.preset]!({ ...o.presetOptions, ...(o.translation ? { translation: o.translation } : {}) });
  const metrics = new PresetMetrics(conventions, o.service !== undefined ? { service: o.service } : {});
  const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const traces = otlp ? new TraceExporter(otlp, process.env.OTEL_SERVICE_NAME ?? "llm-agent") : undefined;
  let faults: Faults = {};
  const alerts: { receiver: string; at: string; body: unknown }[] = [];

  // A fractional carry keeps the average rate exact at any --rps.
  let due = 0;
  const tick = setInterval(() => {
    due += (o.rps * TICK_MS) / 1000;
    for (; due >= 1; due--) {
      const r = simulateRequest(Math.random, faults);
      // The exemplars name the span sent for the request (its ids are drawn even when no trace is sent).
      const ids = { traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex") };
      metrics.observe(r, ids);
      traces?.add(r, Date.now(), ids);
    }
  }, TICK_MS);
  const flush = traces ? setInterval(() => void traces.flush(), 5000) : undefined;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    void (async () => {
      try {
        if (req.method === "GET" && url.pathname === "/metrics") {
          const { body, contentType } = await metrics.exposition(req.headers.accept);
          return send(res, 200, body, contentType);
        }
        if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, "ok\n", "text/plain");
        if (url.pathname === "/faults") {
          if (req.method === "POST") {
            const text = await readBody(req);
            faults = parseFaults(text.trim() ? JSON.parse(text) : {});
            console.log(`simulator: faults ${JSON.stringify(faults)}`);
          }
          return send(res, 200, JSON.stringify(faults) + "\n");
        }
        if (url.pathname === "/alerts" && req.method === "GET") return send(res, 200, JSON.stringify(alerts) + "\n");
        const m = /^\/alerts\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
        if (m && req.method === "POST") {
          const body: unknown = JSON.parse(await readBody(req));
          alerts.push({ receiver: m[1]!, at: new Date().toISOString(), body });
          if (alerts.length > 100) alerts.shift();
          const b = body as { status?: string; alerts?: { labels?: Record<string, string> }[] };
          const names = (b.alerts ?? []).map((a) => a.labels?.alertname).join(", ");
          console.log(`simulator: alert to ${m[1]}: ${b.status ?? "?"} ${names}`);
          return send(res, 200, "{}\n");
        }
        send(res, 404, JSON.stringify({ error: "not found" }) + "\n");
      } catch (e) {
        send(res, 400, JSON.stringify({ error: (e as Error).message }) + "\n");
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : o.port;
  return {
    port,
    close: async () => {
      clearInterval(tick);
      if (flush) clearInterval(flush);
      await traces?.flush();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const isMain = process.argv[1] !== undefined && /stack[\\/]simulator[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  try {
    const o = options(process.argv.slice(2));
    const sim = await startSimulator(o);
    console.log(`simulator: preset ${o.preset}${o.translation ? ` (${o.translation})` : ""}, ${o.rps} requests/s, listening on ${o.host}:${sim.port}`);
    const stop = () => void sim.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  } catch (e) {
    console.error(`simulator: ${(e as Error).message}`);
    process.exit(2);
  }
}
