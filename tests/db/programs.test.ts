import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogueStore } from "../../bot/programs/store.ts";
import type { Database } from "../../db/client.ts";
import { erasePersonalData } from "../../db/contacts.ts";
import {
  archiveProgram,
  createProgram,
  getProgram,
  getProgramVersion,
  listEligibilityChecks,
  listPrograms,
  listProgramVersions,
  recordEligibilityCheck,
  restoreProgram,
  seedPrograms,
  updateProgram,
} from "../../db/programs.ts";
import { auditLog, contacts, programVersions } from "../../db/schema/index.ts";
import { insertStaffUser } from "../../db/staff.ts";
import { fixedClock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { isPglite, openTestDatabase, uniqueUser } from "../helpers/database.ts";
import { sampleProgram, staffActor } from "./program-fixture.ts";

let database: Database;
let staffId: string;
const at = new Date("2026-03-02T09:00:00Z");
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

beforeAll(async () => {
  database = await openTestDatabase();
  const user = await insertStaffUser(database.db, { email: `${uniqueUser("programs")}@rafiq.test`, name: "Nadia Staff", role: "staff", passwordHash: `unusable-${crypto.randomUUID()}`, at });
  if (!user) throw new Error("no staff user");
  staffId = user.id;
});
afterAll(() => database.close());

/**
 * A second pool on the same database, as another app process would have. PGlite is one
 * in-process database with a single connection: "another process" is the same handle.
 */
async function openOtherProcess(): Promise<Pick<Database, "db" | "close">> {
  if (isPglite()) return { db: database.db, close: async () => {} };
  return openTestDatabase();
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("seeding the catalogue", () => {
  it("inserts new programmes at version 1 and inserts nothing the second time", async () => {
    const seed = [sampleProgram(), sampleProgram()];
    const ids = seed.map((program) => program.id).sort();
    expect(await seedPrograms(database.db, seed, at)).toEqual(ids);
    expect(await seedPrograms(database.db, seed, later(1))).toEqual([]);
    const history = await database.db.select().from(programVersions).where(inArray(programVersions.programId, ids));
    expect(history.map((row) => [row.version, row.change, row.changedBy])).toEqual([
      [1, "seeded", null],
      [1, "seeded", null],
    ]);
  });

  it("never overwrites a programme staff have edited, nor brings back one they archived", async () => {
    const [edited, archived] = [sampleProgram(), sampleProgram()];
    await seedPrograms(database.db, [edited, archived], at);
    await updateProgram(database.db, edited.id, { status: "closed" }, { actor: staffActor(staffId), at: later(1) });
    await archiveProgram(database.db, archived.id, { actor: staffActor(staffId), at: later(1) });

    expect(await seedPrograms(database.db, [edited, archived], later(2))).toEqual([]);
    const row = await getProgram(database.db, edited.id);
    expect(row).toMatchObject({ version: 2, data: { status: "closed" } });
    expect((await getProgram(database.db, archived.id))?.archivedAt).toEqual(later(1));
  });

  it("inserts each programme once when several processes seed at the same moment", async () => {
    const seed = [sampleProgram(), sampleProgram(), sampleProgram()];
    const other = await openOtherProcess();
    try {
      const outcomes = await Promise.all([seedPrograms(database.db, seed, at), seedPrograms(other.db, seed, at), seedPrograms(database.db, seed, at)]);
      expect(outcomes.flat().sort()).toEqual(seed.map((program) => program.id).sort());
      const ids = seed.map((program) => program.id);
      expect(await database.db.select().from(programVersions).where(inArray(programVersions.programId, ids))).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});

describe("versioning staff changes", () => {
  it("records who changed what and when across create, update, archive and restore", async () => {
    const program = sampleProgram();
    const actor = staffActor(staffId);
    const created = await createProgram(database.db, program, { actor, at });
    expect(created).toMatchObject({ id: program.id, version: 1, updatedBy: staffId, archivedAt: null });

    const updated = await updateProgram(database.db, program.id, { status: "past", needs: ["training", "women"] }, { actor, at: later(5) });
    expect(updated).toMatchObject({ version: 2, data: { status: "past", needs: ["training", "women"], name: program.name } });

    const archived = await archiveProgram(database.db, program.id, { actor, at: later(10) });
    expect(archived).toMatchObject({ version: 3, archivedAt: later(10) });
    expect((await listPrograms(database.db)).map((row) => row.id)).not.toContain(program.id);
    expect((await listPrograms(database.db, { includeArchived: true })).map((row) => row.id)).toContain(program.id);
    // Archiving twice is not a change.
    expect((await archiveProgram(database.db, program.id, { actor, at: later(11) })).version).toBe(3);

    expect(await restoreProgram(database.db, program.id, { actor, at: later(15) })).toMatchObject({ version: 4, archivedAt: null });

    const history = await listProgramVersions(database.db, program.id);
    expect(history).toEqual([
      { version: 4, change: "restored", changedAt: later(15), changedBy: { id: staffId, name: "Nadia Staff" }, changedKeys: [] },
      { version: 3, change: "archived", changedAt: later(10), changedBy: { id: staffId, name: "Nadia Staff" }, changedKeys: [] },
      { version: 2, change: "updated", changedAt: later(5), changedBy: { id: staffId, name: "Nadia Staff" }, changedKeys: ["needs", "status"] },
      { version: 1, change: "created", changedAt: at, changedBy: { id: staffId, name: "Nadia Staff" }, changedKeys: [] },
    ]);
    expect((await getProgramVersion(database.db, program.id, 1))?.data.status).toBe("open");

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.subjectId, program.id));
    expect(audit.map((entry) => entry.action).sort()).toEqual(["program.archived", "program.created", "program.restored", "program.updated"]);
  });

  it("makes no version for a patch that changes nothing", async () => {
    const program = sampleProgram();
    await createProgram(database.db, program, { actor: staffActor(staffId), at });
    const same = await updateProgram(database.db, program.id, { status: program.status }, { actor: staffActor(staffId), at: later(1) });
    expect(same.version).toBe(1);
    expect(await listProgramVersions(database.db, program.id)).toHaveLength(1);
  });

  it("refuses a duplicate id with 409, an unknown one with 404 and a patch leaving the programme invalid with 400", async () => {
    const program = sampleProgram();
    await createProgram(database.db, program, { actor: staffActor(staffId), at });
    expect(await rejection(createProgram(database.db, program, { actor: staffActor(staffId), at }))).toMatchObject({ status: 409, code: "program_exists" });
    expect(await rejection(updateProgram(database.db, "no-such-programme", { status: "closed" }, { actor: staffActor(staffId), at }))).toMatchObject({ status: 404 });
    const invalid = await rejection(updateProgram(database.db, program.id, { kinds: [] }, { actor: staffActor(staffId), at }));
    expect(invalid).toMatchObject({ status: 400, code: "invalid_request" });
    expect(invalid.message).toMatch(/^kinds:/);
    expect((await getProgram(database.db, program.id))?.version).toBe(1);
  });

  it("lets only one of two edits made from the same version through; the other gets 409", async () => {
    const program = sampleProgram();
    await createProgram(database.db, program, { actor: staffActor(staffId), at });
    const other = await openOtherProcess();
    try {
      const outcomes = await Promise.allSettled([
        updateProgram(database.db, program.id, { status: "closed" }, { actor: staffActor(staffId), at: later(1), expectedVersion: 1 }),
        updateProgram(other.db, program.id, { status: "past" }, { actor: staffActor(staffId), at: later(1), expectedVersion: 1 }),
      ]);
      const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
      const rejected = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ status: 409, code: "version_conflict", details: { currentVersion: 2 } });
      expect(await listProgramVersions(database.db, program.id)).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it("queues concurrent edits without a version: both apply, one after the other", async () => {
    const program = sampleProgram();
    await createProgram(database.db, program, { actor: staffActor(staffId), at });
    await Promise.all([
      updateProgram(database.db, program.id, { status: "closed" }, { actor: staffActor(staffId), at: later(1) }),
      updateProgram(database.db, program.id, { needs: ["women"] }, { actor: staffActor(staffId), at: later(1) }),
    ]);
    expect(await getProgram(database.db, program.id)).toMatchObject({ version: 3, data: { status: "closed", needs: ["women"] } });
  });
});

describe("the catalogue store", () => {
  it("picks up a change made by another process on its next poll, and reloads only then", async () => {
    const here = createCatalogueStore(database.db, { refreshMs: 60_000 });
    const other = await openOtherProcess();
    const elsewhere = createCatalogueStore(other.db, { refreshMs: 60_000 });
    try {
      await Promise.all([here.refresh(), elsewhere.refresh()]);
      expect(await elsewhere.poll()).toBe(false);

      const program = sampleProgram();
      await createProgram(database.db, program, { actor: staffActor(staffId), at });
      expect(here.current().byId.has(program.id)).toBe(false);
      await here.refresh();
      expect(here.current().byId.get(program.id)?.version).toBe(1);

      expect(elsewhere.current().byId.has(program.id)).toBe(false);
      expect(await elsewhere.poll()).toBe(true);
      expect(elsewhere.current().byId.get(program.id)).toMatchObject({ version: 1, status: "open" });
      expect(await elsewhere.poll()).toBe(false);

      // Same clock, same count: the version sum still tells the change apart.
      await updateProgram(database.db, program.id, { status: "closed" }, { actor: staffActor(staffId), at });
      expect(await elsewhere.poll()).toBe(true);
      expect(elsewhere.current().byId.get(program.id)).toMatchObject({ version: 2, status: "closed" });
      expect(elsewhere.current().ruled.find((ruled) => ruled.id === program.id)?.rulesVersion).toBe(2);

      await archiveProgram(database.db, program.id, { actor: staffActor(staffId), at });
      expect(await elsewhere.poll()).toBe(true);
      expect(elsewhere.current().byId.has(program.id)).toBe(false);
    } finally {
      here.stop();
      elsewhere.stop();
      await other.close();
    }
  });

  it("reads a call closed after its deadline, from the next poll after the day changed, without anyone touching it", async () => {
    const clock = fixedClock(new Date("2027-01-31T12:00:00Z"));
    const store = createCatalogueStore(database.db, { refreshMs: 60_000, clock });
    const program = { ...sampleProgram(), status: "open" as const, opensOn: "2027-01-05", closesOn: "2027-01-31" };
    await createProgram(database.db, program, { actor: staffActor(staffId), at });
    await store.refresh();
    expect(store.current().byId.get(program.id)?.status).toBe("open");
    expect(await store.poll()).toBe(false);
    clock.set(new Date("2027-02-01T00:30:00Z")); // past midnight in Casablanca
    expect(await store.poll()).toBe(true);
    expect(store.current().byId.get(program.id)?.status).toBe("closed");
    // What staff set is unchanged: only its reading today moved.
    expect((await getProgram(database.db, program.id))?.data.status).toBe("open");
  });

  it("polls on its own once started", async () => {
    const store = createCatalogueStore(database.db, { refreshMs: 20 });
    await store.refresh();
    store.start();
    try {
      const program = sampleProgram();
      await createProgram(database.db, program, { actor: staffActor(staffId), at });
      await expect.poll(() => store.current().byId.has(program.id), { timeout: 5_000 }).toBe(true);
    } finally {
      store.stop();
    }
  });
});

describe("recorded eligibility checks", () => {
  it("keeps the verdicts with their rules version, and erasing the person removes them", async () => {
    const [contact] = await database.db.insert(contacts).values({}).returning({ id: contacts.id });
    if (!contact) throw new Error("no contact");
    await recordEligibilityCheck(database.db, {
      contactId: contact.id,
      channel: "web",
      lang: "fr",
      profile: { age: 24, province: "khouribga" },
      results: [{ programId: "minassati-khouribga", rulesVersion: 3, verdict: "eligible" }],
      at,
    });
    const [check] = await listEligibilityChecks(database.db, contact.id);
    expect(check).toMatchObject({ lang: "fr", profile: { age: 24 }, results: [{ programId: "minassati-khouribga", rulesVersion: 3, verdict: "eligible" }] });

    await erasePersonalData(database.db, [contact.id], later(1));
    expect(await listEligibilityChecks(database.db, contact.id)).toEqual([]);
  });
});
