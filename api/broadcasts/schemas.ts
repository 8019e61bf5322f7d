import { z } from "zod";
import { MAX_BROADCAST_TEXT_CHARS } from "../../bot/broadcast/message.ts";
import { BROADCAST_ACTIONS, BROADCAST_CHANNELS, type Segment } from "../../bot/broadcast/types.ts";
import { normalizeLabel } from "../../bot/conversation/labels.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import { GENDERS } from "../../bot/eligibility/types.ts";
import { PROVINCES, REGIONS } from "../../bot/geography/index.ts";

const REGION_SLUGS = REGIONS.map((region) => region.slug) as [string, ...string[]];
const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug) as [string, ...string[]];

/** A criterion's values: at least one (an empty list would match nobody), no repeats needed. */
const someOf = <T extends z.ZodType>(item: T) => z.array(item).min(1, "give at least one value, or leave the field out").max(100);

const announcement = z
  .string()
  .trim()
  .min(1, "write the announcement in this language")
  .refine((text) => [...text].length <= MAX_BROADCAST_TEXT_CHARS, `at most ${MAX_BROADCAST_TEXT_CHARS} characters`);

export const textsSchema = z.strictObject({ fr: announcement, ar: announcement, ary: announcement });

export const segmentSchema: z.ZodType<Segment> = z
  .strictObject({
    regions: someOf(z.enum(REGION_SLUGS, "a region slug such as beni-mellal-khenifra")).optional(),
    provinces: someOf(z.enum(PROVINCE_SLUGS, "a province slug such as khouribga")).optional(),
    ageMin: z.int().min(0).max(120).optional(),
    ageMax: z.int().min(0).max(120).optional(),
    genders: someOf(z.enum(GENDERS)).optional(),
    languages: someOf(z.enum(LANGUAGES)).optional(),
    channels: someOf(z.enum(BROADCAST_CHANNELS)).optional(),
    eligibility: z
      .strictObject({
        programId: z.string().trim().min(1).max(100),
        verdicts: someOf(z.enum(["eligible", "not_eligible", "unknown"])),
      })
      .optional(),
    projectStarted: z.boolean().optional(),
    booked: z.boolean().optional(),
    labels: someOf(z.string().transform((value, ctx) => normalizeLabel(value) ?? (ctx.addIssue({ code: "custom", message: "a label of 1-40 characters" }), z.NEVER))).optional(),
  })
  .refine((segment) => segment.ageMin === undefined || segment.ageMax === undefined || segment.ageMin <= segment.ageMax, {
    message: "ageMin must not be above ageMax",
    path: ["ageMin"],
  });

const title = z.string().trim().min(1).max(200);
const action = z.enum(BROADCAST_ACTIONS).nullable();

export const createBody = z.strictObject({ title, texts: textsSchema, action: action.default(null), segment: segmentSchema.default({}) });

export const patchBody = z
  .strictObject({ title: title.optional(), texts: textsSchema.optional(), action: action.optional(), segment: segmentSchema.optional() })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "send at least one of title, texts, action, segment");

/** The live preview of a form being written: texts may still be empty. */
const draftText = z.string().max(MAX_BROADCAST_TEXT_CHARS * 2);
export const previewBody = z.strictObject({
  texts: z.strictObject({ fr: draftText.default(""), ar: draftText.default(""), ary: draftText.default("") }),
  action: action.default(null),
});

export const countBody = z.strictObject({ segment: segmentSchema });

/** A test send to oneself: the texts as written, all three needed (the test goes in the chat's language). */
export const testBody = z.strictObject({ title: z.string().trim().max(200).default(""), texts: textsSchema, action: action.default(null) });

/** `at` in the future schedules it; null or absent sends it now. */
export const sendBody = z.strictObject({
  at: z.iso.datetime({ offset: true }).nullable().default(null),
  /** WhatsApp (Cloud API): when the daily tier has too little left, send the rest on the following days. */
  spreadOverDays: z.boolean().default(false),
});

export const previewQuery = z.strictObject({ lang: z.enum(LANGUAGES).optional() });
