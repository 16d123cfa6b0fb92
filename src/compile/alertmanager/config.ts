/**
 * alertmanager.yml: a route per severity, grouping by alert, service and SLO, a page silencing
 * the ticket of the same SLO, and receivers whose secrets Alertmanager reads from files.
 */
import type { Receiver, Stack } from "../../dsl/stackModel.ts";
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { SERVICE_LABEL, SLO_LABEL } from "../prometheus/names.ts";
import { MOUNTS, PATHS } from "../stack/layout.ts";

export const GROUP_BY = ["alertname", SERVICE_LABEL, SLO_LABEL];

const secretPath = (name: string) => `${MOUNTS.secrets}/${name}`;

/** `severity=~"a|b"`, or `severity="a"` for one value; values are plain names, no escaping needed. */
function severityMatcher(values: string[]): string {
  const v = [...new Set(values)];
  return v.length === 1 ? `severity="${v[0]}"` : `severity=~"${v.join("|")}"`;
}

function receiverConfig(r: Receiver): Record<string, unknown> {
  switch (r.kind) {
    case "webhook":
      return { name: r.name, webhook_configs: [{ url: r.url, send_resolved: r.sendResolved }] };
    case "slack":
      return {
        name: r.name,
        slack_configs: [
          {
            api_url_file: secretPath(r.apiUrlSecret),
            channel: r.channel,
            send_resolved: r.sendResolved,
            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
          },
        ],
      };
    case "pagerduty":
      return { name: r.name, pagerduty_configs: [{ routing_key_file: secretPath(r.routingKeySecret), send_resolved: r.sendResolved }] };
    case "email":
      return {
        name: r.name,
        email_configs: [
          {
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            ...(r.authUsername ? { auth_username: r.authUsername } : {}),
            ...(r.authPasswordSecret ? { auth_password_file: secretPath(r.authPasswordSecret) } : {}),
            send_resolved: r.sendResolved,
          },
        ],
      };
  }
}

/** Severities of each burn-rate tier, as the rules label them (page and ticket unless renamed). */
function tierSeverities(model: Model, tier: "page" | "ticket"): string[] {
  const s = model.services.flatMap((svc) => svc.slos.flatMap((slo) => slo.tiers.filter((t) => t.tier === tier).map((t) => t.severity)));
  return s.length ? [...new Set(s)] : [tier];
}

export function alertmanagerConfig(model: Model, stack: Stack): Record<string, unknown> {
  const a = stack.alerting;
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: a.defaultReceiver,
      group_by: GROUP_BY,
      group_wait: a.groupWait,
      group_interval: a.groupInterval,
      repeat_interval: a.repeatInterval,
      routes: a.routes.map(([severity, receiver]) => ({ receiver, matchers: [severityMatcher([severity])] })),
    },
    inhibit_rules: [
      // A page already says the SLO is burning; its slower ticket adds nothing. Both sides must
      // carry an slo label: `equal` treats a label missing on both as equal, and threshold alerts
      // share severities with SLO tiers, so without it any critical would hide every warning.
      {
        source_matchers: [severityMatcher(tierSeverities(model, "page")), `${SLO_LABEL}=~".+"`],
        target_matchers: [severityMatcher(tierSeverities(model, "ticket")), `${SLO_LABEL}=~".+"`],
        equal: [SERVICE_LABEL, SLO_LABEL],
      },
      // A critical threshold alert hides the warning of the same alert.
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", SERVICE_LABEL] },
    ],
    receivers: a.receivers.map(receiverConfig),
  };
}

export function alertmanagerFiles(model: Model): Artifact[] {
  return model.stack ? [yamlFile(PATHS.alertmanagerConfig, alertmanagerConfig(model, model.stack))] : [];
}
