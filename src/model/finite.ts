/**
 * NaN and ±Infinity, wherever a definition holds a number. JSON schema's `number` admits both,
 * and each makes output no tool reads back the same (`NaN` thresholds never fire, `+Inf` spends
 * no budget), so one pass over the whole spec refuses them, naming the field, rather than one
 * check per numeric field that a new field could miss.
 */
import { UserError } from "../errors.ts";
import { sourceOf } from "../dsl/source.ts";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** ` "llm-agent"` after an item that has a name or a title, as the model's own paths show items. */
function itemName(v: unknown): string {
  if (!isRecord(v)) return "";
  const n = typeof v.name === "string" ? v.name : typeof v.title === "string" ? v.title : undefined;
  return n === undefined ? "" : ` ${JSON.stringify(n)}`;
}

/** Every non-finite number of `spec`, as an error naming the file that wrote it and the field. */
export function nonFiniteNumbers(spec: unknown, entry: string): UserError[] {
  const errors: UserError[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: string, file: string): void => {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) {
        errors.push(new UserError({ file, path: path || "(project)" }, `${v} is not a finite number`, "write the number itself; NaN and Infinity usually come from arithmetic on a value that is missing"));
      }
      return;
    }
    if (!isRecord(v) || seen.has(v)) return;
    seen.add(v);
    const here = sourceOf(v) ?? file;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]${itemName(x)}`, here));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, here);
  };
  walk(spec, "", entry);
  return errors;
}

/**
 * The errors of `finite` that no error of `found` already reports: a field's own range check
 * says more (its unit, an example), so it wins over the generic one.
 */
export function unreported(finite: UserError[], found: UserError[]): UserError[] {
  // A path starts at the project, so it names one field whichever file reported it.
  const at = new Set(found.map((e) => e.where.path));
  return finite.filter((e) => !at.has(e.where.path));
}
