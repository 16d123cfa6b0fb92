/** Naming rules of the targets; anything that becomes a name is checked here first. */

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** SLO and service names become label values, alert names and file names. */
export const OBJECT_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
/** Alert names become the `alertname` label; Prometheus allows any string, we keep them identifiers. */
export const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const UID_MAX = 40;
/** The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes per path segment). */
export const FILE_NAME_MAX = 255;

/** FNV-1a, 32 bits, as 8 hex digits: short and stable across runs and platforms. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * `name` when it fits in `max` bytes, else its longest prefix that leaves room for `-` and a hash
 * of the whole name: two long names that differ only at the end still differ, and a name gives
 * the same result on every run.
 */
export function bounded(name: string, max: number): string {
  const bytes = Buffer.byteLength(name);
  if (bytes <= max) return name;
  let prefix = Buffer.from(name).subarray(0, max - 9).toString("utf8");
  // A multi-byte character cut in half decodes to U+FFFD, which is longer than what it replaced.
  while (Buffer.byteLength(prefix) > max - 9 || prefix.endsWith("\uFFFD")) prefix = prefix.slice(0, -1);
  return `${prefix.replace(/[-_.]+$/, "")}-${shortHash(name)}`;
}

export function isLabelName(s: string): boolean {
  return LABEL_NAME.test(s) && !s.startsWith("__");
}

/** `cost-per-request` → `CostPerRequest`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}

/** `cost-per-request` → `cost_per_request`, for label values that should read like identifiers. */
export function snakeCase(name: string): string {
  return name.replace(/[-\s]+/g, "_");
}
