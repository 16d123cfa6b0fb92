/** load → check → compile: what generate and validate share. */
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

/** `out`: the output directory, never read as definitions even when it lies inside them. */
export async function build(definitions: string, out?: string): Promise<Build> {
  const { spec, entry } = await loadDefinitions(definitions, out !== undefined ? { out } : {});
  const model = normalize(spec, entry);
  return { model, artifacts: compile(model), entry };
}
