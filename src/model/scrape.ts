/**
 * Which services the stack scrapes under a job of their own. A service whose SLIs and alerts
 * select its own job label gets one. A service that only reads another service's series
 * (a Sloth or OpenSLO file whose queries say `job="llm-agent"`) gets none: scraping the same
 * target again under its name would put every series in Prometheus twice, and every absolute
 * rate and cost a dashboard sums over all services would double.
 */
import { fillWindow } from "../promql/build.ts";
import { matcherHolds } from "../promql/regex.ts";
import { selectorsOf, Unsteady } from "../promql/steady.ts";
import type { Selection, Service } from "./types.ts";

function fromQuery(q: string): Selection[] {
  try {
    return selectorsOf(fillWindow(q, "5m"));
  } catch (e) {
    if (e instanceof Unsteady) return [];
    throw e;
  }
}

/** Every selection the service's SLIs and alerts make. */
function selections(s: Service): Selection[] {
  const out: Selection[] = [];
  for (const slo of s.slos) {
    const sli = slo.sli;
    if (sli.kind === "events") out.push(...[sli.bad, sli.good, sli.total].filter((x): x is Selection => x !== undefined));
    else if (sli.kind === "raw") out.push(...[sli.template, sli.events?.error, sli.events?.good, sli.events?.total].filter((x): x is string => x !== undefined).flatMap(fromQuery));
    else {
      const m = sli.measure;
      if (m.kind === "perRequest") out.push(m.numerator, m.requests);
      else if (m.kind === "gaugeAvg") out.push(m.gauge);
      else out.push(...fromQuery(m.template));
    }
  }
  for (const a of s.alerts) {
    const g = a.signal;
    if (g.kind === "quantile") out.push(g.bucket);
    else if (g.kind === "ratio") out.push(g.bad, g.total);
    else if (g.kind === "up") out.push(g.up);
    else out.push(g.counter);
  }
  return out;
}

/** Whether some series the service's rules read carries its own job (`label` is the conventions' service label). */
export function readsOwnJob(s: Service, label: string): boolean {
  return selections(s).some((sel) => sel.matchers.some((m) => m.label === label && matcherHolds(m, s.job)));
}
