import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A fresh PostgreSQL database for this run, migrated; or "pglite" for the embedded mode. */
    databaseUrl: string;
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
    project.provide("databaseUrl", "pglite");
    return;
  }
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
