/** The stack's simulator emits the project's preset in the names its translation strategy gives. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { artifacts } from "./helpers.ts";

async function simulatorCommand(conventions: string): Promise<string[]> {
  const files = await artifacts("{}", conventions);
  return (parse(files.get("compose.yaml")!) as { services: { simulator: { command: string[] } } }).services.simulator.command;
}

const arg = (command: string[], flag: string) => (command.includes(flag) ? command[command.indexOf(flag) + 1] : undefined);

describe("the stack's simulator command", () => {
  it("runs the project's preset: otel-genai-1.36, openlit, lab-dashboard (not the lab's)", async () => {
    expect(arg(await simulatorCommand("presets.otelGenAI136()"), "--preset")).toBe("otel-genai-1.36");
    expect(arg(await simulatorCommand("presets.openlit()"), "--preset")).toBe("openlit");
    expect(arg(await simulatorCommand("presets.labDashboard()"), "--preset")).toBe("lab-dashboard");
  });
  it("passes the translation strategy when it is not the default", async () => {
    const utf8 = await simulatorCommand('presets.otelGenAI137({ translation: "NoUTF8EscapingWithSuffixes" })');
    expect(arg(utf8, "--preset")).toBe("otel-genai-1.37");
    expect(arg(utf8, "--translation")).toBe("NoUTF8EscapingWithSuffixes");
    expect(await simulatorCommand("presets.lab()")).not.toContain("--translation");
  });
});
