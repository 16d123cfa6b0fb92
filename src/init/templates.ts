/**
 * What `llmops init` writes: a small working GitOps repository. Structured files are serialized
 * (JSON, YAML); the definitions are TypeScript source, written as the user will edit them.
 */
import { stringify } from "yaml";
import { readme } from "./readme.ts";

export interface ScaffoldFile {
  path: string;
  content: string;
}

/** Its latency threshold, 2.56 s, is a bucket bound of `gen_ai.client.operation.duration`. */
const DEFINITIONS = `/**
 * SLOs and alerts of this repository's LLM application, on the OpenTelemetry GenAI semantic
 * conventions. \`npx llmops generate\` compiles them into generated/; \`npx llmops validate\`
 * proves the output with promtool and amtool.
 */
import { alert, defineProject, presets, service, sli, slo } from "llmops";

export default defineProject({
  name: "my-llm-app",
  conventions: presets.otelGenAI(),
  services: [
    service({
      name: "chat",
      slos: [
        slo({
          name: "availability",
          objective: 99.5,
          description: "Share of GenAI operations that succeed.",
          sli: sli.availability(),
        }),
        slo({
          name: "latency",
          objective: 95,
          description: "Share of GenAI operations that finish within 2.56 seconds.",
          // A bucket bound of gen_ai.client.operation.duration.
          sli: sli.latency({ threshold: 2.56 }),
        }),
      ],
      alerts: [
        alert.errorRate({ name: "HighGenAIErrorRate", abovePercent: 5, for: "5m" }),
        alert.latencyQuantile({ name: "SlowGenAIOperations", quantile: 0.95, above: 10, for: "5m" }),
      ],
    }),
  ],
  // The traffic simulator's image is built from the llmops package npm installed.
  stack: { simulator: { buildContext: "../node_modules/llmops" } },
});
`;

function workflow(): string {
  const doc = {
    name: "llmops",
    on: { pull_request: {}, push: { branches: ["main"] } },
    jobs: {
      llmops: {
        "runs-on": "ubuntu-latest",
        steps: [
          { uses: "actions/checkout@v4" },
          { name: "package-lock.json is committed", run: `test -f package-lock.json || { echo "::error file=package.json::package-lock.json is missing: run npm install and commit package-lock.json"; exit 1; }` },
          { uses: "actions/setup-node@v4", with: { "node-version": 20, cache: "npm" } },
          { name: "Install promtool and amtool", run: "sudo apt-get update && sudo apt-get install -y prometheus prometheus-alertmanager" },
          { name: "Install dependencies as package-lock.json pins them", run: "npm ci --no-audit --no-fund" },
          { name: "Generated files match the definitions", run: "npx llmops generate --check" },
          { name: "Validate the generated files", run: "npx llmops validate" },
        ],
      },
    },
  };
  return stringify(doc, { lineWidth: 0 });
}

export interface LlmopsDependency {
  /** `dependencies.llmops` of package.json. */
  spec: string;
  /** Where it came from, in words. */
  origin: string;
  /** The vendored tarball's path in the scaffold, when there is one. */
  vendored?: string;
}

export function scaffold(name: string, llmops: LlmopsDependency): ScaffoldFile[] {
  const pkg = {
    name,
    private: true,
    type: "module",
    scripts: { generate: "llmops generate", check: "llmops generate --check", validate: "llmops validate" },
    dependencies: { llmops: llmops.spec },
  };
  return [
    { path: "README.md", content: readme(name, llmops) },
    { path: "definitions/index.ts", content: DEFINITIONS },
    { path: "package.json", content: JSON.stringify(pkg, null, 2) + "\n" },
    { path: ".gitattributes", content: "generated/** linguist-generated=true\n" },
    // generate's lock and staging trees beside generated/: there while it runs, or until the next run after a kill.
    { path: ".gitignore", content: "node_modules/\n/.generated.*\n" },
    { path: ".github/workflows/llmops.yml", content: workflow() },
  ];
}
