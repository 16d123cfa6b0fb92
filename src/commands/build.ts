/** load → check → compile: what generate and validate share. */
import { runDefinitions } from "../load/boundary.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { normalize } from "../model/normalize.ts";
import { compile } from "../compile/index.ts";
import type { Artifact } from "../compile/artifact.ts";
import type { Model } from "../model/types.ts";

export interface Build {
  model: Model;
  artifacts: Artifact[];
  entry: string;
}

/** load → check. `out`: the output directory, never read as definitions even when it lies inside them. */
export async function loadModel(definitions: string, out?: string, defaultWindow?: string): Promise<{ model: Model; entry: string }> {
  const { spec, entry } = await loadDefinitions(definitions, out !== undefined ? { out } : {});
  // The check reads the spec, and so runs the user's getters, proxies and callbacks.
  const model = await runDefinitions(entry, "check", () => normalize(spec, entry, defaultWindow !== undefined ? { defaultWindow } : {}));
  return { model, entry };
}

export async function build(definitions: string, out?: string, defaultWindow?: string): Promise<Build> {
  const { model, entry } = await loadModel(definitions, out, defaultWindow);
  return { model, artifacts: compile(model), entry };
}
