import { Hono } from "hono";
import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { provinceBySlug, REGIONS } from "../../bot/geography/index.ts";
import type { CatalogueEntry } from "../../bot/programs/catalogue.ts";
import { PROGRAM_NEEDS, PROGRAM_STATUSES } from "../../bot/programs/types.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { readQuery } from "../validate.ts";
import { toPublicProgramDto } from "./dto.ts";

const REGION_SLUGS = REGIONS.map((region) => region.slug) as [string, ...string[]];
const lang = z.enum(LANGUAGES).default("fr");

const listQuery = z.strictObject({
  lang,
  need: z.enum(PROGRAM_NEEDS).optional(),
  region: z.enum(REGION_SLUGS, "a region slug such as beni-mellal-khenifra").optional(),
  status: z.enum(PROGRAM_STATUSES).optional(),
});
const oneQuery = z.strictObject({ lang });

/**
 * `/api/v1/programs`: the catalogue for partner sites, public and read-only, served from
 * the in-memory snapshot (archived programmes are not in it).
 */
export function publicProgramsRoutes(deps: Pick<AppDeps, "catalogue">) {
  return new Hono()
    .get("/", (c) => {
      const query = readQuery(c, listQuery);
      const programs = deps.catalogue
        .current()
        .programs.filter((entry) => !query.need || entry.needs.includes(query.need))
        .filter((entry) => !query.status || entry.status === query.status)
        .filter((entry) => !query.region || servesRegion(entry, query.region));
      return c.json({ lang: query.lang, programs: programs.map((entry) => toPublicProgramDto(entry, query.lang)) });
    })
    .get("/:id", (c) => {
      const query = readQuery(c, oneQuery);
      const entry = deps.catalogue.current().byId.get(c.req.param("id"));
      if (!entry) throw new AppError("not_found", "no programme with this id", 404);
      return c.json({ lang: query.lang, program: toPublicProgramDto(entry, query.lang) });
    });
}

/**
 * Named for the region or one of its provinces, or open across Morocco (no place named,
 * no foreign country): a person there can take part.
 */
function servesRegion(entry: CatalogueEntry, region: string): boolean {
  if (entry.regions.includes(region)) return true;
  if (entry.provinces.some((province) => provinceBySlug(province)?.region === region)) return true;
  const nationwide = entry.regions.length === 0 && entry.provinces.length === 0;
  return nationwide && entry.countries.every((country) => country === "MA");
}
