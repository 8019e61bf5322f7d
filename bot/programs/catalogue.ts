import type { RuledProgram } from "../eligibility/types.ts";
import type { Program } from "./types.ts";

/**
 * The catalogue as the conversation sees it: an immutable snapshot of the programmes in
 * force (archived ones left out), with each programme's current version. The engine
 * hands it to the flows, which stay pure; the store in bot/programs/store.ts rebuilds it when
 * staff change a programme.
 */

export interface CatalogueEntry extends Program {
  /** Bumped on every staff change; a verdict records the version that produced it. */
  version: number;
}

export interface Catalogue {
  programs: readonly CatalogueEntry[];
  byId: ReadonlyMap<string, CatalogueEntry>;
  /** The same programmes in the shape the eligibility engine takes. */
  ruled: readonly RuledProgram[];
}

export function buildCatalogue(entries: readonly CatalogueEntry[]): Catalogue {
  const programs = [...entries].sort((a, b) => a.id.localeCompare(b.id));
  return {
    programs,
    byId: new Map(programs.map((program) => [program.id, program])),
    ruled: programs.map((program) => ({ id: program.id, rulesVersion: program.version, rules: program.rules })),
  };
}

export const EMPTY_CATALOGUE: Catalogue = buildCatalogue([]);
