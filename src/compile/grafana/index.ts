/** The Grafana target: every dashboard as a bare dashboard JSON file, plus provisioning. */
import type { Model } from "../../model/types.ts";
import { jsonFile, type Artifact } from "../artifact.ts";
import { dashboardJson } from "./dashboardJson.ts";
import { provisioningFiles } from "./provisioning.ts";
import { eachSloDashboard } from "./sloDashboards.ts";
import type { Dashboard } from "../../model/dashboards.ts";
import { UserError } from "../../errors.ts";

export const dashboardPath = (d: Pick<Dashboard, "folder" | "uid">) => `grafana/dashboards/${d.folder}/${d.uid}.json`;

/**
 * Definition dashboards first, then one per SLO, each turned into its file as soon as it is
 * built; uids are unique across both.
 */
export function* grafanaFiles(model: Model): Generator<Artifact> {
  const seen = new Map<string, string>();
  const file = (d: Dashboard): Artifact => {
    const other = seen.get(d.uid);
    if (other) {
      throw new UserError({ file: d.source, path: `dashboard "${d.title}"` }, `uid "${d.uid}" is also the uid of dashboard "${other}"`, "give the dashboard written in the definitions another title or an explicit uid");
    }
    seen.set(d.uid, d.title);
    return jsonFile(dashboardPath(d), dashboardJson(d));
  };
  for (const d of model.dashboards ?? []) yield file(d);
  for (const d of eachSloDashboard(model)) yield file(d);
  yield* provisioningFiles(model);
}
