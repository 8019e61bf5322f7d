import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Lang } from "../bot/core/types.ts";
import type { Profile } from "../bot/eligibility/types.ts";
import { programSchema } from "../bot/programs/schema.ts";
import type { Program } from "../bot/programs/types.ts";
import { AppError } from "../lib/errors.ts";
import type { AuditActorType } from "./audit.ts";
import { recordAudit } from "./audit.ts";
import type { Db } from "./client.ts";
import type { ProgramChange, RecordedVerdict } from "./schema/index.ts";
import { eligibilityChecks, programs, programVersions, staffUsers } from "./schema/index.ts";

export type ProgramRow = typeof programs.$inferSelect;

/** What staff may change: anything but the id. */
export type ProgramPatch = Partial<Omit<Program, "id">>;

/** Who makes a change: the staff account (also when acting through its token) and how the audit log names them. */
export interface ProgramActor {
  userId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  ip?: string | null;
}

export interface ProgramChangeOptions {
  actor: ProgramActor;
  at: Date;
}

export function listPrograms(db: Db, options: { includeArchived?: boolean } = {}): Promise<ProgramRow[]> {
  return db
    .select()
    .from(programs)
    .where(options.includeArchived ? undefined : isNull(programs.archivedAt))
    .orderBy(asc(programs.id));
}

export async function getProgram(db: Db, id: string): Promise<ProgramRow | null> {
  const [row] = await db.select().from(programs).where(eq(programs.id, id)).limit(1);
  return row ?? null;
}

/** Version 1 of a new programme; 409 `program_exists` when the id is taken (the primary key decides). */
export async function createProgram(db: Db, program: Program, options: ProgramChangeOptions): Promise<ProgramRow> {
  const data = validProgram(program);
  return db.transaction(async (tx) => {
    const { at, actor } = options;
    const [row] = await tx
      .insert(programs)
      .values({ id: data.id, version: 1, data, createdAt: at, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("program_exists", `a programme with the id ${data.id} already exists`, 409);
    await tx.insert(programVersions).values({ programId: row.id, version: 1, data, change: "created", changedBy: actor.userId, changedAt: at });
    await audit(tx, options, "program.created", row.id, { version: 1 });
    return row;
  });
}

/**
 * Applies a patch under a row lock, so concurrent edits queue instead of losing one.
 * With `expectedVersion` (the version the editor loaded), an edit made meanwhile by
 * someone else is a 409 `version_conflict` rather than silently overwritten. A patch
 * that changes nothing makes no new version.
 */
export async function updateProgram(
  db: Db,
  id: string,
  patch: ProgramPatch,
  options: ProgramChangeOptions & { expectedVersion?: number | undefined },
): Promise<ProgramRow> {
  return db.transaction(async (tx) => {
    const before = await lockProgram(tx, id);
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      throw new AppError("version_conflict", `the programme is at version ${before.version}, not ${options.expectedVersion}: reload it and edit again`, 409, {
        currentVersion: before.version,
      });
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const data = validProgram({ ...before.data, ...defined, id: before.id });
    const keys = changedKeys(before.data, data);
    if (keys.length === 0) return before;
    const row = await writeVersion(tx, before, { data }, "updated", options);
    await audit(tx, options, "program.updated", id, { version: row.version, changedKeys: keys });
    return row;
  });
}

/** Archived programmes leave the catalogue (and the public API) but keep their history. Idempotent. */
export function archiveProgram(db: Db, id: string, options: ProgramChangeOptions): Promise<ProgramRow> {
  return setArchived(db, id, true, options);
}

export function restoreProgram(db: Db, id: string, options: ProgramChangeOptions): Promise<ProgramRow> {
  return setArchived(db, id, false, options);
}

async function setArchived(db: Db, id: string, archived: boolean, options: ProgramChangeOptions): Promise<ProgramRow> {
  return db.transaction(async (tx) => {
    const before = await lockProgram(tx, id);
    if ((before.archivedAt !== null) === archived) return before;
    const change = archived ? "archived" : "restored";
    const row = await writeVersion(tx, before, { archivedAt: archived ? options.at : null }, change, options);
    await audit(tx, options, `program.${change}`, id, { version: row.version });
    return row;
  });
}

export interface ProgramHistoryEntry {
  version: number;
  change: ProgramChange;
  changedAt: Date;
  changedBy: { id: string; name: string } | null;
  /** Top-level fields that differ from the previous version (empty for archive/restore). */
  changedKeys: string[];
}

/** Newest first; null when the programme does not exist. */
export async function listProgramVersions(db: Db, id: string): Promise<ProgramHistoryEntry[] | null> {
  const rows = await db
    .select({ version: programVersions, staffName: staffUsers.name })
    .from(programVersions)
    .leftJoin(staffUsers, eq(staffUsers.id, programVersions.changedBy))
    .where(eq(programVersions.programId, id))
    .orderBy(asc(programVersions.version));
  if (rows.length === 0) return (await getProgram(db, id)) ? [] : null;
  const entries = rows.map(({ version, staffName }, index) => {
    const previous = rows[index - 1]?.version.data;
    return {
      version: version.version,
      change: version.change,
      changedAt: version.changedAt,
      changedBy: version.changedBy && staffName !== null ? { id: version.changedBy, name: staffName } : null,
      changedKeys: previous ? changedKeys(previous, version.data) : [],
    };
  });
  return entries.reverse();
}

export async function getProgramVersion(db: Db, id: string, version: number): Promise<typeof programVersions.$inferSelect | null> {
  const [row] = await db
    .select()
    .from(programVersions)
    .where(and(eq(programVersions.programId, id), eq(programVersions.version, version)))
    .limit(1);
  return row ?? null;
}

/**
 * Inserts the seed programmes that do not exist yet (version 1, `seeded`). A programme
 * already there is left alone, whatever staff made of it; ON CONFLICT DO NOTHING makes
 * this safe when several processes start at once. Returns the ids it inserted.
 */
export async function seedPrograms(db: Db, seed: readonly Program[], at: Date): Promise<string[]> {
  if (seed.length === 0) return [];
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(programs)
      .values(seed.map((program) => ({ id: program.id, version: 1, data: program, createdAt: at, updatedAt: at })))
      .onConflictDoNothing()
      .returning({ id: programs.id, data: programs.data });
    if (inserted.length === 0) return [];
    await tx
      .insert(programVersions)
      .values(inserted.map((row) => ({ programId: row.id, version: 1, data: row.data, change: "seeded" as const, changedAt: at })))
      .onConflictDoNothing();
    const ids = inserted.map((row) => row.id).sort();
    await recordAudit(tx, { at, actorType: "system", actorId: null, action: "program.seeded", subjectType: "program", details: { ids } });
    return ids;
  });
}

/**
 * Changes whenever any programme changes (a version only grows, rows are never deleted):
 * the catalogue store polls this instead of reloading every programme.
 */
export async function readProgramsFingerprint(db: Db): Promise<string> {
  const [row] = await db
    .select({
      count: sql<string>`count(*)::text`,
      versions: sql<string>`coalesce(sum(${programs.version}), 0)::text`,
      updatedAt: sql<string>`coalesce(max(${programs.updatedAt})::text, '')`,
    })
    .from(programs);
  return row ? `${row.count}/${row.versions}/${row.updatedAt}` : "";
}

export interface NewEligibilityCheck {
  contactId: string | null;
  channel: string | null;
  lang: Lang;
  profile: Profile;
  /** Full verdicts may be passed; only id, rules version and verdict are kept. */
  results: readonly RecordedVerdict[];
  /** Defaults to the database's clock. */
  at?: Date;
}

/** Keeps which verdicts a person was given and by which version of the rules. */
export async function recordEligibilityCheck(db: Db, check: NewEligibilityCheck): Promise<string> {
  const [row] = await db
    .insert(eligibilityChecks)
    .values({
      contactId: check.contactId,
      channel: check.channel,
      lang: check.lang,
      profile: check.profile,
      results: check.results.map(({ programId, rulesVersion, verdict }) => ({ programId, rulesVersion, verdict })),
      createdAt: check.at,
    })
    .returning({ id: eligibilityChecks.id });
  if (!row) throw new Error("eligibility check insert returned nothing");
  return row.id;
}

export function listEligibilityChecks(db: Db, contactId: string) {
  return db.select().from(eligibilityChecks).where(eq(eligibilityChecks.contactId, contactId)).orderBy(desc(eligibilityChecks.createdAt));
}

async function lockProgram(tx: Db, id: string): Promise<ProgramRow> {
  const [row] = await tx.select().from(programs).where(eq(programs.id, id)).for("update");
  if (!row) throw new AppError("not_found", `no programme with the id ${id}`, 404);
  return row;
}

async function writeVersion(
  tx: Db,
  before: ProgramRow,
  set: { data?: Program; archivedAt?: Date | null },
  change: ProgramChange,
  { actor, at }: ProgramChangeOptions,
): Promise<ProgramRow> {
  const version = before.version + 1;
  const [row] = await tx
    .update(programs)
    .set({ ...set, version, updatedAt: at, updatedBy: actor.userId })
    .where(eq(programs.id, before.id))
    .returning();
  if (!row) throw new Error(`programme ${before.id} vanished under its lock`);
  await tx.insert(programVersions).values({ programId: row.id, version, data: row.data, change, changedBy: actor.userId, changedAt: at });
  return row;
}

function audit(tx: Db, { actor, at }: ProgramChangeOptions, action: string, id: string, details: Record<string, unknown>) {
  return recordAudit(tx, { at, actorType: actor.actorType, actorId: actor.actorId, action, subjectType: "program", subjectId: id, details, ip: actor.ip ?? null });
}

/** The whole programme re-validated: a patch may not leave it half valid. 400 naming each path. */
function validProgram(candidate: unknown): Program {
  const parsed = programSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw invalidProgram(parsed.error);
}

function invalidProgram(error: z.ZodError): AppError {
  const fields = error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  const first = fields[0];
  return new AppError("invalid_request", first ? `${first.field}: ${first.message}` : "invalid programme", 400, { fields });
}

function changedKeys(before: Program, after: Program): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => stableJson(before[key as keyof Program]) !== stableJson(after[key as keyof Program])).sort();
}

/** JSON with object keys sorted: jsonb does not keep the order they were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
