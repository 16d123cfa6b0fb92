/**
 * Secrets stay out of generated/: receivers name secrets, Compose mounts them from files outside
 * the generated directory, Alertmanager reads them through `*_file` fields.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../../src/commands/generate.ts";
import { listFiles } from "../../src/write/index.ts";
import { definitions, SECRET_RECEIVERS, tempDir } from "./helpers.ts";

const SECRETS = {
  SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/s3cr3t-slack-token",
  PAGERDUTY_ROUTING_KEY: "pd-routing-key-0123456789abcdef",
  SMTP_PASSWORD: "smtp-pa55word-do-not-leak",
  GRAFANA_ADMIN_PASSWORD: "grafana-admin-pa55word",
};

describe("secrets", () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [k, v] of Object.entries(SECRETS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterEach(() => {
    for (const k of Object.keys(SECRETS)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it("no secret value from the environment ends up in any generated file", async () => {
    const defs = definitions(SECRET_RECEIVERS);
    const out = join(tempDir(), "generated");
    const { code } = await generate({ definitions: defs, out, check: false });
    expect(code).toBe(0);
    const files = listFiles(out);
    expect(files).toContain("alertmanager/alertmanager.yml");
    for (const f of files) {
      const text = readFileSync(join(out, f), "utf8");
      for (const [name, value] of Object.entries(SECRETS)) expect(text.includes(value), `${name} found in ${f}`).toBe(false);
    }
    const am = readFileSync(join(out, "alertmanager/alertmanager.yml"), "utf8");
    expect(am).toMatch(/api_url_file: \/run\/secrets\//);
    expect(am).not.toMatch(/\b(api_url|routing_key|auth_password):/);
  });

  it("a secret written into a definition field is refused, not generated", async () => {
    const defs = definitions(`{ alerting: { receivers: [receiver.slack({ name: "chat", channel: process.env.SLACK_WEBHOOK_URL! })] } }`);
    const out = join(tempDir(), "generated");
    await expect(generate({ definitions: defs, out, check: false })).rejects.toThrow(/a channel looks like a URL/);
    expect(listFiles(out)).toEqual([]);
  });
});
