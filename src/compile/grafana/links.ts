/**
 * Where an alert's `dashboard_url` annotation points. Shared by the Grafana target and the
 * Prometheus rules, so a link and the panel it names can never drift apart.
 */
import { uidFrom } from "../../model/dashboards.ts";
import type { SLO, ThresholdAlert } from "../../model/types.ts";

/** Grafana's relative path to a dashboard, optionally opened on one panel. */
export function dashboardPath(uid: string, panelId?: number): string {
  return panelId === undefined ? `/d/${uid}` : `/d/${uid}?viewPanel=${panelId}`;
}

/**
 * A link from one Grafana dashboard to another, followed inside Grafana: it carries the time
 * range on screen and the chosen data source (the dashboards' `datasource` variable), which a
 * panel's or a data link's url keeps only when it names them. Alert annotations use
 * `dashboardPath`: Alertmanager has no time range or variable to pass on.
 */
export function dashboardLink(uid: string, panelId?: number): string {
  const query = ["${__url_time_range}", "${datasource:queryparam}", ...(panelId === undefined ? [] : [`viewPanel=${panelId}`])];
  return `/d/${uid}?${query.join("&")}`;
}

export function sloDashboardUid(service: string, slo: string): string {
  return uidFrom(`slo-${service}-${slo}`);
}

/** The dashboard listing every SLO of a service. */
export function sloListUid(service: string): string {
  return uidFrom(`slos-${service}`);
}

/** Fixed ids of the SLO dashboard's panels that alerts open (the dashboard asserts them). */
export const SLO_PANEL = { burnRate: 14 } as const;

export function sloAlertPath(slo: SLO): string {
  return dashboardPath(sloDashboardUid(slo.service, slo.name), SLO_PANEL.burnRate);
}

/** The panel that claims the alert, if any does. */
export function thresholdAlertPath(a: ThresholdAlert): string | undefined {
  return a.dashboard ? dashboardPath(a.dashboard.uid, a.dashboard.panelId) : undefined;
}
