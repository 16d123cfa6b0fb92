/**
 * Sloth specs → service specs, in both of Sloth's forms: `version: "prometheus/v1"` and the
 * Kubernetes `PrometheusServiceLevel` (`apiVersion: sloth.slok.dev/v1`), whose `spec` holds the
 * same group with camelCase fields. The Kubernetes group is read in prometheus/v1 spelling, so
 * one conversion serves both; every error is turned back into the field the user wrote.
 *
 * Sloth's own checks apply first (names, window placeholder, distinct queries, PromQL that
 * parses); the result compiles like any TypeScript definition. Sloth names llmops cannot use
 * as they are (`API.Latency`) are mapped to ones it can (`api-latency`), the original kept in
 * an annotation of the SLO's alerts; two names mapped to one are refused.
 */
import type { RawSLISpec, ServiceSpec, SLOSpec, TierSpec } from "../dsl/spec.ts";
import { rememberAt } from "../dsl/source.ts";
import { fillWindow } from "../promql/build.ts";
import { queryProblem } from "../promql/query.ts";
import type { TextUse } from "../model/text.ts";
import { KUBERNETES_NAMES, OPAQUE_FIELDS, type SlothAlertMeta, type SlothGroup, type SlothPlugins, type SlothValues } from "./schemas/sloth.ts";
import { slothString } from "./slothScalars.ts";
import { checkAlertName, checkAnnotations, checkLabels, checkObjectiveDecimals } from "./translated.ts";
import { docError, docSource, type Dialect, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** Sloth's name rule: alphanumerics at both ends, `.`, `_` and `-` inside. */
const SLOTH_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$|^[A-Za-z0-9]$/;
const SLOTH_NAME_HINT = "Sloth names start and end with a letter or digit and contain only letters, digits, '.', '_' and '-'";
const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/;
/** Annotations that keep a Sloth name llmops had to change, on the SLO's alerts. */
export const SLOTH_SERVICE_ANNOTATION = "sloth_service";
export const SLOTH_SLO_ANNOTATION = "sloth_slo";

/** The dialects of yamlDocs.ts that are Sloth specs. */
export const SLOTH_DIALECTS: ReadonlySet<Dialect> = new Set<Dialect>(["sloth", "slothKubernetes"]);

/** How one of Sloth's forms lays out an SLO group. */
interface Form {
  /** Where the group is in the document. */
  root: PathPart[];
  /** prometheus/v1 field names → this form's spelling. */
  names: Readonly<Record<string, string>>;
}
const PROMETHEUS_V1: Form = { root: [], names: {} };
const KUBERNETES: Form = { root: ["spec"], names: KUBERNETES_NAMES };

/** `v` in prometheus/v1 spelling (`names`: this form's spelling → prometheus/v1), fields given as null left out. */
function canonical(v: unknown, names: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x, names));
  if (!v || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    out[names[k] ?? k] = OPAQUE_FIELDS.has(k) ? x : canonical(x, names);
  }
  return out;
}

/** One Sloth document: its group in prometheus/v1 spelling, and the way back to the fields the user wrote. */
class SlothDoc {
  readonly group: SlothGroup;

  constructor(
    readonly d: YamlDoc,
    private readonly form: Form,
  ) {
    const inverse = Object.fromEntries(Object.entries(form.names).map(([a, b]) => [b, a]));
    const root = form.root.reduce<unknown>((v, p) => (v as Record<PathPart, unknown>)[p], d.data);
    this.group = canonical(root, inverse) as SlothGroup;
  }

  /** The document path of a path in prometheus/v1 spelling. */
  at(parts: PathPart[]): PathPart[] {
    let opaque = false;
    const spelt = parts.map((p) => {
      if (opaque || typeof p === "number") return p;
      opaque = OPAQUE_FIELDS.has(p);
      return this.form.names[p] ?? p;
    });
    return [...this.form.root, ...spelt];
  }

  /** A prometheus/v1 field path as this form spells it, for messages: `sli.raw.errorRatioQuery`. */
  field(path: string): string {
    return path
      .split(".")
      .map((p) => this.form.names[p] ?? p)
      .join(".");
  }

  error(parts: PathPart[], what: string, hint: string) {
    return docError(this.d, this.at(parts), what, hint);
  }

  source(parts: PathPart[]): string {
    return docSource(this.d, this.at(parts));
  }

  /** Label or annotation values as Sloth reads them: strings, `1` and `true` as they are spelt. */
  private strings(parts: PathPart[], values: SlothValues | undefined): Record<string, string> | undefined {
    if (!values) return undefined;
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, slothString(this.d.doc, this.at([...parts, k]), v)]));
  }

  labels(parts: PathPart[], values: SlothValues | undefined, use: Exclude<TextUse, "annotation">): Record<string, string> | undefined {
    const labels = this.strings(parts, values);
    checkLabels(this.d, this.at(parts), labels, use);
    return labels;
  }

  annotations(parts: PathPart[], values: SlothValues | undefined): Record<string, string> | undefined {
    const annotations = this.strings(parts, values);
    checkAnnotations(this.d, this.at(parts), annotations);
    return annotations;
  }

  checkQuery(parts: PathPart[], query: string): void {
    if (!WINDOW_PLACEHOLDER.test(query)) {
      throw this.error(parts, "the query has no {{.window}} placeholder", "write each range as [{{.window}}]; every alert window is filled in");
    }
    const problem = queryProblem(fillWindow(query, "5m"));
    if (problem) throw this.error(parts, problem.what, problem.hint);
  }
}

/**
 * A Sloth name as llmops names services and SLOs: lowercase, each `.` and each run of
 * separators a `-` (a lone `_` stays), and a name that starts with a digit prefixed with
 * `service-` or `slo-`. Names llmops already takes are left as they are.
 */
export function llmopsName(sloth: string, kind: "service" | "slo"): string {
  const name = sloth.toLowerCase().replace(/[-_.]+/g, (run) => (run === "_" ? "_" : "-"));
  return /^[a-z]/.test(name) ? name : `${kind}-${name}`;
}

function tier(s: SlothDoc, at: PathPart[], meta: SlothAlertMeta | undefined): TierSpec | undefined {
  if (!meta) return undefined;
  const labels = s.labels([...at, "labels"], meta.labels, "alert label");
  const annotations = s.annotations([...at, "annotations"], meta.annotations);
  return {
    ...(meta.disable ? { disabled: true } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

const PLUGIN_CHAIN_HINT =
  "llmops runs no Sloth plugins: it generates what Sloth's default plugins do (SLI recording rules, metadata, burn-rate alerts) itself. Remove the chain; labels a plugin added go under labels";

/** Refuses an SLO plugin chain (`slo_plugins` of the group, `plugins` of an SLO), naming its plugins. */
function refusePlugins(s: SlothDoc, at: PathPart[], p: SlothPlugins | undefined): void {
  if (!p) return;
  const ids = [...new Set((p.chain ?? []).map((c) => c.id))];
  if (ids.length) throw s.error([...at, "chain"], `Sloth SLO plugins are not supported: ${ids.join(", ")}`, PLUGIN_CHAIN_HINT);
  if (p.overridePrevious) throw s.error([...at, "overridePrevious"], "overridePrevious is set but the chain has no plugins", "Sloth refuses to override its default plugins with none; remove overridePrevious");
}

interface Named {
  /** The name the user wrote. */
  sloth: string;
  /** The llmops name it became. */
  name: string;
  /** Its field, in prometheus/v1 spelling. */
  at: PathPart[];
}

interface Converted {
  spec: ServiceSpec;
  service: Named;
  slos: Named[];
}

function convert(s: SlothDoc): Converted {
  const g = s.group;
  if (!SLOTH_NAME.test(g.service)) throw s.error(["service"], `service name "${g.service}" is not valid`, SLOTH_NAME_HINT);
  const serviceLabels = s.labels(["labels"], g.labels, "series label");
  refusePlugins(s, ["slo_plugins"], g.slo_plugins);
  const service: Named = { sloth: g.service, name: llmopsName(g.service, "service"), at: ["service"] };
  const names: Named[] = [];
  const slos = g.slos.map((slo, i): SLOSpec => {
    const at = (...p: PathPart[]): PathPart[] => ["slos", i, ...p];
    if (!SLOTH_NAME.test(slo.name)) throw s.error(at("name"), `SLO name "${slo.name}" is not valid`, SLOTH_NAME_HINT);
    if (!(slo.objective > 0 && slo.objective <= 100)) throw s.error(at("objective"), `objective ${slo.objective} is out of range`, "Sloth objectives are percentages: >0 and <=100, e.g. 99.9");
    if (slo.objective === 100) {
      throw s.error(
        at("objective"),
        "objective 100 leaves no error budget",
        "a 100% objective allows no error at all: its budget is 0, every burn rate (error ratio / budget) divides by zero and any one error would page; write the objective you mean to meet, e.g. 99.99",
      );
    }
    checkObjectiveDecimals(s.d, s.at(at("objective")), slo.objective, "percent");
    const sloLabels = s.labels(at("labels"), slo.labels, "series label");
    refusePlugins(s, at("plugins"), slo.plugins);
    if (slo.sli.plugin) {
      throw s.error(
        at("sli", "plugin"),
        `Sloth SLI plugins are not supported: ${slo.sli.plugin.id}`,
        `llmops runs no SLI plugins: write the query the plugin builds as ${s.field("sli.raw.error_ratio_query")} with [{{.window}}] for its range (\`sloth generate\` prints it as the expression of slo:sli_error:ratio_rate5m), or as ${s.field("sli.events")}`,
      );
    }
    const kinds = [slo.sli.events, slo.sli.raw].filter(Boolean).length;
    if (kinds !== 1) {
      throw s.error(at("sli"), kinds ? "only one SLI type is allowed" : "at least one SLI type is required", `give ${s.field("sli.events")} (${s.field("error_query")} and ${s.field("total_query")}) or ${s.field("sli.raw")} (${s.field("error_ratio_query")})`);
    }
    let sli: RawSLISpec;
    if (slo.sli.events) {
      const { error_query, total_query } = slo.sli.events;
      if (error_query === total_query) throw s.error(at("sli", "events", "total_query"), "the error and total queries are the same", "the error query selects only the bad events");
      s.checkQuery(at("sli", "events", "error_query"), error_query);
      s.checkQuery(at("sli", "events", "total_query"), total_query);
      sli = { kind: "raw", errorQuery: error_query, totalQuery: total_query };
    } else {
      s.checkQuery(at("sli", "raw", "error_ratio_query"), slo.sli.raw!.error_ratio_query);
      sli = { kind: "raw", errorRatio: slo.sli.raw!.error_ratio_query };
    }
    const a = slo.alerting;
    if (a?.name !== undefined) checkAlertName(s.d, s.at(at("alerting", "name")), a.name);
    const alertLabels = s.labels(at("alerting", "labels"), a?.labels, "alert label");
    const alertAnnotations = s.annotations(at("alerting", "annotations"), a?.annotations);
    const page = tier(s, at("alerting", "page_alert"), a?.page_alert);
    const ticket = tier(s, at("alerting", "ticket_alert"), a?.ticket_alert);
    const named: Named = { sloth: slo.name, name: llmopsName(slo.name, "slo"), at: at("name") };
    names.push(named);
    // The names the user wrote, where llmops changed them: their alerts still say which SLO they are.
    const originals = {
      ...(service.name !== service.sloth ? { [SLOTH_SERVICE_ANNOTATION]: service.sloth } : {}),
      ...(named.name !== named.sloth ? { [SLOTH_SLO_ANNOTATION]: named.sloth } : {}),
    };
    const annotations = { ...originals, ...alertAnnotations };
    const labels = { ...serviceLabels, ...sloLabels };
    const spec: SLOSpec = {
      name: named.name,
      objective: slo.objective,
      ...(slo.description !== undefined ? { description: slo.description } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
      sli,
      ...(a || Object.keys(originals).length
        ? {
            alerting: {
              ...(a?.name !== undefined ? { name: a.name } : {}),
              ...(alertLabels ? { labels: alertLabels } : {}),
              ...(alertAnnotations || Object.keys(originals).length ? { annotations } : {}),
              ...(page ? { page } : {}),
              ...(ticket ? { ticket } : {}),
            },
          }
        : {}),
    };
    return rememberAt(spec, s.source(at()));
  });
  return { spec: rememberAt({ name: service.name, slos }, s.source([])), service, slos: names };
}

/** The first Sloth name that became `key`, and where. */
type Claims = Map<string, { sloth: string; where: string }>;

/** Refuses a second Sloth name that became the same llmops name; the same name twice is left to the model's own check. */
function claim(claims: Claims, key: string, n: Named, s: SlothDoc, what: "service" | "SLO"): void {
  const first = claims.get(key);
  if (!first) {
    claims.set(key, { sloth: n.sloth, where: s.source(n.at) });
    return;
  }
  if (first.sloth === n.sloth) return;
  throw s.error(
    n.at,
    `the Sloth ${what} names "${first.sloth}" and "${n.sloth}" both become the llmops ${what} name "${n.name}"`,
    `"${first.sloth}" is at ${first.where}; rename one of the two (llmops names are lowercase, with single '-' or '_' between letters and digits: '.' becomes '-')`,
  );
}

/** Service specs of Sloth documents, either form; two Sloth names that map to one llmops name are refused, naming both. */
export function slothServices(docs: YamlDoc[]): ServiceSpec[] {
  const services: Claims = new Map();
  const slos: Claims = new Map();
  return docs.map((d) => {
    const s = new SlothDoc(d, d.dialect === "slothKubernetes" ? KUBERNETES : PROMETHEUS_V1);
    const c = convert(s);
    claim(services, c.service.name, c.service, s, "service");
    for (const n of c.slos) claim(slos, `${c.service.name}\0${n.name}`, n, s, "SLO");
    return c.spec;
  });
}
