import { randomBytes } from "node:crypto";
import { rm, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { dumpMigratedPglite, openDatabase } from "../../db/client.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A fresh PostgreSQL database for this run, migrated; or "pglite" for the embedded mode. */
    databaseUrl: string;
    /** With "pglite": a file holding a migrated empty database, which each test file loads. */
    pgliteTemplate: string;
  }
}

const LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Tests run against a real PostgreSQL: a fresh database per run on the server named by
 * DATABASE_URL (or the local one), dropped at the end. RAFIQ_TEST_DB=pglite runs the same
 * suite on the embedded database instead, which is how CI checks the embedded mode.
 */
export default async function setup(project: TestProject) {
  if (process.env.RAFIQ_TEST_DB === "pglite") {
    // Creating an embedded database (initdb in WebAssembly) and migrating it costs seconds per
    // test file, many more on a busy machine; loading a dump of one made here costs a fraction.
    const dir = await mkdtemp(join(tmpdir(), "rafiq-pglite-"));
    const template = join(dir, "migrated.tar");
    await writeFile(template, new Uint8Array(await (await dumpMigratedPglite()).arrayBuffer()));
    project.provide("databaseUrl", "pglite");
    project.provide("pgliteTemplate", template);
    return () => rm(dir, { recursive: true, force: true });
  }
  project.provide("pgliteTemplate", "");
  const serverUrl = process.env.DATABASE_URL || LOCAL_POSTGRES;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `rafiq_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw new Error(`tests need PostgreSQL: could not create a database on ${redact(serverUrl)} (${String(error)}). ` +
      "Set DATABASE_URL, or RAFIQ_TEST_DB=pglite for the embedded database.");
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  await database.migrate();
  await database.close();
  project.provide("databaseUrl", url.toString());
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}
