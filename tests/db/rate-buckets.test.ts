import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { pauseBucket, pruneIdleBuckets, takeOrCreateToken } from "../../db/rate-buckets.ts";
import { queryRows } from "../../db/sql.ts";
import { openTestDatabase, uniqueUser } from "../helpers/database.ts";

describe("pruning idle rate buckets", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());

  const keysUnder = async (prefix: string) =>
    (await queryRows<{ key: string }>(database.db, sql`select key from rate_buckets where key like ${`${prefix}%`} order by key`)).map((row) => row.key);

  it("forgets buckets idle since the cutoff under the prefix only, and keeps one still paused", async () => {
    const prefix = `${uniqueUser("prune")}:`;
    const other = `${uniqueUser("other")}:`;
    const rate = { perSecond: 1, burst: 2 };
    for (const key of [`${prefix}a`, `${prefix}b`, `${prefix}paused`, `${other}a`]) await takeOrCreateToken(database.db, key, rate);
    await pauseBucket(database.db, `${prefix}paused`, 3_600_000);

    // A cutoff before the buckets were touched forgets nothing.
    expect(await pruneIdleBuckets(database.db, prefix, new Date(Date.now() - 60_000))).toBe(0);
    // A cutoff after: the idle ones go, the one paused for an hour stays, and other prefixes are untouched.
    expect(await pruneIdleBuckets(database.db, prefix, new Date(Date.now() + 60_000))).toBe(2);
    expect(await keysUnder(prefix)).toEqual([`${prefix}paused`]);
    expect(await keysUnder(other)).toEqual([`${other}a`]);
    // Once its pause is over too, it goes.
    expect(await pruneIdleBuckets(database.db, prefix, new Date(Date.now() + 7_200_000))).toBe(1);
    expect(await keysUnder(prefix)).toEqual([]);
  });
});
