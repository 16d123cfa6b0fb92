/** Where the rules go besides plain files: prometheus-operator resources and Mimir's ruler, checked as Kubernetes and Mimir read them. */
import type { OutputsSpec } from "../dsl/spec.ts";
import type { Ctx } from "./context.ts";
import type { Outputs } from "./types.ts";

/** Kubernetes namespaces are DNS labels. */
const K8S_NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A label value, and the name part of a label key: Kubernetes' "qualified name" characters. */
const K8S_LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** `team`, `app.kubernetes.io/part-of`: an optional DNS-subdomain prefix and a name of at most 63 characters. */
function isK8sLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && !(DNS_SUBDOMAIN.test(prefix) && prefix.length <= 253)) return false;
  return name.length > 0 && name.length <= 63 && K8S_LABEL_VALUE.test(name);
}

export function normalizeOutputs(ctx: Ctx, o: OutputsSpec | undefined): Outputs | undefined {
  if (!o) return undefined;
  const out: Outputs = {};
  if (o.prometheusOperator) {
    const p = o.prometheusOperator === true ? {} : o.prometheusOperator;
    if (p.namespace !== undefined && !(K8S_NAMESPACE.test(p.namespace) && p.namespace.length <= 63)) {
      ctx.fail(ctx.entry, "outputs.prometheusOperator.namespace", `"${p.namespace}" is not a Kubernetes namespace name`, "use lowercase letters, digits and dashes, at most 63 characters");
    }
    for (const [k, v] of Object.entries(p.labels ?? {})) {
      const at = `outputs.prometheusOperator.labels.${k}`;
      if (!isK8sLabelKey(k)) ctx.fail(ctx.entry, at, `"${k}" is not a Kubernetes label key`, "a name of at most 63 letters, digits, -, _ and . (starting and ending alphanumeric), optionally after a DNS prefix and /, e.g. \"prometheus\" or \"example.com/team\"");
      else if (!K8S_LABEL_VALUE.test(v) || v.length > 63) ctx.fail(ctx.entry, at, `"${v}" is not a Kubernetes label value`, "at most 63 letters, digits, -, _ and ., starting and ending alphanumeric, or empty");
    }
    out.prometheusOperator = { ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), labels: p.labels ?? {} };
  }
  if (o.mimir) {
    const m = o.mimir === true ? {} : o.mimir;
    const prefix = m.namespacePrefix ?? "";
    if (/[/\\\s]/.test(prefix)) ctx.fail(ctx.entry, "outputs.mimir.namespacePrefix", `"${prefix}" cannot start a ruler namespace`, "leave out slashes and spaces, e.g. \"llmops-\"");
    out.mimir = { namespacePrefix: prefix };
  }
  return out;
}
