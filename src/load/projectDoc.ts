/**
 * The fields of `llmops.yaml` checked where they are written, so that an error names the file,
 * line and field: the namespace and labels Kubernetes will hold, the prefix of Mimir's ruler
 * namespaces.
 */
import type { YamlProject } from "./schemas/project.ts";
import { docError, type YamlDoc } from "./yamlDocs.ts";

/** Kubernetes namespaces are DNS labels. */
const K8S_NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** Kubernetes label names and values: at most 63 characters, alphanumerics at both ends. */
const K8S_NAME = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
/** A label key's optional prefix is a DNS subdomain. */
const K8S_PREFIX = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return K8S_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && K8S_PREFIX.test(prefix) && K8S_NAME.test(key.slice(slash + 1));
}

export function checkProjectDoc(d: YamlDoc): void {
  const o = (d.data as YamlProject).outputs;
  const op = typeof o?.prometheusOperator === "object" ? o.prometheusOperator : undefined;
  if (op?.namespace !== undefined && !K8S_NAMESPACE.test(op.namespace)) {
    throw docError(d, ["outputs", "prometheusOperator", "namespace"], `${JSON.stringify(op.namespace)} is not a Kubernetes namespace name`, "use lowercase letters, digits and dashes, at most 63 characters, e.g. monitoring");
  }
  for (const [key, value] of Object.entries(op?.labels ?? {})) {
    const at = ["outputs", "prometheusOperator", "labels", key];
    if (!isLabelKey(key)) throw docError(d, at, `${JSON.stringify(key)} is not a Kubernetes label key`, "a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, optionally after a DNS prefix and '/': release, app.kubernetes.io/part-of");
    if (value !== "" && !K8S_NAME.test(value)) throw docError(d, at, `${JSON.stringify(value)} is not a Kubernetes label value`, "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. prometheus");
  }
  const mimir = typeof o?.mimir === "object" ? o.mimir : undefined;
  if (mimir?.namespacePrefix !== undefined && /[/\\\s]/.test(mimir.namespacePrefix)) {
    throw docError(d, ["outputs", "mimir", "namespacePrefix"], `${JSON.stringify(mimir.namespacePrefix)} cannot start a ruler namespace`, 'leave out slashes and spaces, e.g. "llmops-"');
  }
}
