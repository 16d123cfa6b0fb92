/** The Grafana target: every dashboard as a bare dashboard JSON file, plus provisioning. */
import type { Model } from "../../model/types.ts";
import { jsonFile, type Artifact } from "../artifact.ts";
import { dashboardJson } from "./dashboardJson.ts";
import { provisioningFiles } from "./provisioning.ts";
import { sloDashboards } from "./sloDashboards.ts";
import type { Dashboard } from "../../model/dashboards.ts";
import { UserError } from "../../errors.ts";

export const dashboardPath = (d: Pick<Dashboard, "folder" | "uid">) => `grafana/dashboards/${d.folder}/${d.uid}.json`;

/** Definition dashboards first, then one per SLO; uids are unique across both. */
export function allDashboards(model: Model): Dashboard[] {
  const all = [...(model.dashboards ?? []), ...sloDashboards(model)];
  const seen = new Map<string, string>();
  for (const d of all) {
    const other = seen.get(d.uid);
    if (other) {
      throw new UserError({ file: d.source, path: `dashboard "${d.title}"` }, `uid "${d.uid}" is also the uid of dashboard "${other}"`, "give the dashboard written in the definitions another title or an explicit uid");
    }
    seen.set(d.uid, d.title);
  }
  return all;
}

export function grafanaFiles(model: Model): Artifact[] {
  return [...allDashboards(model).map((d) => jsonFile(dashboardPath(d), dashboardJson(d))), ...provisioningFiles(model)];
}
