import { z } from "zod";
import { PROVINCES, REGIONS } from "../geography/index.ts";
import type { Condition, LocalizedText, Profile } from "./types.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES } from "./types.ts";

/**
 * Validation of what comes from outside: a profile posted to the API, rules written by
 * staff. Strict objects, so an unknown field or a wrong type is a 400 naming the field,
 * never a silently ignored answer.
 */

const REGION_SLUGS = REGIONS.map((region) => region.slug) as [string, ...string[]];
const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug) as [string, ...string[]];

export const localizedTextSchema: z.ZodType<LocalizedText> = z.strictObject({
  fr: z.string().trim().min(1).max(2000),
  ar: z.string().trim().min(1).max(2000),
  ary: z.string().trim().min(1).max(2000),
});

export const profileSchema: z.ZodType<Profile> = z.strictObject({
  age: z.int().min(0).max(120).optional(),
  gender: z.enum(GENDERS).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "an ISO 3166-1 alpha-2 code such as MA")
    .transform((code) => code.toUpperCase())
    .optional(),
  region: z.enum(REGION_SLUGS, "a region slug such as beni-mellal-khenifra").optional(),
  province: z.enum(PROVINCE_SLUGS, "a province slug such as khouribga").optional(),
  locality: z.string().trim().min(1).max(120).optional(),
  area: z.enum(AREAS).optional(),
  status: z.enum(STATUSES).optional(),
  organizationType: z.enum(ORGANIZATION_TYPES).optional(),
  organizationAgeYears: z.number().min(0).max(200).optional(),
  organizationWomenLed: z.boolean().optional(),
  sector: z.enum(SECTORS).optional(),
});

const because = localizedTextSchema.optional();

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1), because }),
    z.strictObject({ any: z.array(conditionSchema).min(1), because }),
    z
      .strictObject({
        field: z.enum(["age", "organizationAgeYears"]),
        min: z.number().optional(),
        max: z.number().optional(),
        because,
      })
      .refine((leaf) => leaf.min !== undefined || leaf.max !== undefined, "a range needs min or max"),
    z.strictObject({
      field: z.enum(["gender", "country", "region", "province", "locality", "area", "status", "organizationType", "sector"]),
      in: z.array(z.string().min(1)).min(1),
      because,
    }),
    z.strictObject({ field: z.literal("organizationWomenLed"), equals: z.boolean(), because }),
    z.strictObject({ unsure: localizedTextSchema }),
  ]),
);
