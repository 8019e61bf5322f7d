import { z } from "zod";
import { conditionSchema, localizedTextSchema } from "../eligibility/schema.ts";
import { PROVINCES, REGIONS } from "../geography/index.ts";
import type { Program } from "./types.ts";
import { PROGRAM_KINDS, PROGRAM_NEEDS, PROGRAM_STATUSES } from "./types.ts";

/** A programme as staff send it and as the seed file holds it. */

const REGION_SLUGS = REGIONS.map((region) => region.slug) as [string, ...string[]];
const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug) as [string, ...string[]];

export const programIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lowercase ASCII words joined by hyphens")
  .max(64);

/** A call's date, a local day; the deadline is the last day one may apply. */
const callDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "a real calendar date")
  .nullable()
  .optional();

export const programSchema: z.ZodType<Program> = z
  .strictObject({
  id: programIdSchema,
  name: localizedTextSchema,
  organization: localizedTextSchema,
  kinds: z.array(z.enum(PROGRAM_KINDS)).min(1),
  needs: z.array(z.enum(PROGRAM_NEEDS)),
  summary: localizedTextSchema,
  offer: localizedTextSchema,
  audience: localizedTextSchema,
  where: localizedTextSchema,
  regions: z.array(z.enum(REGION_SLUGS)),
  provinces: z.array(z.enum(PROVINCE_SLUGS)),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code in capitals")),
  howToApply: localizedTextSchema,
  status: z.enum(PROGRAM_STATUSES),
  opensOn: callDate,
  closesOn: callDate,
  sources: z
    .array(
      z.strictObject({
        title: z.string().min(1).max(300),
        date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "YYYY-MM or YYYY-MM-DD"),
        ref: z.string().min(1).max(500),
      }),
    )
    .min(1),
  rules: conditionSchema,
  })
  .refine((program) => !(program.opensOn && program.closesOn && program.closesOn < program.opensOn), { message: "must not be before opensOn", path: ["closesOn"] });

/** What staff may change in an existing programme (its id stays). */
export const programPatchSchema = z.strictObject({
  name: localizedTextSchema.optional(),
  organization: localizedTextSchema.optional(),
  kinds: z.array(z.enum(PROGRAM_KINDS)).min(1).optional(),
  needs: z.array(z.enum(PROGRAM_NEEDS)).optional(),
  summary: localizedTextSchema.optional(),
  offer: localizedTextSchema.optional(),
  audience: localizedTextSchema.optional(),
  where: localizedTextSchema.optional(),
  regions: z.array(z.enum(REGION_SLUGS)).optional(),
  provinces: z.array(z.enum(PROVINCE_SLUGS)).optional(),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  howToApply: localizedTextSchema.optional(),
  status: z.enum(PROGRAM_STATUSES).optional(),
  opensOn: callDate,
  closesOn: callDate,
  sources: z
    .array(z.strictObject({ title: z.string().min(1).max(300), date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/), ref: z.string().min(1).max(500) }))
    .min(1)
    .optional(),
  rules: conditionSchema.optional(),
});
