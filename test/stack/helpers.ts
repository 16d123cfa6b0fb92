/** Building a project from definitions written to a temp folder. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "../../src/commands/build.ts";

export function tempDir(prefix = "llmops-stack-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A `stack` with one receiver of each kind that needs a secret, and every severity routed. */
export const SECRET_RECEIVERS = `{
  alerting: {
    receivers: [
      receiver.pagerduty({ name: "oncall" }),
      receiver.slack({ name: "chat", channel: "#llm-alerts" }),
      receiver.email({ name: "mail", to: "ops@example.com", from: "am@example.com", smarthost: "smtp.example.com:587", authUsername: "alertmanager" }),
    ],
    routes: { page: "oncall", critical: "oncall", ticket: "chat", warning: "mail" },
  },
}`;

/** A one-service project whose `stack` field is `stack` (TypeScript source, or nothing). */
export function definitions(stack?: string, preset = "lab"): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, "index.ts"),
    `import { defineProject, presets, receiver, service, sli, slo, alert } from "llmops";
void receiver;
export default defineProject({
  name: "demo",
  conventions: ${preset === "lab" ? "presets.lab()" : preset.startsWith("presets.") ? preset : "presets.otelGenAI()"},
  services: [
    service({
      name: "llm-agent",
      slos: [slo({ name: "availability", objective: 99.5, description: "Requests that succeed; {{ $value }} stays literal.", sli: sli.availability() })],
      alerts: [alert.errorRate({ name: "HighLLMErrorRate", abovePercent: 5, severity: "critical" })],
    }),
  ],
  ${stack ? `stack: ${stack},` : ""}
});
`,
  );
  return dir;
}

export async function artifacts(stack?: string, preset?: string): Promise<Map<string, string>> {
  const { artifacts } = await build(definitions(stack, preset));
  return new Map(artifacts.map((a) => [a.path, a.content]));
}
