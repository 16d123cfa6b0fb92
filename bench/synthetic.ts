/** Synthetic projects for the benchmarks: N SLOs, ten per service, every SLI kind in turn. */
const PER_SERVICE = 10;
const SLIS = [
  "sli.availability()",
  "sli.latency({ threshold: 3 })",
  `sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.02 })`,
  "sli.timeToFirstToken({ threshold: 1 })",
];

/** `definitions/index.ts` source of a project with `n` SLOs (and an error-rate alert per service). */
export function syntheticDefinitions(n: number): string {
  const services: string[] = [];
  for (let s = 0; s * PER_SERVICE < n; s++) {
    const slos: string[] = [];
    for (let i = 0; i < Math.min(PER_SERVICE, n - s * PER_SERVICE); i++) {
      const kind = i % SLIS.length;
      slos.push(`slo({ name: "slo-${i}", objective: ${kind === 2 ? 99 : 99.5}, sli: ${SLIS[kind]} })`);
    }
    services.push(`service({ name: "svc-${s}", slos: [${slos.join(", ")}], alerts: [alert.errorRate({ name: "HighLLMErrorRate", abovePercent: 5 })] })`);
  }
  return `import { alert, defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({ name: "bench", conventions: presets.lab(), services: [
${services.join(",\n")}
] });
`;
}
