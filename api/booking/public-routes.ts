import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { siteIdSchema } from "../../bot/booking/site-schema.ts";
import { BOOKING_TIME_ZONE } from "../../bot/booking/types.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import { getSite, listSites } from "../../db/sites.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { validationError } from "../errors.ts";
import { readQuery } from "../validate.ts";
import { toPublicSiteDto } from "./dto.ts";
import { siteFreeTimes } from "./free-slots.ts";
import { fieldError, rangeQuery } from "./schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_SLOT_DAYS = 14;
const MAX_SLOT_DAYS = 31;

const langQuery = z.strictObject({ lang: z.enum(LANGUAGES).default("fr") });
const slotsQuery = rangeQuery({});

/**
 * `/api/v1/sites`: the platforms' places and their free times, public and read-only (for
 * partner websites). Free times never name the advisor.
 */
export function publicSitesRoutes(deps: Pick<AppDeps, "database" | "clock">) {
  const db = deps.database.db;
  return new Hono()
    .get("/", async (c) => {
      const { lang } = readQuery(c, langQuery);
      const rows = await listSites(db);
      return c.json({ lang, sites: rows.map((row) => toPublicSiteDto(row, lang)) });
    })
    .get("/:id", async (c) => {
      const { lang } = readQuery(c, langQuery);
      const row = await getSite(db, readSiteId(c));
      if (!row || row.archivedAt) throw notFound();
      return c.json({ lang, site: toPublicSiteDto(row, lang) });
    })
    .get("/:id/slots", async (c) => {
      const id = readSiteId(c);
      const query = readQuery(c, slotsQuery);
      const now = deps.clock.now();
      const from = query.from ?? now;
      const to = query.to ?? new Date(from.getTime() + DEFAULT_SLOT_DAYS * DAY_MS);
      if (to.getTime() <= from.getTime()) throw fieldError("to", "must be after from");
      if (to.getTime() - from.getTime() > MAX_SLOT_DAYS * DAY_MS) throw fieldError("to", `at most ${MAX_SLOT_DAYS} days after from`);
      const row = await getSite(db, id);
      if (!row || row.archivedAt) throw notFound();
      const times = await siteFreeTimes(db, id, now, from, to);
      return c.json({
        siteId: id,
        timeZone: BOOKING_TIME_ZONE,
        from: from.toISOString(),
        to: to.toISOString(),
        slots: times.map((time) => ({ start: time.start.toISOString(), end: time.end.toISOString() })),
      });
    });
}

export function readSiteId(c: Context): string {
  const parsed = z.object({ id: siteIdSchema }).safeParse({ id: c.req.param("id") });
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data.id;
}

const notFound = () => new AppError("not_found", "no site with this id", 404);
