import { asc, eq, isNull } from "drizzle-orm";
import type { Site } from "../bot/booking/types.ts";
import { AppError } from "../lib/errors.ts";
import type { AuditActorType } from "./audit.ts";
import { recordAudit } from "./audit.ts";
import type { Db } from "./client.ts";
import { sites } from "./schema/index.ts";

export type SiteRow = typeof sites.$inferSelect;

/** What staff may change on a site: anything but the id; `archived` takes it out of booking. */
export type SitePatch = Partial<Omit<Site, "id">> & { archived?: boolean };

export interface SiteChangeOptions {
  actor: { actorType: AuditActorType; actorId: string | null; ip?: string | null };
  at: Date;
}

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.data.name,
    address: row.data.address,
    openingHours: row.data.openingHours,
    province: row.province,
    phone: row.phone,
    programIds: row.programIds,
    demo: row.demo,
  };
}

function toValues(site: Site, at: Date) {
  return {
    id: site.id,
    data: { name: site.name, address: site.address, openingHours: site.openingHours },
    province: site.province,
    phone: site.phone,
    programIds: site.programIds,
    demo: site.demo,
    createdAt: at,
    updatedAt: at,
  };
}

export function listSites(db: Db, options: { includeArchived?: boolean } = {}): Promise<SiteRow[]> {
  return db
    .select()
    .from(sites)
    .where(options.includeArchived ? undefined : isNull(sites.archivedAt))
    .orderBy(asc(sites.id));
}

export async function getSite(db: Db, id: string): Promise<SiteRow | null> {
  const [row] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  return row ?? null;
}

/** 409 `site_exists` when the id is taken (the primary key decides). */
export async function createSite(db: Db, site: Site, options: SiteChangeOptions): Promise<SiteRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(sites).values(toValues(site, options.at)).onConflictDoNothing().returning();
    if (!row) throw new AppError("site_exists", `a site with the id ${site.id} already exists`, 409);
    await audit(tx, options, "site.created", row.id, {});
    return row;
  });
}

/** Applies a patch under a row lock; 404 when there is no such site. */
export async function updateSite(db: Db, id: string, patch: SitePatch, options: SiteChangeOptions): Promise<SiteRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(sites).where(eq(sites.id, id)).for("update");
    if (!before) throw new AppError("not_found", `no site with the id ${id}`, 404);
    const current = toSite(before);
    const next: Site = {
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([key, value]) => value !== undefined && key !== "archived")),
      id,
    };
    const archivedAt = patch.archived === undefined ? before.archivedAt : patch.archived ? (before.archivedAt ?? options.at) : null;
    const { createdAt: _created, ...values } = toValues(next, options.at);
    const [row] = await tx.update(sites).set({ ...values, archivedAt }).where(eq(sites.id, id)).returning();
    if (!row) throw new Error(`site ${id} vanished under its lock`);
    const changedKeys = Object.keys(patch).filter((key) => patch[key as keyof SitePatch] !== undefined).sort();
    await audit(tx, options, "site.updated", id, { changedKeys });
    return row;
  });
}

/**
 * Inserts the seed sites that do not exist yet; a site already there is left as staff
 * made it. ON CONFLICT DO NOTHING makes concurrent starts safe. Returns the inserted ids.
 */
export async function seedSites(db: Db, seed: readonly Site[], at: Date): Promise<string[]> {
  if (seed.length === 0) return [];
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(sites)
      .values(seed.map((site) => toValues(site, at)))
      .onConflictDoNothing()
      .returning({ id: sites.id });
    const ids = inserted.map((row) => row.id).sort();
    if (ids.length > 0) {
      await recordAudit(tx, { at, actorType: "system", actorId: null, action: "site.seeded", subjectType: "site", details: { ids } });
    }
    return ids;
  });
}

function audit(tx: Db, { actor, at }: SiteChangeOptions, action: string, id: string, details: Record<string, unknown>) {
  return recordAudit(tx, { at, actorType: actor.actorType, actorId: actor.actorId, action, subjectType: "site", subjectId: id, details, ip: actor.ip ?? null });
}
