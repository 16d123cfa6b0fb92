/** The project's structural check, and its errors as file, path, what and hint. */
import type { ErrorObject } from "ajv";
import { UserError } from "../errors.ts";
import { validateProject } from "./projectValidator.ts";

/** `/services/0/slos/1/objective` → `services[0].slos[1].objective` */
export function jsonPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
}

function describe(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") return `unknown field "${String(e.params.additionalProperty)}"`;
  if (e.keyword === "required") return `missing required field "${String(e.params.missingProperty)}"`;
  if (e.keyword === "minLength" && e.params.limit === 1) return "must not be empty";
  if (e.keyword === "enum") return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return e.message ?? e.keyword;
}

/** Structural check; throws the first meaningful error (if/then noise skipped). */
export function checkProjectShape(spec: unknown, file: string): void {
  if (validateProject(spec)) return;
  const errors = (validateProject.errors ?? []).filter((e) => e.keyword !== "if" && e.keyword !== "oneOf");
  const first = errors[0] ?? validateProject.errors![0]!;
  throw new UserError(
    { file, path: jsonPath(first.instancePath) || "(project)" },
    describe(first),
    "compare with the types exported by \"llmops\" (defineProject, slo, sli, alert); your editor autocompletes them",
  );
}
