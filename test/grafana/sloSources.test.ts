/**
 * From an SLO to the panels of its signal: a dashboard panel that lists an SLO's burn-rate alert
 * shows what the SLO measures, and the SLO's dashboard links to it (time range and data source
 * kept) beside its link back to the SLO list.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers.ts";

type Board = { uid: string; title: string; links?: { title: string; url?: string }[]; panels: { id: number; title: string; panels?: { id: number; title: string }[] }[] };

describe("SLO dashboards link to their signal's panels", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const boards = ["LLMOps", "SLOs"].flatMap((d) => readdirSync(join(out, "grafana/dashboards", d)).map((f) => JSON.parse(readFileSync(join(out, "grafana/dashboards", d, f), "utf8")) as Board));
  const byUid = new Map(boards.map((b) => [b.uid, b]));

  it("link every SLO a panel claims to that panel, and open the panel it names", () => {
    expect(gen.code, gen.stderr).toBe(0);
    const expected: Record<string, string> = {
      "slo-llm-agent-availability": "LLMOps Overview / Error rate",
      "slo-llm-agent-latency": "LLMOps Overview / P95 latency",
      "slo-llm-agent-time-to-first-token": "LLMOps Overview / Time to first token P95",
      "slo-llm-agent-cost-per-request": "LLM Cost / Cost per request",
    };
    for (const [uid, title] of Object.entries(expected)) {
      const link = byUid.get(uid)!.links!.find((l) => l.title === title);
      expect(link, `${uid} links to ${title}`).toBeDefined();
      const m = /^\/d\/([^?]+)\?\$\{__url_time_range\}&\$\{datasource:queryparam\}&viewPanel=(\d+)$/.exec(link!.url!)!;
      expect(m, link!.url).not.toBeNull();
      const target = byUid.get(m[1]!)!;
      const panel = target.panels.flatMap((p) => [p, ...(p.panels ?? [])]).find((p) => p.id === Number(m[2]));
      expect(`${target.title} / ${panel?.title}`).toBe(title);
    }
  });

  it("give an SLO no panel claims only its way back to the SLO list", () => {
    const links = byUid.get("slo-llm-providers-openai-availability")!.links!.filter((l) => l.url);
    expect(links.map((l) => l.title)).toEqual(["SLOs llm-providers"]);
  });
});
