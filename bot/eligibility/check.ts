import { PROVINCES, REGIONS } from "../geography/index.ts";
import { LANGUAGES } from "../core/types.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES, type Condition } from "./types.ts";

/**
 * Mistakes staff can make in rules that the shape check (schema.ts) lets through: a
 * misspelt province, a status we do not ask about, min above max, an empty any/all, a
 * test that can never be met. Each message names its path (`rules.any[0].in[1]`), so
 * the API can answer 400 with something a person can fix. Works on any input, not only
 * on parsed rules: it never throws.
 */
export function checkRules(condition: Condition): string[] {
  const problems: string[] = [];
  walk(condition, "rules", 0, problems);
  return problems;
}

const MAX_DEPTH = 12;
const PLAUSIBLE: Record<string, [number, number]> = { age: [0, 120], organizationAgeYears: [0, 200] };
const RANGE_FIELDS = new Set(["age", "organizationAgeYears"]);
const ALLOWED: Record<string, { values: readonly string[]; noun: string }> = {
  gender: { values: GENDERS, noun: "gender (female or male)" },
  area: { values: AREAS, noun: "area (urban or rural)" },
  status: { values: STATUSES, noun: `status (${STATUSES.join(", ")})` },
  organizationType: { values: ORGANIZATION_TYPES, noun: `organization type (${ORGANIZATION_TYPES.join(", ")})` },
  sector: { values: SECTORS, noun: "sector (see SECTORS)" },
  province: { values: PROVINCES.map((province) => province.slug), noun: "province slug" },
  region: { values: REGIONS.map((region) => region.slug), noun: "region slug" },
};
const IN_FIELDS = new Set([...Object.keys(ALLOWED), "country", "locality"]);
const COUNTRY_CODE = /^[A-Z]{2}$/;

type Problems = string[];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function walk(node: unknown, path: string, depth: number, problems: Problems): void {
  if (!isObject(node)) {
    problems.push(`${path}: expected a condition ({"all": […]}, {"any": […]}, {"field": …} or {"unsure": …})`);
    return;
  }
  if (depth > MAX_DEPTH) {
    problems.push(`${path}: nested too deeply (more than ${MAX_DEPTH} levels)`);
    return;
  }
  if ("because" in node) checkText(node.because, `${path}.because`, problems);
  if ("all" in node || "any" in node) return combinator(node, path, depth, problems);
  if ("unsure" in node) {
    unexpectedKeys(node, ["unsure"], path, problems);
    checkText(node.unsure, `${path}.unsure`, problems);
    return;
  }
  if (!("field" in node)) {
    problems.push(`${path}: expected "all", "any", "field" or "unsure"`);
    return;
  }
  const field = String(node.field);
  if (RANGE_FIELDS.has(field)) return range(node, field, path, problems);
  if (field === "organizationWomenLed") {
    unexpectedKeys(node, ["field", "equals", "because"], path, problems);
    if (typeof node.equals !== "boolean") problems.push(`${path}.equals: must be true or false`);
    return;
  }
  if (IN_FIELDS.has(field)) return list(node, field, path, problems);
  problems.push(`${path}.field: "${field}" is not a profile field a rule can test`);
}

function combinator(node: Record<string, unknown>, path: string, depth: number, problems: Problems): void {
  const key = "all" in node ? "all" : "any";
  unexpectedKeys(node, [key, "because"], path, problems);
  const children = node[key];
  if (!Array.isArray(children)) {
    problems.push(`${path}.${key}: must be a list of conditions`);
    return;
  }
  if (children.length === 0) {
    problems.push(`${path}.${key}: is empty (an empty "${key}" is ${key === "all" ? "always" : "never"} met; add conditions or remove it)`);
    return;
  }
  children.forEach((child, index) => walk(child, `${path}.${key}[${index}]`, depth + 1, problems));
  if (key === "all") contradictions(children, path, problems);
}

function range(node: Record<string, unknown>, field: string, path: string, problems: Problems): void {
  unexpectedKeys(node, ["field", "min", "max", "because"], path, problems);
  if ("in" in node || "equals" in node) problems.push(`${path}: "${field}" is tested with min and max, not "in" or "equals"`);
  const { min, max } = node;
  const [low, high] = PLAUSIBLE[field] ?? [0, Number.POSITIVE_INFINITY];
  for (const [name, value] of [["min", min], ["max", max]] as const) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`${path}.${name}: must be a number`);
    else if (value < low || value > high) problems.push(`${path}.${name}: ${value} is not a plausible ${field === "age" ? "age" : "number of years"} (${low} to ${high})`);
  }
  if (min === undefined && max === undefined) problems.push(`${path}: a range on "${field}" needs min or max`);
  if (typeof min === "number" && typeof max === "number" && min > max) problems.push(`${path}: min ${min} is greater than max ${max}, so nobody can meet it`);
}

function list(node: Record<string, unknown>, field: string, path: string, problems: Problems): void {
  unexpectedKeys(node, ["field", "in", "because"], path, problems);
  const values = node.in;
  if (!Array.isArray(values)) {
    problems.push(`${path}.in: "${field}" is tested with a list: "in": […]`);
    return;
  }
  if (values.length === 0) problems.push(`${path}.in: is empty, so nobody can meet it`);
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const at = `${path}.in[${index}]`;
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(`${at}: must be a non-empty text`);
      return;
    }
    const key = value.toLowerCase();
    if (seen.has(key)) problems.push(`${at}: "${value}" is listed twice`);
    seen.add(key);
    const allowed = ALLOWED[field];
    if (allowed && !allowed.values.includes(value)) {
      const near = closest(value, allowed.values);
      problems.push(`${at}: "${value}" is not a ${allowed.noun}${near ? ` (did you mean "${near}"?)` : ""}`);
    }
    if (field === "country" && !COUNTRY_CODE.test(value)) problems.push(`${at}: "${value}" is not an ISO 3166-1 alpha-2 country code in capitals, such as MA or SN`);
  });
}

/** Direct tests of one field in an `all` that no answer can meet together. */
function contradictions(children: unknown[], path: string, problems: Problems): void {
  const lists = new Map<string, Set<string>>();
  const low = new Map<string, number>();
  const high = new Map<string, number>();
  for (const child of children) {
    if (!isObject(child) || typeof child.field !== "string") continue;
    const field = child.field;
    if (Array.isArray(child.in)) {
      const values = new Set(child.in.filter((value): value is string => typeof value === "string").map((value) => value.toLowerCase()));
      const before = lists.get(field);
      lists.set(field, before ? new Set([...before].filter((value) => values.has(value))) : values);
    }
    if (typeof child.min === "number") low.set(field, Math.max(low.get(field) ?? Number.NEGATIVE_INFINITY, child.min));
    if (typeof child.max === "number") high.set(field, Math.min(high.get(field) ?? Number.POSITIVE_INFINITY, child.max));
  }
  for (const [field, values] of lists) if (values.size === 0) problems.push(`${path}.all: no "${field}" can be in every list at once, so nobody can meet it`);
  for (const [field, min] of low) {
    const max = high.get(field);
    if (max !== undefined && min > max) problems.push(`${path}.all: "${field}" must be at least ${min} and at most ${max}, so nobody can meet it`);
  }
}

function checkText(text: unknown, path: string, problems: Problems): void {
  if (!isObject(text)) {
    problems.push(`${path}: must give the text in fr, ar and ary`);
    return;
  }
  for (const lang of LANGUAGES) {
    const value = text[lang];
    if (typeof value !== "string" || value.trim() === "") problems.push(`${path}.${lang}: is missing`);
  }
  unexpectedKeys(text, LANGUAGES, path, problems);
}

function unexpectedKeys(node: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(node)) if (!allowed.includes(key)) problems.push(`${path}.${key}: is not expected here`);
}

/** The allowed value nearest to a misspelling, if it is near enough to be a typo. */
function closest(value: string, allowed: readonly string[]): string | undefined {
  const lowered = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(lowered.length / 4)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(lowered, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
