import { z } from "zod";
import { localizedTextSchema } from "../eligibility/schema.ts";
import { PROVINCES } from "../geography/index.ts";
import { programIdSchema } from "../programs/schema.ts";
import type { Site } from "./types.ts";

/** A site as staff send it and as the seed file holds it. */

const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug) as [string, ...string[]];

export const siteIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lowercase ASCII words joined by hyphens")
  .max(64);

/** Digits with an optional leading +, spaces, dots or hyphens: `+212 5 23 00 00 00`. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .-]{5,22}[0-9]$/, "a phone number such as +212 5 23 00 00 00");

const siteFields = {
  name: localizedTextSchema,
  address: localizedTextSchema,
  openingHours: localizedTextSchema,
  province: z.enum(PROVINCE_SLUGS, "a province slug such as khouribga"),
  phone: phoneSchema.nullable(),
  programIds: z.array(programIdSchema).max(50),
};

export const siteSchema = z.strictObject({
  id: siteIdSchema,
  ...siteFields,
  demo: z.boolean().default(false),
});

// The parsed shape is the contract's Site: this fails to compile if they drift apart.
export const parseSite = (input: unknown): Site => siteSchema.parse(input);

/** Everything but the id, each optional; `archived` takes the site out of booking or back. */
export const sitePatchSchema = z.strictObject({
  name: siteFields.name.optional(),
  address: siteFields.address.optional(),
  openingHours: siteFields.openingHours.optional(),
  province: siteFields.province.optional(),
  phone: siteFields.phone.optional(),
  programIds: siteFields.programIds.optional(),
  demo: z.boolean().optional(),
  archived: z.boolean().optional(),
});
