import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freePort, ROOT, startNodeFlags, startScriptEnv, stopServer } from "../smoke/support.ts";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";

/**
 * `npm run bench:memory`: `npm start`'s memory at its first /health, on PostgreSQL and on
 * the embedded database, then after 5,000 new conversations (Telegram /start through the
 * webhook, replies sent to a local Bot API stub). RSS from /proc; the heap from the
 * process itself after a full collection (tests/bench/memory-probe.ts).
 * Each figure is taken twice: at once (after a full collection) and once the app had
 * BENCH_SETTLE_S seconds without traffic, long enough for its idle trim (MEMORY_TRIM_IDLE_S,
 * 30 s) to run once; that second one is what a server keeps between bursts.
 * Env: BENCH_CONVERSATIONS (5000), BENCH_ROUNDS (1: rounds of that many, to show the
 * memory flat from one to the next), BENCH_SETTLE_S (45), BENCH_ONLY=postgres|embedded,
 * DATABASE_URL (the server; a local one by default); glibc's MALLOC_* variables and
 * GLIBC_TUNABLES are passed on to the app when set.
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 45) * 1000;
const IN_FLIGHT = 16;
const serverUrl = new URL(process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
const MB = 1024 * 1024;

interface Sample {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function sample(child: ChildProcess, probeFile: string): Promise<Sample> {
  if (existsSync(probeFile)) unlinkSync(probeFile);
  child.kill("SIGUSR2");
  const deadline = Date.now() + 10_000;
  while (!existsSync(probeFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const usage = JSON.parse(readFileSync(probeFile, "utf8")) as NodeJS.MemoryUsage;
  return { rssMb: rssOf(child), heapTotalMb: usage.heapTotal / MB, heapUsedMb: usage.heapUsed / MB, externalMb: usage.external / MB, arrayBuffersMb: usage.arrayBuffers / MB };
}

/** The app's CPU time so far (user + system), in seconds. */
function cpuSecondsOf(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function settled(child: ChildProcess): Promise<{ rssMb: number }> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return { rssMb: rssOf(child) };
}

async function start(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...startNodeFlags(), "--expose-gc", "--import", "./tests/bench/memory-probe.ts", "main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      ...startScriptEnv(),
      // glibc's allocator settings (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_…), to compare them.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("MALLOC_") || key === "GLIBC_TUNABLES")),
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok).catch(() => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("no /health within 120 s");
}

async function measure(label: string, databaseEnv: Record<string, string>) {
  const token = `${Date.now() % 1_000_000}:MEM-${randomBytes(8).toString("hex")}`;
  const secret = randomBytes(16).toString("hex");
  const stub = await startBotApiStub(token);
  const dataDir = mkdtempSync(join(tmpdir(), "rafiq-bench-memory-"));
  const probeFile = join(dataDir, "memory.json");
  const port = await freePort();
  const env = {
    ...databaseEnv,
    DATA_DIR: dataDir,
    MEMORY_PROBE_FILE: probeFile,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_API_ROOT: stub.url,
    TELEGRAM_WEBHOOK_SECRET: secret,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  const child = await start(port, env);
  try {
    const atHealth = { rssMb: rssOf(child) };
    // Channels start once the server listens: the webhook is registered just after /health answers.
    await stub.waitFor(() => stub.webhook, 30_000);
    const idle = await sample(child, probeFile);
    const idleSettled = await settled(child);
    let next = 700_000_001 + Math.floor(Math.random() * 1_000_000) * 10_000;
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const cpuBefore = cpuSecondsOf(child);
      const sentBefore = stub.calls.filter((call) => call.method === "sendMessage" && call.ok).length;
      let sent = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (sent < CONVERSATIONS) {
            sent += 1;
            const chatId = next++;
            const chat = { id: chatId, type: "private" as const, first_name: "Mem" };
            const update = { update_id: stub.nextUpdateId(), message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat, from: { id: chatId, is_bot: false, first_name: "Mem" }, text: "/start" } };
            // Re-sent after a failed call, as Telegram does; a dead app ends the run with its exit code.
            for (let attempt = 1; ; attempt += 1) {
              const outcome = await stub.deliverWebhook(update).catch((error: unknown) => ({ status: 0, error }));
              if (outcome.status === 200) break;
              if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited (${child.exitCode ?? child.signalCode})`);
              if (attempt >= 5) throw new Error(`the webhook failed 5 times: ${"error" in outcome ? String(outcome.error) : outcome.status}`);
              await new Promise((resolve) => setTimeout(resolve, 500));
            }
          }
        }),
      );
      await stub.waitFor((calls) => calls.filter((call) => call.method === "sendMessage" && call.ok).length >= sentBefore + CONVERSATIONS, 300_000);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = cpuSecondsOf(child) - cpuBefore;
      const after = await sample(child, probeFile);
      rounds.push({ after, afterSettled: await settled(child), seconds, cpuSeconds });
    }
    return { label, atHealth, idle, idleSettled, rounds };
  } finally {
    await stopServer(child);
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
const admin = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
const name = `rafiq_bench_memory_${Date.now()}_${randomBytes(3).toString("hex")}`;
await admin.unsafe(`create database ${name}`);
try {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databases = [
    ["postgres", "PostgreSQL", { DATABASE_URL: url.toString() }],
    ["embedded", "embedded (PGlite)", {}],
  ] as const;
  for (const [key, label, env] of databases) {
    if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== key) continue;
    process.stderr.write(`${label}: starting, then ${CONVERSATIONS} new conversations…\n`);
    const result = await measure(label, env);
    const row = (when: string, value: Partial<Sample>) => ({
      database: label,
      when,
      "RSS MB": Math.round(value.rssMb ?? Number.NaN),
      "heap total MB": value.heapTotalMb === undefined ? "–" : Math.round(value.heapTotalMb),
      "heap used MB": value.heapUsedMb === undefined ? "–" : Math.round(value.heapUsedMb),
      "external MB": value.externalMb === undefined ? "–" : Math.round(value.externalMb),
    });
    const settle = `${SETTLE_MS / 1000} s idle`;
    const measured = [row("first /health", result.atHealth), row("idle, after a full GC", result.idle), row(`idle, ${settle}`, result.idleSettled)];
    result.rounds.forEach((round, i) => {
      const done = `after ${(i + 1) * CONVERSATIONS} new conversations`;
      measured.push(row(`${done} (${Math.round(CONVERSATIONS / round.seconds)}/s, ${round.cpuSeconds.toFixed(1)} s CPU), full GC`, round.after));
      measured.push(row(`${done}, then ${settle}`, round.afterSettled));
    });
    console.table(measured);
    rows.push(...measured);
  }
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
console.log(`Memory — Node ${process.version}; targets: ≤ 150 MB idle on PostgreSQL, ≤ 350 MB embedded, flat after ${CONVERSATIONS} conversations`);
console.table(rows);
