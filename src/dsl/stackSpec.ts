/**
 * What definitions write about the compose stack. Every field is optional: `stack` left out
 * gives Prometheus, Alertmanager, Grafana, the Collector, Jaeger and the traffic simulator on
 * their usual ports, published on 127.0.0.1 only.
 */

/** Host ports the stack publishes; container ports are fixed. */
export interface StackPortsSpec {
  prometheus?: number;
  alertmanager?: number;
  grafana?: number;
  /** Jaeger UI, or Tempo's HTTP API. */
  traces?: number;
  otlpGrpc?: number;
  otlpHttp?: number;
  simulator?: number;
}

/**
 * Secrets are never values in definitions: a receiver names a secret, Compose mounts the file
 * `<secretsDir>/<secret>` at `/run/secrets/<secret>`, and Alertmanager reads it through a
 * `*_file` field.
 */
export interface WebhookReceiverSpec {
  kind: "webhook";
  name: string;
  /** Not a secret: Alertmanager 0.25 has no `url_file`. */
  url: string;
  sendResolved?: boolean;
}

export interface SlackReceiverSpec {
  kind: "slack";
  name: string;
  channel: string;
  /** Secret holding the incoming-webhook URL (default `<name>_slack_api_url`). */
  apiUrlSecret?: string;
  sendResolved?: boolean;
}

export interface PagerDutyReceiverSpec {
  kind: "pagerduty";
  name: string;
  /** Secret holding the Events API v2 routing key (default `<name>_pagerduty_routing_key`). */
  routingKeySecret?: string;
  sendResolved?: boolean;
}

export interface EmailReceiverSpec {
  kind: "email";
  name: string;
  to: string;
  from: string;
  /** `host:port` of the SMTP server. */
  smarthost: string;
  authUsername?: string;
  /** Secret holding the SMTP password (default `<name>_smtp_password` when authUsername is set). */
  authPasswordSecret?: string;
  sendResolved?: boolean;
}

export type ReceiverSpec = WebhookReceiverSpec | SlackReceiverSpec | PagerDutyReceiverSpec | EmailReceiverSpec;

export interface AlertingStackSpec {
  /** Receivers; default two webhooks (`oncall`, `tickets`) posting to the simulator's alert log. */
  receivers?: ReceiverSpec[];
  /** Receiver per `severity` label value (default page and critical → oncall, ticket and warning → tickets). */
  routes?: Record<string, string>;
  /** Receiver of anything no route matches (default the `ticket` route's receiver). */
  defaultReceiver?: string;
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export interface StackSpec {
  /** `false` generates no stack files. */
  enabled?: boolean;
  /** Trace store behind the Collector (default `jaeger`). */
  traceStore?: "jaeger" | "tempo";
  /** Interface the published ports bind to (default `127.0.0.1`). */
  bindAddress?: string;
  ports?: StackPortsSpec;
  /** How long Prometheus keeps samples (default `15d`). */
  retention?: string;
  /** How long Tempo keeps traces (default `48h`). */
  traceRetention?: string;
  /** Default `15s`. */
  scrapeInterval?: string;
  /** Default `15s`. */
  evaluationInterval?: string;
  /** Where Prometheus scrapes each service (`host:port`), by service name; default the simulator. */
  targets?: Record<string, string[]>;
  /** The traffic simulator standing in for the LLM app (default on). */
  simulator?: {
    enabled?: boolean;
    /** Default 1. */
    requestsPerSecond?: number;
    /**
     * The llmops package its image is built from, relative to the generated directory: default
     * `..`, an llmops checkout's own layout; a project that installs llmops from npm uses
     * `../node_modules/llmops` (what `llmops init` writes).
     */
    buildContext?: string;
  };
  grafana?: { anonymousViewer?: boolean };
  /** Directory of secret files, relative to the generated directory (default `../secrets`). */
  secretsDir?: string;
  alerting?: AlertingStackSpec;
}
