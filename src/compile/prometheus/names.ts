/**
 * File and rule-group names of the Prometheus target.
 */
import { bounded } from "../../model/names.ts";
export * from "../../vocabulary/series.ts";

/**
 * The service name as it appears in file names: one stem for every file of a service. 200 bytes
 * leaves the longest of them (`prometheusrule-<stem>.yaml`) room under the 255-byte segment limit
 * for the prefixes tools add when they copy a file (a folder name, a namespace).
 */
export const FILE_STEM_MAX = 200;
export const serviceFileStem = (service: string) => bounded(service, FILE_STEM_MAX);

export const ruleFilePath = (service: string) => `prometheus/rules/${serviceFileStem(service)}.yaml`;
export const testFilePath = (service: string) => `prometheus/tests/${serviceFileStem(service)}.test.yaml`;

/**
 * Mimir and Cortex store each rule group as an object keyed by the base64url of its namespace and
 * of its name; on a file-system store each becomes a file name, so neither may exceed 189 bytes
 * (252 characters once encoded). Prometheus itself has no limit.
 */
export const RULE_GROUP_NAME_MAX = 189;

/** A rule group or ruler namespace name within Mimir's limit; `suffix` (a part number) is kept whole. */
export const ruleGroupName = (name: string, suffix = "") => bounded(name, RULE_GROUP_NAME_MAX - suffix.length) + suffix;
