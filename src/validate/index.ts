/** The checks `llmops validate` runs, in order; later targets add theirs here. */
import { fresh } from "./fresh.ts";
import { promqlRules } from "./promqlRules.ts";
import { promtoolCheckRules, promtoolTestRules } from "./promtool.ts";
import { embeddedRules } from "./embeddedRules.ts";
import type { Check } from "./types.ts";

export const CHECKS: Check[] = [fresh, promqlRules, promtoolCheckRules, promtoolTestRules, embeddedRules];
