import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import type { Database } from "../../db/client.ts";
import { openDatabase } from "../../db/client.ts";

/** The run's database: the fresh PostgreSQL one, or an in-memory PGlite per test file. */
export async function openTestDatabase(poolSize = 5): Promise<Database> {
  const url = inject("databaseUrl");
  if (url === "pglite") return openPgliteFromTemplate();
  return openDatabase({ databaseUrl: url, dataDir: "", poolSize });
}

/** An in-memory embedded database of this file's own, loaded from the run's migrated template. */
export async function openPgliteFromTemplate(): Promise<Database> {
  const template = inject("pgliteTemplate");
  const database = await openDatabase({
    dataDir: "",
    inMemory: true,
    ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
  });
  // Already migrated when loaded from the template: this only checks the journal.
  await database.migrate();
  return database;
}

export function isPglite(): boolean {
  return inject("databaseUrl") === "pglite";
}

/** A person id no other test uses, so tests can share one database. */
export function uniqueUser(prefix = "user"): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
