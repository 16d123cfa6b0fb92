/** Stack helpers definitions import: `stack({...})` and `receiver.slack({...})`. */
import type { EmailReceiverSpec, PagerDutyReceiverSpec, SlackReceiverSpec, StackSpec, WebhookReceiverSpec } from "./stackSpec.ts";

export function stack(spec: StackSpec): StackSpec {
  return spec;
}

/** Alertmanager receivers; secrets are named, never given. */
export const receiver = {
  webhook: (opts: Omit<WebhookReceiverSpec, "kind">): WebhookReceiverSpec => ({ kind: "webhook", ...opts }),
  slack: (opts: Omit<SlackReceiverSpec, "kind">): SlackReceiverSpec => ({ kind: "slack", ...opts }),
  pagerduty: (opts: Omit<PagerDutyReceiverSpec, "kind">): PagerDutyReceiverSpec => ({ kind: "pagerduty", ...opts }),
  email: (opts: Omit<EmailReceiverSpec, "kind">): EmailReceiverSpec => ({ kind: "email", ...opts }),
};

export type * from "./stackSpec.ts";
