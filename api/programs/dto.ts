import type { Lang } from "../../bot/core/types.ts";
import type { CatalogueEntry } from "../../bot/programs/catalogue.ts";
import type { Program, ProgramSource } from "../../bot/programs/types.ts";
import type { ProgramHistoryEntry, ProgramRow } from "../../db/programs.ts";

/** A programme as the public API shows it: texts in one language, no rules. */
export interface PublicProgramDto {
  id: string;
  name: string;
  organization: string;
  kinds: Program["kinds"];
  needs: Program["needs"];
  summary: string;
  offer: string;
  audience: string;
  where: string;
  regions: string[];
  provinces: string[];
  countries: string[];
  howToApply: string;
  status: Program["status"];
  opensOn: string | null;
  closesOn: string | null;
  sources: ProgramSource[];
  version: number;
}

export function toPublicProgramDto(entry: CatalogueEntry, lang: Lang): PublicProgramDto {
  return {
    id: entry.id,
    name: entry.name[lang],
    organization: entry.organization[lang],
    kinds: entry.kinds,
    needs: entry.needs,
    summary: entry.summary[lang],
    offer: entry.offer[lang],
    audience: entry.audience[lang],
    where: entry.where[lang],
    regions: entry.regions,
    provinces: entry.provinces,
    countries: entry.countries,
    howToApply: entry.howToApply[lang],
    status: entry.status,
    opensOn: entry.opensOn ?? null,
    closesOn: entry.closesOn ?? null,
    sources: entry.sources,
    version: entry.version,
  };
}

/** A programme as staff see it: every language, the rules, its version and who changed it last. */
export function toAdminProgramDto(row: ProgramRow) {
  return {
    id: row.id,
    version: row.version,
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    data: row.data,
  };
}

export function toHistoryDto(entry: ProgramHistoryEntry) {
  return { ...entry, changedAt: entry.changedAt.toISOString() };
}
