/** The project's price table: checked field by field before spend is computed from it. */
import { UserError } from "../errors.ts";
import type { PriceTable } from "../vocabulary/prices.ts";
import { unsafeChar } from "./text.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Problems of a price table, each naming its field; none means it can be used. */
export function priceTableErrors(table: PriceTable, file: string): UserError[] {
  const errors: UserError[] = [];
  const fail = (path: string, what: string, hint: string) => errors.push(new UserError({ file, path }, what, hint));
  const d = DATE.exec(table.date);
  const day = d ? new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))) : undefined;
  if (!d || !day || day.getUTCDate() !== Number(d[3]) || day.getUTCMonth() !== Number(d[2]) - 1) {
    fail("prices.date", `"${table.date}" is not a date`, "write the day the prices were read, as YYYY-MM-DD: prices change, and the date says which ones these are");
  }
  const names = Object.keys(table.models);
  if (!names.length) fail("prices.models", "the price table prices no model", 'add the models your application calls, e.g. models: { "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 } }');
  for (const name of names) {
    const at = `prices.models["${name}"]`;
    const bad = unsafeChar(name);
    if (name === "") fail(at, "a model name is empty", "key each price by the model name the conventions' model label carries, e.g. \"gpt-4o\"");
    else if (bad) fail(at, `the model name contains the control or line-separator character ${bad}`, "key each price by the model name the model label carries");
    const p = table.models[name]!;
    for (const field of ["input", "cachedInput", "output"] as const) {
      const v = p[field];
      if (v === undefined) continue;
      if (!(Number.isFinite(v) && v >= 0)) fail(`${at}.${field}`, `${v} is not a price`, "give US dollars per million tokens, 0 or more, e.g. input: 2.5");
    }
    if (p.cachedInput !== undefined && Number.isFinite(p.cachedInput) && p.cachedInput > p.input) {
      fail(`${at}.cachedInput`, `cached input at $${p.cachedInput} costs more than input at $${p.input} per million tokens`, "cached input tokens are the input the provider served from its cache, at a discount: check the two prices");
    }
  }
  return errors;
}
