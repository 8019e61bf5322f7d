import postgres from "postgres";
import { POSTGRES_RECOVERY_OPTIONS } from "../../db/client.ts";

/**
 * Run as a child process by driver-closed-socket.test.ts (a crash must not take the test
 * runner down with it). Prints one JSON line.
 *
 * 1. A reserved connection's backend is terminated, then small queries go to it:
 *    unpatched, postgres 3.4.9's deferred write finds a null socket and throws an uncaught
 *    TypeError; patched, each query is rejected with CONNECTION_CLOSED.
 * 2. A pool with the app's recovery options, used the way the app uses it (many small queries in flight), has its
 *    backends terminated five times: every query settles, and afterwards it answers.
 */
const url = process.argv[2];
if (!url) throw new Error("usage: driver-closed-socket.ts <database url>");
const admin = postgres(url, { max: 1, onnotice: () => {} });
const terminate = (name: string) =>
  admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name} and pid <> pg_backend_pid()`;

const reservedPool = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "driver-test-reserved" } });
const reserved = await reservedPool.reserve();
await reserved`select 1`;
await terminate("driver-test-reserved");
await new Promise((resolve) => setTimeout(resolve, 200));
const rejections: string[] = [];
for (let i = 0; i < 3; i += 1) {
  try {
    await reserved`select 1`;
    rejections.push("answered");
  } catch (error) {
    rejections.push(String((error as { code?: unknown }).code));
  }
}

const pool = postgres(url, { max: 4, ...POSTGRES_RECOVERY_OPTIONS, onnotice: () => {}, connection: { application_name: "driver-test-pool" } });
let settled = 0;
for (let round = 0; round < 5; round += 1) {
  const burst = Array.from({ length: 200 }, (_, i) => pool`select ${i}::int as n, pg_sleep(0.001)`.then(() => {}, () => {}).finally(() => (settled += 1)));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await terminate("driver-test-pool");
  await Promise.all(burst);
}
const [after] = await pool<{ ok: number }[]>`select 1 as ok`;
await Promise.all([pool.end({ timeout: 1 }), reservedPool.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
process.stdout.write(`${JSON.stringify({ rejections, settled, poolAnswers: after?.ok === 1 })}\n`);
