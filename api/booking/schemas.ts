import { z } from "zod";
import { isLocalDate, minutesOfDay as strictMinutesOfDay } from "../../bot/booking/local-time.ts";
import { siteIdSchema } from "../../bot/booking/site-schema.ts";
import { AppError } from "../../lib/errors.ts";

/** Request shapes of the booking API; every refusal names the field. */

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const startTime = z.string().regex(LOCAL_TIME, "a local time HH:MM (00:00–23:59)");
/** A window may end at midnight. */
const endTime = z.string().refine((value) => value === "24:00" || LOCAL_TIME.test(value), "a local time HH:MM (00:00–24:00)");
const localDate = z.string().refine(isLocalDate, "a date YYYY-MM-DD");

/** Minutes past midnight, NaN for a malformed time: refinements run even when a field failed, and must not throw. */
function minutesOfDay(time: string): number {
  try {
    return strictMinutesOfDay(time);
  } catch {
    return Number.NaN;
  }
}

export const weeklyWindowSchema = z
  .strictObject({
    weekday: z.literal([1, 2, 3, 4, 5, 6, 7], "an ISO weekday from 1 (Monday) to 7 (Sunday)"),
    start: startTime,
    end: endTime,
  })
  .refine((window) => !(minutesOfDay(window.start) >= minutesOfDay(window.end)), { message: "must end after it starts", path: ["end"] });

export const advisorSiteSchema = z
  .strictObject({
    siteId: siteIdSchema,
    meetingMinutes: z.int().min(5).max(240),
    bufferMinutes: z.int().min(0).max(120).default(0),
    minNoticeMinutes: z.int().min(0).max(14 * 24 * 60).default(0),
    horizonDays: z.int().min(1).max(180),
    dailyCap: z.int().min(1).max(50),
    weekly: z.array(weeklyWindowSchema).max(70),
  })
  .superRefine((setting, context) => {
    setting.weekly.forEach((window, index) => {
      const clash = setting.weekly.findIndex(
        (other, otherIndex) =>
          otherIndex < index && other.weekday === window.weekday && minutesOfDay(other.start) < minutesOfDay(window.end) && minutesOfDay(window.start) < minutesOfDay(other.end),
      );
      if (clash >= 0) context.addIssue({ code: "custom", message: `overlaps weekly.${clash} on the same weekday`, path: ["weekly", index] });
    });
  });

export const availabilityBody = z
  .strictObject({ sites: z.array(advisorSiteSchema).max(20) })
  .superRefine((body, context) => {
    body.sites.forEach((site, index) => {
      if (body.sites.findIndex((other) => other.siteId === site.siteId) < index) {
        context.addIssue({ code: "custom", message: "this site is listed twice", path: ["sites", index, "siteId"] });
      }
    });
  });

/** `off` without times is the whole day; with times, or for `extra`, both start and end. */
export const exceptionBody = z
  .strictObject({
    siteId: siteIdSchema.nullable().default(null),
    date: localDate,
    kind: z.enum(["off", "extra"]),
    start: startTime.optional(),
    end: endTime.optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .superRefine((body, context) => {
    if ((body.start === undefined) !== (body.end === undefined)) {
      context.addIssue({ code: "custom", message: "give both start and end, or neither (the whole day off)", path: [body.start === undefined ? "start" : "end"] });
    } else if (body.start !== undefined && body.end !== undefined && minutesOfDay(body.start) >= minutesOfDay(body.end)) {
      context.addIssue({ code: "custom", message: "must end after it starts", path: ["end"] });
    }
    if (body.kind === "extra" && body.start === undefined) context.addIssue({ code: "custom", message: "an extra opening needs start and end", path: ["start"] });
    if (body.kind === "extra" && body.siteId === null) context.addIssue({ code: "custom", message: "an extra opening needs the site where it happens", path: ["siteId"] });
  });

/** An instant with its offset: `2026-03-05T10:00:00Z`, `2026-03-05T11:00:00+01:00`. */
export const instantSchema = z.iso.datetime({ offset: true, error: "an ISO 8601 instant such as 2026-03-05T10:00:00Z" }).transform((value) => new Date(value));

/** `from` and `to` as instants; defaults and the longest span are the caller's. */
export function rangeQuery<T extends z.ZodRawShape>(extra: T) {
  return z.strictObject({ from: instantSchema.optional(), to: instantSchema.optional(), ...extra });
}

/** A 400 naming one field, shaped like the validation errors. */
export function fieldError(field: string, message: string): AppError {
  return new AppError("invalid_request", `${field}: ${message}`, 400, { fields: [{ field, message }] });
}
