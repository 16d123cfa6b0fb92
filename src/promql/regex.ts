/**
 * Regex matcher values as Prometheus reads them: RE2 syntax, anchored at both ends. JavaScript's
 * engine compiles them here (generated tests pick label values that match); what RE2 lacks and
 * JavaScript has is refused by name, and RE2's own spellings JavaScript lacks are translated
 * first so they are not refused.
 */

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  digit: "0-9",
  lower: "a-z",
  upper: "A-Z",
  space: "\\s",
  word: "\\w",
  xdigit: "0-9A-Fa-f",
  punct: "!-/:-@[-`{-~",
};

/** RE2 features JavaScript lacks, rewritten to something JavaScript compiles about the same way. */
function forJs(pattern: string): { source: string; flags: string } {
  // Flags, `(?i)`, `(?s)`: RE2 applies them to the rest of their group, JavaScript (before inline
  // modifiers) only to the whole; one after the start (`429|(?i).*rate.?limit.*`) widens to the
  // whole pattern, which can only accept more case variants of the text before it.
  const set = [...pattern.matchAll(/\(\?([imsU]+)\)/g)].map((m) => m[1]!).join("");
  const flags = [...new Set(set.replace(/[mU]/g, ""))].join("");
  const source = pattern
      .replace(/\(\?[imsU]+\)/g, "")
      // Flag groups `(?i:…)`.
      .replace(/\(\?[imsU]*(?:-[imsU]+)?:/g, "(?:")
      .replace(/\(\?P</g, "(?<")
      // POSIX classes inside brackets, `[[:alpha:]]`.
      .replace(/\[:([a-z]+):\]/g, (all, name: string) => POSIX[name] ?? all)
      .replace(/\\z$/, "");
  return { source, flags };
}

/** `text` as a regex that matches it literally: RE2 and JavaScript share these metacharacters. */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The matcher value as a JavaScript regex anchored as Prometheus anchors it; call regexProblem first. */
export function anchoredRegex(pattern: string): RegExp {
  const { source, flags } = forJs(pattern);
  return new RegExp(`^(?:${source})$`, flags);
}

/** Constructs JavaScript compiles and RE2 refuses, found outside escapes. */
function unsupported(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(n)) return `the backreference \\${n}`;
      if (n === "k" && pattern[i + 2] === "<") return "a named backreference \\k<…>";
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (pattern[i + 1] === "]") i++;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith("=") || rest.startsWith("!")) return "a lookahead (?= or (?!";
      if (rest === "<=" || rest === "<!") return "a lookbehind (?<= or (?<!";
      if (rest.startsWith(">")) return "an atomic group (?>";
    }
  }
  return undefined;
}

/** Why Prometheus would refuse the regex matcher value, or undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  const missing = unsupported(pattern);
  if (missing) return `uses ${missing}, which Prometheus' regex engine (RE2) does not have`;
  try {
    anchoredRegex(pattern);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "") : String(e);
    return `is not a valid regular expression (${why})`;
  }
  return undefined;
}

const compiled = new Map<string, RegExp>();

/** Whether a label value satisfies a matcher, as Prometheus decides it (an absent label is ""); regexes compiled once. */
export function matcherHolds(m: { op: "=" | "!=" | "=~" | "!~"; value: string }, value: string): boolean {
  switch (m.op) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
    case "!~": {
      let re = compiled.get(m.value);
      if (!re) compiled.set(m.value, (re = anchoredRegex(m.value)));
      return re.test(value) === (m.op === "=~");
    }
  }
}
