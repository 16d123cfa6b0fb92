/**
 * alertmanager.yml: burn-rate alerts routed by their tier, threshold alerts by their severity,
 * grouping by alert, service and SLO, a page silencing the ticket of the same SLO, and receivers
 * whose secrets Alertmanager reads from files.
 */
import type { Receiver, Stack } from "../../dsl/stackModel.ts";
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { SERVICE_LABEL, SLO_LABEL, TIER_LABEL } from "../prometheus/names.ts";
import { MOUNTS, PATHS } from "../stack/layout.ts";

export const GROUP_BY = ["alertname", SERVICE_LABEL, SLO_LABEL];

const secretPath = (name: string) => `${MOUNTS.secrets}/${name}`;

const TIERS = ["page", "ticket"] as const;

/**
 * Routes in the order Alertmanager tries them. A burn-rate tier goes to the receiver of the route
 * named after it whatever severity the user gave it (Sloth's `pageteam` pages); only without such
 * a route does it fall through to the severity routes, which also serve threshold alerts.
 */
export function routeList(stack: Stack): { matcher: string; receiver: string }[] {
  const bySeverity = new Map(stack.alerting.routes);
  const tiers = TIERS.flatMap((t) => {
    const receiver = bySeverity.get(t);
    return receiver ? [{ matcher: `${TIER_LABEL}="${t}"`, receiver }] : [];
  });
  // Severity values are plain names (checked where they are read): no escaping needed.
  return [...tiers, ...stack.alerting.routes.map(([severity, receiver]) => ({ matcher: `severity="${severity}"`, receiver }))];
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

export function alertmanagerConfig(stack: Stack): Record<string, unknown> {
  const a = stack.alerting;
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: a.defaultReceiver,
      group_by: GROUP_BY,
      group_wait: a.groupWait,
      group_interval: a.groupInterval,
      repeat_interval: a.repeatInterval,
      routes: routeList(stack).map(({ matcher, receiver }) => ({ receiver, matchers: [matcher] })),
    },
    inhibit_rules: [
      // A page already says the SLO is burning; its slower ticket adds nothing. Only SLO alerts carry
      // the tier label, so the rule cannot reach a threshold alert whatever its severity.
      { source_matchers: [`${TIER_LABEL}="page"`], target_matchers: [`${TIER_LABEL}="ticket"`], equal: [SERVICE_LABEL, SLO_LABEL] },
      // A critical threshold alert hides the warning of the same alert.
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", SERVICE_LABEL] },
    ],
    receivers: a.receivers.map(receiverConfig),
  };
}

export function alertmanagerFiles(model: Model): Artifact[] {
  return model.stack ? [yamlFile(PATHS.alertmanagerConfig, alertmanagerConfig(model.stack))] : [];
}
