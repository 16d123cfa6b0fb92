/**
 * ../prometheus-v1/names.yaml and ../prometheus-v1/scalars.yaml written as TypeScript: the
 * llmops names the Sloth ones map to, the originals in the sloth_service / sloth_slo
 * annotations, and every label and annotation value the string Sloth reads. It must compile to
 * the same rule files as the Sloth specs.
 */
import { defineProject, presets, service, sli, slo } from "llmops";

const payments = { sloth_service: "Payments.API" };

export default defineProject({
  name: "sloth-corpus",
  conventions: presets.lab(),
  services: [
    service({
      name: "payments-api",
      slos: [
        slo({
          name: "card_authorisation",
          objective: 99.95,
          sli: sli.raw({
            errorQuery: 'sum(rate(card_auth_requests_total{outcome="error"}[{{.window}}]))',
            totalQuery: "sum(rate(card_auth_requests_total[{{.window}}]))",
          }),
          alerting: { name: "CardAuthorisationErrors", annotations: { ...payments, sloth_slo: "Card_Authorisation" } },
        }),
        slo({
          name: "refunds-p99-latency",
          objective: 99,
          sli: sli.raw({ errorRatio: "sum(rate(refund_slow_total[{{.window}}])) / sum(rate(refund_total[{{.window}}]))" }),
          alerting: { annotations: { ...payments, sloth_slo: "refunds.p99.latency" } },
        }),
        slo({
          name: "slo-3ds-challenge",
          objective: 98,
          sli: sli.raw({
            errorQuery: 'sum(rate(threeds_challenges_total{result="failed"}[{{.window}}]))',
            totalQuery: "sum(rate(threeds_challenges_total[{{.window}}]))",
          }),
          alerting: { annotations: { ...payments, sloth_slo: "3ds-challenge" } },
        }),
        slo({
          name: "webhook-delivery",
          objective: 99.5,
          sli: sli.raw({
            errorQuery: 'sum(rate(webhook_deliveries_total{status!="delivered"}[{{.window}}]))',
            totalQuery: "sum(rate(webhook_deliveries_total[{{.window}}]))",
          }),
          alerting: { annotations: { ...payments, sloth_slo: "webhook__delivery" } },
        }),
        slo({
          name: "payout_batches",
          objective: 99.9,
          sli: sli.raw({
            errorQuery: 'sum(rate(payout_batches_total{status="failed"}[{{.window}}]))',
            totalQuery: "sum(rate(payout_batches_total[{{.window}}]))",
          }),
          alerting: { annotations: payments },
        }),
      ],
    }),
    service({
      name: "notifications",
      labels: { tier: "1", critical: "true" },
      slos: [
        slo({
          name: "push-delivery",
          objective: 99.5,
          labels: { priority: "2", sample_ratio: "0.5", paging: "true" },
          sli: sli.raw({
            errorQuery: 'sum(rate(push_notifications_total{status="failed"}[{{.window}}]))',
            totalQuery: "sum(rate(push_notifications_total[{{.window}}]))",
          }),
          alerting: {
            name: "PushDeliveryFailing",
            labels: { escalation_level: "3" },
            annotations: { escalate_after_minutes: "15", public: "false" },
            page: { labels: { severity: "page", shift: "1" } },
            ticket: { labels: { severity: "ticket", sla_hours: "24" }, annotations: { dashboard_id: "4821" } },
          },
        }),
      ],
    }),
  ],
});
