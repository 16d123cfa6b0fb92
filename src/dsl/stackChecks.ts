/**
 * Checks of the stack definition that stand apart from its defaults: the receivers' fields, and
 * the text of every string that reaches a config file, which Go's YAML readers (Alertmanager,
 * Prometheus, Grafana) must read back as written.
 */
import { unsafeChar } from "../model/text.ts";
import type { ReceiverSpec, StackSpec } from "./stackSpec.ts";

type Fail = (path: string, what: string, hint: string) => void;

const ADDRESS = /^[^\s@,<>]+@[^\s@,<>]+$/;
/** `Ops <ops@example.com>` or `ops@example.com`, as Go's mail parser takes them. */
const isAddress = (text: string): boolean => {
  const t = text.trim();
  const angled = /^[^<>]*<([^<>]+)>$/.exec(t);
  return ADDRESS.test(angled ? angled[1]! : t);
};
/** `smtp.example.com:587`, `[2001:db8::1]:25`. */
const SMARTHOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$/;

/** Fields a receiver kind requires to be filled, and their formats. */
export function checkReceiver(r: ReceiverSpec, path: string, fail: Fail): void {
  const empty = (field: string, value: string | undefined, hint: string) => {
    if (value === "") fail(`${path}.${field}`, `${field} is empty`, hint);
    return value === "" || value === undefined;
  };
  switch (r.kind) {
    case "slack":
      empty("channel", r.channel, "name the channel notifications go to, e.g. \"#alerts\"");
      return;
    case "email":
      if (!empty("to", r.to, "give the address notifications go to, e.g. \"oncall@example.com\"") && !r.to.split(",").every(isAddress)) {
        fail(`${path}.to`, `"${r.to}" is not an email address`, "write one address, or several separated by commas, e.g. \"oncall@example.com\"");
      }
      if (!empty("from", r.from, "give the sender address, e.g. \"alertmanager@example.com\"") && !isAddress(r.from)) {
        fail(`${path}.from`, `"${r.from}" is not an email address`, "write the sender address, e.g. \"alertmanager@example.com\"");
      }
      if (!empty("smarthost", r.smarthost, "give the SMTP server as host:port, e.g. \"smtp.example.com:587\"") && !SMARTHOST.test(r.smarthost)) {
        fail(`${path}.smarthost`, `"${r.smarthost}" is not host:port`, "Alertmanager needs the port of the SMTP server too, e.g. \"smtp.example.com:587\"");
      }
      empty("authPasswordSecret", r.authPasswordSecret, "name the secret file that holds the SMTP password, or leave the field out for <name>_smtp_password");
      return;
    default:
      return;
  }
}

/** Every string of the stack spec, keys included, with its path. */
function* strings(v: unknown, path: string): Generator<[string, string]> {
  if (typeof v === "string") yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* strings(x, `${path}[${i}]`);
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      yield [`${path}.${k}`, k];
      yield* strings(x, `${path}.${k}`);
    }
  }
}

/** Control and line-separator characters anywhere in the stack spec. */
export function checkStackText(spec: StackSpec, fail: Fail): void {
  for (const [path, text] of strings(spec, "")) {
    const bad = unsafeChar(text);
    if (bad) fail(path.slice(1), `contains the control or line-separator character ${bad}`, "write plain text; Alertmanager's and Prometheus' YAML readers would read it differently");
  }
}
