/**
 * What label values, annotations and matcher values may hold: text every target writes and every
 * tool reads back the same. Prometheus expands alert labels and annotations as Go templates, so
 * those are checked with the renderer the generated tests use; YAML readers in Go treat U+2028,
 * U+2029 and U+0085 as line breaks and refuse most control characters, so those never pass.
 */
import { templateError } from "./goTemplate.ts";

/** C0 controls but tab and newline, DEL, C1 controls, the Unicode line and paragraph separators, lone surrogates. */
const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufffe\uffff]/u;

/** The first character no generated file may carry, as `U+2028`, or undefined. */
export function unsafeChar(text: string): string | undefined {
  const m = UNSAFE_CHAR.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}

/**
 * Where the text goes: on recorded series Prometheus writes labels as they are; on alerts it
 * expands them (and annotations) as templates.
 */
export type TextUse = "series label" | "alert label" | "annotation";

/** What is wrong with `text` used as `use`, and a hint, or undefined when it is fine. */
export function textProblem(text: string, use: TextUse): { what: string; hint: string } | undefined {
  const bad = unsafeChar(text);
  if (bad) return { what: `contains the control or line-separator character ${bad}`, hint: "write plain text; Prometheus and Go's YAML reader would read it differently" };
  if (use === "series label") {
    if (text.includes("{{")) {
      return {
        what: "contains \"{{\", but labels of recorded series are not templates",
        hint: "Prometheus writes series labels literally while it expands them on alerts; put templates in alerting labels or annotations",
      };
    }
    return undefined;
  }
  const err = templateError(text);
  return err ? { what: `is not a template Prometheus and the generated tests expand alike: ${err}`, hint: "use {{ $labels.<name> }}, {{ $value }} and the functions humanize, humanizePercentage, humanizeDuration or printf \"%.Nf\"" } : undefined;
}
