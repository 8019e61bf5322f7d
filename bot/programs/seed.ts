import { readFileSync } from "node:fs";
import { programSchema } from "./schema.ts";
import type { Program } from "./types.ts";

/**
 * The seed catalogue: programmes read from the source documents in ../shared/seeds/
 * (see SOURCES.md for why each status and each vague rule is what it is). Staff edit the
 * catalogue through the API afterwards; this file is only what a fresh database starts with.
 */

export const SEED_URL = new URL("./seed.json", import.meta.url);

export class SeedError extends Error {
  readonly code = "invalid_seed";
}

export function loadSeedPrograms(): Program[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(SEED_URL, "utf8"));
  } catch (error) {
    throw new SeedError(`cannot read the seed catalogue ${SEED_URL.pathname}: ${(error as Error).message}`);
  }
  return parseSeedPrograms(raw);
}

/** Validates every entry with programSchema and checks ids are unique; the first problem throws. */
export function parseSeedPrograms(raw: unknown): Program[] {
  if (!Array.isArray(raw)) throw new SeedError("the seed catalogue must be a JSON array of programmes");
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const label = describeEntry(entry, index);
    const parsed = programSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
      throw new SeedError(`seed programme ${label}: ${path}: ${issue?.message ?? "invalid"}`);
    }
    if (seen.has(parsed.data.id)) throw new SeedError(`seed programme ${label}: id is used twice`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

function describeEntry(entry: unknown, index: number): string {
  const id = typeof entry === "object" && entry !== null && "id" in entry ? entry.id : undefined;
  return typeof id === "string" ? `"${id}" (#${index})` : `#${index}`;
}
