import { inject } from "vitest";
import type { Database } from "../../db/client.ts";
import { openDatabase } from "../../db/client.ts";

/** The run's database: the fresh PostgreSQL one, or an in-memory PGlite per test file. */
export async function openTestDatabase(poolSize = 5): Promise<Database> {
  const url = inject("databaseUrl");
  if (url === "pglite") {
    const database = await openDatabase({ dataDir: "", inMemory: true });
    await database.migrate();
    return database;
  }
  return openDatabase({ databaseUrl: url, dataDir: "", poolSize });
}

export function isPglite(): boolean {
  return inject("databaseUrl") === "pglite";
}

/** A person id no other test uses, so tests can share one database. */
export function uniqueUser(prefix = "user"): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
