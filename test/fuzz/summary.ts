/** The summary table of a fuzz run, and the failures grouped by what went wrong. */
import { MUST_BE_ZERO, type ProblemKind, type Result } from "./verdict.ts";

const COLUMNS: { title: string; kinds: ProblemKind[] }[] = [
  { title: "crashes", kinds: ["crash"] },
  { title: "hangs", kinds: ["hang"] },
  { title: "memory", kinds: ["memory"] },
  { title: "accepted bad", kinds: ["accepted", "wrong-exit"] },
  { title: "rejected valid", kinds: ["rejected"] },
  { title: "message", kinds: ["message"] },
  { title: "touched", kinds: ["touched"] },
  { title: "mixed/partial", kinds: ["mixed", "absent"] },
  { title: "leftovers", kinds: ["leftover"] },
  { title: "bad output", kinds: ["invalid-output"] },
  { title: "orphans", kinds: ["orphan"] },
];

const count = (rs: Result[], kinds: ProblemKind[]) => rs.filter((r) => r.problems.some((p) => kinds.includes(p.kind))).length;

export interface Summary {
  table: string;
  failures: string;
  ok: boolean;
}

export function summarize(results: Result[]): Summary {
  const categories = [...new Set(results.map((r) => r.category))];
  const rows = [...categories.map((c) => [c, results.filter((r) => r.category === c)] as const), ["total", results] as const];
  const header = ["category", "cases", "bad", "exit 2", "exit-2 rate", ...COLUMNS.map((c) => c.title), "max ms", "max MB"];
  const lines = rows.map(([name, rs]) => {
    const bad = rs.filter((r) => r.expect === "bad");
    const two = bad.filter((r) => r.code === 2).length;
    return [
      name,
      String(rs.length),
      String(bad.length),
      String(two),
      bad.length ? `${((100 * two) / bad.length).toFixed(1)}%` : "-",
      ...COLUMNS.map((c) => String(count(rs, c.kinds))),
      String(Math.max(0, ...rs.map((r) => r.ms))),
      String(Math.max(0, ...rs.map((r) => r.rssMb))),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const table = [fmt(header), `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...lines.map(fmt)].join("\n");
  const byKind = new Map<ProblemKind, string[]>();
  for (const r of results) for (const p of r.problems) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), `  ${r.id}\n      ${p.detail}`]);
  const failures = [...byKind].map(([k, list]) => `${k} (${list.length}):\n${list.join("\n")}`).join("\n\n");
  const ok = results.every((r) => !r.problems.some((p) => MUST_BE_ZERO.includes(p.kind)));
  return { table, failures, ok };
}
