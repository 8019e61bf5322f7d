import type { Context } from "hono";
import { Hono } from "hono";
import { siteSchema, sitePatchSchema } from "../../bot/booking/site-schema.ts";
import type { SiteChangeOptions } from "../../db/sites.ts";
import { createSite, getSite, listSites, updateSite } from "../../db/sites.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson } from "../validate.ts";
import { toAdminSiteDto } from "./dto.ts";
import { readSiteId } from "./public-routes.ts";

const patchBody = sitePatchSchema.refine((body) => Object.values(body).some((value) => value !== undefined), "send at least one field to change");

/** `/api/v1/admin/sites`: staff and admins keep the sites true. Writes are audited. */
export function adminSitesRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const changeOptions = (c: Context<AuthEnv>): SiteChangeOptions => ({
    actor: { ...auditActor(callerOf(c)), ip: clientIp(c, deps.config.TRUST_PROXY) },
    at: deps.clock.now(),
  });

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("staff", "admin"))
    .get("/", async (c) => {
      const rows = await listSites(db, { includeArchived: true });
      return c.json({ sites: rows.map(toAdminSiteDto) });
    })
    .post("/", async (c) => {
      const site = await readJson(c, siteSchema);
      const row = await createSite(db, site, changeOptions(c));
      return c.json({ site: toAdminSiteDto(row) }, 201);
    })
    .get("/:id", async (c) => {
      const row = await getSite(db, readSiteId(c));
      if (!row) throw new AppError("not_found", "no site with this id", 404);
      return c.json({ site: toAdminSiteDto(row) });
    })
    .patch("/:id", async (c) => {
      const id = readSiteId(c);
      const patch = await readJson(c, patchBody);
      const row = await updateSite(db, id, patch, changeOptions(c));
      return c.json({ site: toAdminSiteDto(row) });
    });
}
