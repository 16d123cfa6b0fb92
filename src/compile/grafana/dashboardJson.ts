/**
 * A model dashboard → Grafana's dashboard JSON, through the Foundation SDK's dashboard builder.
 * The output is the bare dashboard model file provisioning reads, never `{"dashboard": …}`.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
  type Dashboard as GrafanaDashboard,
  type Panel,
  type RowPanel,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { DATASOURCE } from "../../dsl/dashboardPanel.ts";
import type { Dashboard } from "../../model/dashboards.ts";
import { flow } from "./layout.ts";

export const DATASOURCE_VARIABLE = "datasource";

export function dashboardJson(d: Dashboard): GrafanaDashboard {
  const b = new DashboardBuilder(d.title)
    .uid(d.uid)
    .tags(d.tags)
    .refresh(d.refresh)
    .time(d.time)
    .timezone("browser")
    .tooltip(DashboardCursorSync.Crosshair)
    .readonly()
    .link(new DashboardLinkBuilder("LLMOps dashboards").type(DashboardLinkType.Dashboards).tags(["llmops"]).asDropdown(true).includeVars(true).keepTime(true))
    .withVariable(new DatasourceVariableBuilder(DATASOURCE_VARIABLE).label("Data source").type("prometheus"));
  if (d.description) b.description(d.description);
  // The url keeps the time range and data source itself (dashboardLink), as panel links do.
  for (const l of d.links) b.link(new DashboardLinkBuilder(l.title).type(DashboardLinkType.Link).url(l.url));
  for (const v of d.variables) {
    b.withVariable(
      new QueryVariableBuilder(v.name)
        .label(v.name[0]!.toUpperCase() + v.name.slice(1))
        .datasource(DATASOURCE)
        .query(v.query)
        .definition(v.query)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue(".*")
        .current({ text: "All", value: "$__all" }),
    );
  }
  const dash = b.build();
  const positions = flow(d.sections.map((s) => ({ hasRow: s.row !== undefined, panels: s.panels })));
  const panels: (Panel | RowPanel)[] = [];
  d.sections.forEach((s, i) => {
    const pos = positions[i]!;
    // Every model panel is built for its own dashboard, so it is placed in place: copying each
    // panel (objects of many shapes) took a tenth of the Grafana target's time.
    const placed = s.panels.map((p, j): Panel => {
      p.panel.id = p.id;
      p.panel.gridPos = pos.panels[j]!;
      return p.panel;
    });
    if (s.row) {
      const row = new RowBuilder(s.row.title).id(s.row.id).collapsed(s.row.collapsed).gridPos(pos.row!);
      if (s.row.repeat) row.repeat(s.row.repeat);
      const built = row.build();
      // A collapsed row holds its panels; an open one is followed by them.
      if (s.row.collapsed) {
        built.panels = placed;
        panels.push(built);
      } else panels.push(built, ...placed);
    } else panels.push(...placed);
  });
  dash.panels = panels;
  dash.annotations = {
    list: [
      {
        builtIn: 1,
        datasource: { type: "grafana", uid: "-- Grafana --" },
        enable: true,
        hide: true,
        iconColor: "rgba(0, 211, 255, 1)",
        name: "Annotations & Alerts",
        type: "dashboard",
      },
    ],
  };
  return dash;
}
