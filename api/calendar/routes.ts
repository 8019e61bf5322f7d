import { Hono } from "hono";
import { isolateLatin } from "../../bot/text/bidi.ts";
import { eq } from "drizzle-orm";
import { getAppointment } from "../../db/booking.ts";
import { contacts } from "../../db/schema/index.ts";
import { getSite, toSite } from "../../db/sites.ts";
import type { Lang } from "../../bot/core/types.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";

const CALENDAR_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.ics$/;

/**
 * `/calendar/<appointment id>.ics`: the calendar file sent in the chat after booking. The
 * id is a random UUID, known only to the person (and staff), so the link is unguessable;
 * a cancelled appointment's file says CANCELLED, so calendars that re-fetch it update.
 */
export function calendarRoutes(deps: Pick<AppDeps, "database" | "translator">) {
  return new Hono().get("/:file", async (c) => {
    const match = CALENDAR_FILE.exec(c.req.param("file"));
    if (!match) throw new AppError("not_found", "no such calendar file", 404);
    const db = deps.database.db;
    const appointment = await getAppointment(db, match[1]!);
    if (!appointment) throw new AppError("not_found", "no such calendar file", 404);
    const [contact] = await db.select({ language: contacts.language }).from(contacts).where(eq(contacts.id, appointment.contactId)).limit(1);
    const lang = (contact?.language ?? "fr") as Lang;
    const siteRow = await getSite(db, appointment.siteId);
    const site = siteRow ? toSite(siteRow) : null;
    const t = deps.translator.forLang(lang);
    // Loaded on the first calendar file (ics and its validation library: several MB resident otherwise).
    const { createEvent } = await import("ics");
    const created = createEvent({
      uid: `${appointment.id}@rafiq`,
      start: appointment.start.getTime(),
      end: appointment.end.getTime(),
      title: t("booking:calendarTitle", { site: site?.name[lang] ?? appointment.siteId }),
      description: t("booking:whatToBring"),
      // A Latin site name before an Arabic address keeps its order in calendar apps too.
      location: site ? `${lang === "fr" ? site.name[lang] : isolateLatin(site.name[lang])} — ${site.address[lang]}` : appointment.siteId,
      status: appointment.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
      productId: "rafiq/booking",
    });
    if (created.error || !created.value) throw created.error ?? new Error("calendar file could not be built");
    c.header("content-type", "text/calendar; charset=utf-8");
    c.header("content-disposition", `attachment; filename="rendez-vous-${appointment.id.slice(0, 8)}.ics"`);
    c.header("cache-control", "no-store");
    return c.body(created.value);
  });
}
