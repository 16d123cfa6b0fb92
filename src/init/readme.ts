/**
 * The scaffold's README: its steps are the commands `init` prints as next steps, from one list,
 * and a test runs them as the README shows them.
 */
import type { LlmopsDependency } from "./templates.ts";

/** Each step: a command run in the repository, and what it does. */
export const STEPS: [command: string, what: string][] = [
  ["npm ci", "installs llmops as package-lock.json pins it"],
  ["npx llmops generate", "compiles definitions/ into generated/"],
  ["npx llmops validate", "proves generated/ with promtool and amtool"],
  ["npx llmops generate --check", "what CI runs: generated/ matches the definitions"],
];

function steps(): string {
  const width = Math.max(...STEPS.map(([c]) => c.length)) + 2;
  return STEPS.map(([c, what]) => `${c.padEnd(width)}# ${what}`).join("\n");
}

function source(llmops: LlmopsDependency): string {
  const follow =
    "To follow a published release or a git repository instead, `npm install llmops@<version>` or " +
    "`npm install git+https://<host>/<llmops>.git#<tag>` rewrites package.json and package-lock.json";
  if (llmops.vendored) {
    return [
      `package.json installs llmops from \`${llmops.spec}\`: ${llmops.origin}, packed into this repository.`,
      "A path on one machine does not exist on a CI runner; this file does. Commit it with",
      "package-lock.json, which pins its checksum.",
      `${follow}; then delete \`${llmops.vendored}\`.`,
    ].join("\n");
  }
  return [`package.json installs llmops from \`${llmops.spec}\`: ${llmops.origin}.`, `package-lock.json pins exactly what npm resolved. ${follow}.`].join("\n");
}

export function readme(name: string, llmops: LlmopsDependency): string {
  return `# ${name}

The SLOs, alerts and dashboards of this repository's LLM application, as code. \`definitions/\`
holds them; \`llmops generate\` compiles them into \`generated/\`, which is committed, and
\`llmops validate\` proves the generated files with promtool and amtool. The CI workflow
(\`.github/workflows/llmops.yml\`) runs both on every pull request and on main.

## Steps

Node 20 or later; validate needs promtool and amtool (Debian and Ubuntu:
\`sudo apt-get install prometheus prometheus-alertmanager\`).

\`\`\`sh
${steps()}
\`\`\`

Then commit everything: \`generated/\`, \`package-lock.json\`${llmops.vendored ? ` and \`${llmops.vendored}\`` : ""} included.

## Where llmops comes from

${source(llmops)}

## The stack

\`generated/compose.yaml\` runs Prometheus, Alertmanager, Grafana, the OpenTelemetry Collector, a
trace store and a traffic simulator; \`generated/README.md\` says how to start it. The simulator's
image is built from the installed llmops package (\`node_modules/llmops\`), so run \`npm ci\` first.
`;
}
