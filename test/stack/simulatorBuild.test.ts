/** The simulator's image builds from something that exists where its compose file is used. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { build } from "../../src/commands/build.ts";
import { ROOT } from "../helpers.ts";
import { missingForBuild } from "./dockerContext.ts";
import { artifacts, definitions } from "./helpers.ts";

type Compose = { services: Record<string, { build?: { context: string; dockerfile: string } }> };
const simulatorBuild = (text: string) => (parse(text) as Compose).services.simulator!.build!;

describe("the simulator's build", () => {
  it("in this repository, generated/compose.yaml builds it from the checkout: context, Dockerfile and every COPY source exist", () => {
    const b = simulatorBuild(readFileSync(join(ROOT, "generated/compose.yaml"), "utf8"));
    expect(b.context).toBe("..");
    expect(missingForBuild(join(ROOT, "generated"), b)).toEqual([]);
  });

  it("builds from the folder stack.simulator.buildContext names, relative to the generated directory", async () => {
    expect(simulatorBuild((await artifacts()).get("compose.yaml")!).context).toBe("..");
    const b = simulatorBuild((await artifacts(`{ simulator: { buildContext: "../node_modules/llmops" } }`)).get("compose.yaml")!);
    expect(b).toEqual({ context: "../node_modules/llmops", dockerfile: "stack/simulator/Dockerfile" });
  });

  it("refuses a build context that would not travel with the repository, naming the field", async () => {
    const refused = async (context: string) => {
      const e = await build(definitions(`{ simulator: { buildContext: ${JSON.stringify(context)} } }`)).then(() => undefined, (x: unknown) => x as { format(): string });
      return e?.format() ?? "accepted";
    };
    expect(await refused("/home/me/llmops")).toMatch(/stack\.simulator\.buildContext: "\/home\/me\/llmops" is not a relative path/);
    expect(await refused("")).toMatch(/stack\.simulator\.buildContext: "" is not a relative path/);
  });
});
