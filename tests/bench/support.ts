import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Database } from "../../db/client.ts";

/** Benchmarks run on a fresh PostgreSQL database (DATABASE_URL's server, or the local one). */
export async function openBenchDatabase(poolSize: number): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `rafiq_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] ?? Number.NaN;
}

export function summarize(label: string, latenciesMs: number[], elapsedMs: number) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const row = {
    scenario: label,
    messages: sorted.length,
    "msg/s": Math.round((sorted.length / elapsedMs) * 1000),
    "p50 ms": Number(percentile(sorted, 50).toFixed(2)),
    "p99 ms": Number(percentile(sorted, 99).toFixed(2)),
    "max ms": Number((sorted.at(-1) ?? Number.NaN).toFixed(2)),
  };
  return row;
}
