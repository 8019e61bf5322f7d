import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

/** The same Drizzle API on PostgreSQL and on PGlite; feature code sees only this. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  db: Db;
  /**
   * Where webhooks store what arrives: on PostgreSQL a small pool of its own, so a
   * webhook is answered while turns hold every connection of the main one; on the
   * embedded database (one connection) the same as `db`.
   */
  intakeDb: Db;
  kind: DatabaseKind;
  /** Applies the committed SQL migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /**
   * LISTEN on a channel: `onNotify` gets each committed NOTIFY's payload, from any process
   * on the database. Resolves with the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Opens intake's connections now (the driver opens them on first use): the first burst
   * that spills over to them would otherwise wait for connecting under load, and the
   * webhooks with it (0.9 s in bench:webhook). The app calls it once at start.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));

// Any constant works; it only has to be the same in every process of one deployment.
const MIGRATION_LOCK_KEY = 7_246_001;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL only: connections reserved for storing what arrives (see Database.intakeDb). */
  intakePoolSize?: number;
  /** PGlite only: keep everything in memory (tests, benchmarks). */
  inMemory?: boolean;
  /**
   * PGlite only: start from this dump of a data directory (`dumpDatabase`) instead of an
   * empty one. Creating a database costs seconds (initdb inside WebAssembly); loading a
   * migrated one costs a fraction, which is what lets every test file have its own.
   */
  loadDataDir?: Blob;
}

/**
 * Each database's driver is loaded when it is opened: a server on PostgreSQL never loads
 * PGlite (its WebAssembly build and extensions), the embedded one never loads `postgres`.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.intakePoolSize ?? 2);
  return openPglite(options);
}

/**
 * How the pool comes back after losing the server (a failover, a pooler restart, a cut).
 * The driver counts failed reconnections across the whole pool and, by default, waits up
 * to 20 s once a few connections died together (3^n / 100 s); a blip would then last 20 s.
 * Retry quickly and at most every second instead: five connections trying once a second
 * cost the server nothing. A server that does not answer at all (a network cut) is given
 * up on after CONNECT_TIMEOUT_S, so waiting queries fail and the API answers 503.
 */
export const POSTGRES_RECOVERY_OPTIONS = {
  backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
  connect_timeout: 5,
} as const;

async function openPostgres(url: string, poolSize: number, intakePoolSize: number): Promise<Database> {
  const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
    import("postgres"),
    import("drizzle-orm/postgres-js"),
    import("drizzle-orm/postgres-js/migrator"),
  ]);
  const pool = (max: number, name: string) =>
    postgres(url, {
      max,
      ...POSTGRES_RECOVERY_OPTIONS,
      onnotice: () => {},
      // Dates arrive as JS Dates via Drizzle's column mapping; keep timestamptz in UTC.
      connection: { TimeZone: "UTC", application_name: name },
    });
  const client = pool(poolSize, "rafiq");
  const intakeClient = pool(intakePoolSize, "rafiq-intake");
  const db = drizzlePostgres(client, { schema, casing: "snake_case" });
  return {
    db,
    intakeDb: drizzlePostgres(intakeClient, { schema, casing: "snake_case" }),
    kind: "postgres",
    async migrate() {
      // Several app processes may start together: one migrates, the others wait on the
      // advisory lock, held by a dedicated single connection for the lock's lifetime.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(lockClient, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    async listen(channel, onNotify) {
      // postgres-js keeps one dedicated connection for all listeners and re-LISTENs after a reconnect.
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    async warm() {
      // As many at once as the pool holds: each waits for a connection of its own.
      await Promise.all(Array.from({ length: intakePoolSize }, () => intakeClient`select 1`));
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), intakeClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * PGlite, its extensions and Drizzle's PGlite driver, loaded once on first use.
 * btree_gist: the booking migration's exclusion constraint (no overlapping appointments);
 * unaccent: the console's search (migration 0008_search).
 */
async function loadPglite() {
  const [{ PGlite }, { btree_gist }, { unaccent }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/btree_gist"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  return { PGlite, extensions: { btree_gist, unaccent }, drizzlePglite: drizzle, migratePglite: migrate };
}
/**
 * The embedded server's buffer cache lives in the process's own memory (WebAssembly),
 * where PostgreSQL's default of 128 MB is all resident once touched and never given back;
 * the embedded database serves one small deployment, whose data the OS caches anyway.
 */
const PGLITE_SHARED_BUFFERS = "16MB";

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const { PGlite, extensions, drizzlePglite, migratePglite } = await loadPglite();
  const settings = { extensions, startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
  let client: PGlite;
  if (options.inMemory) {
    client = new PGlite({ ...settings, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } else {
    const dir = join(options.dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir, settings);
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  return {
    db,
    intakeDb: db,
    kind: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    // One connection, already open.
    warm: async () => {},
    close: () => client.close(),
  };
}

/** A migrated, empty embedded database as a dump, for `loadDataDir` (the tests' template). */
export async function dumpMigratedPglite(): Promise<Blob> {
  const { PGlite, extensions, drizzlePglite, migratePglite } = await loadPglite();
  const client = new PGlite({ extensions });
  try {
    await migratePglite(drizzlePglite(client, { schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_DIR });
    return await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
}
