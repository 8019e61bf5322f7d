import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COACH_DAILY_CALLS, takeCoachBudget } from "../../bot/project/coach.ts";
import type { Database } from "../../db/client.ts";
import { getProject, saveCanvas } from "../../db/projects.ts";
import { contacts } from "../../db/schema/index.ts";
import { openTestDatabase } from "../helpers/database.ts";

/**
 * The coach's daily budget per person, counted in the database for the local day in
 * Casablanca (UTC+1 outside Ramadan): atomic, so parallel messages never overspend.
 */
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase(12);
});
afterAll(() => database.close());

async function addContact(): Promise<string> {
  const [row] = await database.db.insert(contacts).values({ language: "ary" }).returning({ id: contacts.id });
  if (!row) throw new Error("no contact");
  return row.id;
}

async function take(contactId: string, at: string, limit?: number): Promise<boolean> {
  return takeCoachBudget(database.db, contactId, new Date(at), limit);
}

describe("the coach's daily budget", () => {
  it("allows five calls a day by default, then refuses", async () => {
    const contactId = await addContact();
    const answers: boolean[] = [];
    for (let call = 0; call < COACH_DAILY_CALLS + 2; call++) answers.push(await take(contactId, "2026-05-05T09:00:00Z"));
    expect(COACH_DAILY_CALLS).toBe(5);
    expect(answers).toEqual([true, true, true, true, true, false, false]);
  });

  it("starts again on the next local day in Casablanca, not at midnight UTC", async () => {
    const contactId = await addContact();
    for (let call = 0; call < 2; call++) expect(await take(contactId, "2026-05-05T10:00:00Z", 2)).toBe(true);
    // 22:30 UTC is 23:30 in Casablanca: still the 5th.
    expect(await take(contactId, "2026-05-05T22:30:00Z", 2)).toBe(false);
    // 23:30 UTC is 00:30 on the 6th in Casablanca, though still the 5th in UTC.
    expect(await take(contactId, "2026-05-05T23:30:00Z", 2)).toBe(true);
    expect(await take(contactId, "2026-05-06T12:00:00Z", 2)).toBe(true);
    expect(await take(contactId, "2026-05-06T13:00:00Z", 2)).toBe(false);
    expect((await getProject(database.db, contactId))?.coachDay).toBe("2026-05-06");
  });

  it("never overspends when many messages arrive at once", async () => {
    const contactId = await addContact();
    const answers = await Promise.all(Array.from({ length: 20 }, () => take(contactId, "2026-05-07T09:00:00Z")));
    expect(answers.filter(Boolean)).toHaveLength(COACH_DAILY_CALLS);
    expect((await getProject(database.db, contactId))?.coachCalls).toBe(COACH_DAILY_CALLS);
  });

  it("counts each person apart and keeps the canvas untouched", async () => {
    const first = await addContact();
    const second = await addContact();
    const canvas = { idea: "7anout dyal l7elwa" };
    await saveCanvas(database.db, first, canvas, new Date("2026-05-08T08:00:00Z"));
    for (let call = 0; call < 3; call++) expect(await take(first, "2026-05-08T09:00:00Z", 3)).toBe(true);
    expect(await take(first, "2026-05-08T09:00:00Z", 3)).toBe(false);
    expect(await take(second, "2026-05-08T09:00:00Z", 3)).toBe(true);
    expect((await getProject(database.db, first))?.canvas).toEqual(canvas);
  });
});
