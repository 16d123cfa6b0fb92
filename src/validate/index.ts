/** The checks `llmops validate` runs, in order; later targets add theirs here. */
import { fresh } from "./fresh.ts";
import { promqlRules } from "./promqlRules.ts";
import { promtoolCheckRules, promtoolTestRules } from "./promtool.ts";
import { embeddedRules } from "./embeddedRules.ts";
import type { Check } from "./types.ts";
import { DASHBOARD_CHECKS } from "./dashboards.ts";
import { composeCheck } from "./compose.ts";
import { promtoolCheckConfig } from "./prometheusConfig.ts";
import { amtoolCheckConfig } from "./amtool.ts";
import { collectorCheck } from "./collector.ts";

export const CHECKS: Check[] = [fresh, promqlRules, ...DASHBOARD_CHECKS, promtoolCheckRules, promtoolTestRules, embeddedRules, composeCheck, promtoolCheckConfig, amtoolCheckConfig, collectorCheck];
