/** The parts of a vector selector, before rendering: what every PromQL builder takes. */
export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

/** Series name plus matchers; rendering to PromQL is the promql module's job. */
export interface Selection {
  series: string;
  matchers: Matcher[];
}
