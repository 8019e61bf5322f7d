import { readFileSync } from "node:fs";
import { siteSchema } from "./site-schema.ts";
import type { Site } from "./types.ts";

/**
 * The places named in the source documents (../shared/seeds/): Minassati and the Women
 * Empowerment Center in Khouribga, the Learning Centers in Laâyoune and Dakhla, the UM6P
 * Social Innovation Lab in Benguérir. The sources give towns, not street addresses, phone
 * numbers or opening hours, so none is invented: the address says where to ask, the
 * hours say "to be confirmed", the phone is null. Staff complete them through the API.
 */

export const SITES_SEED_URL = new URL("./sites.seed.json", import.meta.url);

export class SiteSeedError extends Error {
  readonly code = "invalid_seed";
}

export function loadSeedSites(): Site[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(SITES_SEED_URL, "utf8"));
  } catch (error) {
    throw new SiteSeedError(`cannot read the seed sites ${SITES_SEED_URL.pathname}: ${(error as Error).message}`);
  }
  return parseSeedSites(raw);
}

/** Validates every entry and checks ids are unique; the first problem throws. */
export function parseSeedSites(raw: unknown): Site[] {
  if (!Array.isArray(raw)) throw new SiteSeedError("the seed sites must be a JSON array");
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const parsed = siteSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
      throw new SiteSeedError(`seed site #${index}: ${path}: ${issue?.message ?? "invalid"}`);
    }
    if (seen.has(parsed.data.id)) throw new SiteSeedError(`seed site "${parsed.data.id}": id is used twice`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}
