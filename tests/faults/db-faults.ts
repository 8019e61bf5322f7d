import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { freePort, ROOT } from "../smoke/support.ts";
import { startTcpProxy } from "./tcp-proxy.ts";

/**
 * `npm run test:db-faults`: the app as operators run it (`node main.ts` on PostgreSQL),
 * 20 web chat people talking, and the database taken away under them, checked from
 * outside through HTTP (and the database, for what was answered):
 *
 * 1. its connections terminated three times (pg_terminate_backend, what a failover, a
 *    pooler restart or a network cut does): the process lives, /health is «ok» again
 *    within 10 s each time;
 * 2. the database unreachable for 10 s (a TCP proxy in front of it, cut then restored —
 *    never the machine's PostgreSQL itself): /health says «degraded», messages get a
 *    retryable 503, and service comes back by itself.
 *
 * Every message the people send is re-sent with the same id until accepted (as the page
 * does); at the end every accepted message must be answered exactly once. Bounded: the
 * whole check stops itself after MAX_RUN_MS. Prints its figures; exits 1 on any failure.
 */
const SERVER = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PEOPLE = 20;
const TERMINATIONS = 3;
const TERMINATION_GAP_MS = 5_000;
const OUTAGE_MS = 10_000;
const OK_WITHIN_MS = 10_000;
const MAX_RUN_MS = 240_000;
const MESSAGE_DEADLINE_MS = 90_000;

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  process.stdout.write(`${ok ? "ok  " : "FAIL"} ${what}\n`);
  if (!ok) failures.push(what);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const watchdog = setTimeout(() => {
  process.stderr.write(`db-faults: still running after ${MAX_RUN_MS / 1000} s; giving up\n`);
  process.exit(1);
}, MAX_RUN_MS);
watchdog.unref();

// A fresh database of its own, reached through the proxy.
const serverUrl = new URL(SERVER);
const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
const name = `rafiq_faults_${Date.now()}_${randomBytes(3).toString("hex")}`;
await admin.unsafe(`create database ${name}`);
const proxy = await startTcpProxy({ host: serverUrl.hostname, port: Number(serverUrl.port || 5432) });
const appUrl = new URL(SERVER);
appUrl.host = `127.0.0.1:${proxy.port}`;
appUrl.pathname = `/${name}`;
const direct = new URL(SERVER);
direct.pathname = `/${name}`;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const artifacts = join(ROOT, "tests/.artifacts");
mkdirSync(artifacts, { recursive: true });
const logPath = join(artifacts, "db-faults.log");
const child = spawn(process.execPath, ["main.ts"], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH ?? "",
    PORT: String(port),
    DATABASE_URL: appUrl.toString(),
    DATABASE_POOL_SIZE: "5",
    LOG_LEVEL: "warn",
    // The people all come from 127.0.0.1: lift the per-address limits for this check.
    WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: "1000000",
    WEBCHAT_SESSIONS_PER_HOUR_PER_ADDRESS: "1000000",
    WEBCHAT_MESSAGES_PER_MINUTE_PER_SESSION: "10000",
  },
  stdio: ["ignore", "ignore", "pipe"],
});
child.stderr?.pipe(createWriteStream(logPath));
let exited: number | null | undefined;
child.on("exit", (code, signal) => {
  exited = code ?? (signal ? -1 : null);
});

async function health(): Promise<number> {
  try {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function waitForOk(limitMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await health()) === 200) return performance.now() - started;
    await sleep(100);
  }
  return null;
}

const counts = { accepted: 0, retried503: 0, retried429: 0, network: 0 };

async function send(token: string, clientMessageId: string, fields: Record<string, unknown>): Promise<number[]> {
  const deadline = Date.now() + MESSAGE_DEADLINE_MS;
  for (let attempt = 0; ; attempt += 1) {
    let status = 0;
    try {
      const response = await fetch(`${base}/api/v1/webchat/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, clientMessageId, ...fields }),
        signal: AbortSignal.timeout(20_000),
      });
      status = response.status;
      const body = (await response.json()) as { messages?: { id: number }[] };
      if (status === 200) {
        counts.accepted += 1;
        return (body.messages ?? []).map((message) => message.id);
      }
    } catch {
      counts.network += 1;
    }
    if (status === 503) counts.retried503 += 1;
    else if (status === 429) counts.retried429 += 1;
    else if (status !== 0) throw new Error(`message ${clientMessageId}: unexpected status ${status}`);
    if (Date.now() > deadline) throw new Error(`message ${clientMessageId}: not accepted within ${MESSAGE_DEADLINE_MS / 1000} s`);
    await sleep(Math.min(2_000, 200 * 2 ** attempt));
  }
}

interface Person {
  token: string;
  replies: number[][];
  menuReplies: number[][];
}

let stopping = false;
async function talk(index: number): Promise<Person> {
  const session = await fetch(`${base}/api/v1/webchat/sessions`, { method: "POST" });
  const { token } = (await session.json()) as { token: string };
  const person: Person = { token, replies: [], menuReplies: [] };
  const id = () => `person-${index}-msg-${person.replies.length}`;
  for (const fields of [{ start: true }, { choice: "lang:fr" }, { choice: "consent:yes" }, { text: "Amina" }]) person.replies.push(await send(token, id(), fields));
  while (!stopping) {
    const replies = await send(token, id(), { text: "menu" });
    person.replies.push(replies);
    person.menuReplies.push(replies);
    await sleep(50 + Math.random() * 150);
  }
  return person;
}

try {
  check((await waitForOk(60_000)) !== null, "the app starts on PostgreSQL behind the proxy");
  // A person whose message is never accepted fails the check at the end, not the process now.
  const people = Array.from({ length: PEOPLE }, (_, index) =>
    talk(index).catch((error: unknown) => {
      failures.push(`person ${index}: ${String(error)}`);
      return { token: "", replies: [], menuReplies: [] } satisfies Person;
    }),
  );
  await sleep(3_000);

  // 1. Connections terminated, three times, under load.
  const terminate = postgres(direct.toString(), { max: 1, onnotice: () => {} });
  const okAfter: (number | null)[] = [];
  for (let round = 0; round < TERMINATIONS; round += 1) {
    const before = counts.accepted;
    const [row] = await terminate<{ n: number }[]>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    const ms = await waitForOk(OK_WITHIN_MS + 5_000);
    okAfter.push(ms);
    check(exited === undefined, `termination ${round + 1} (${row?.n ?? 0} connections): the process lives`);
    check(ms !== null && ms <= OK_WITHIN_MS, `termination ${round + 1}: /health «ok» again after ${ms === null ? "never" : `${(ms / 1000).toFixed(2)} s`} (≤ ${OK_WITHIN_MS / 1000} s)`);
    await sleep(TERMINATION_GAP_MS);
    check(counts.accepted > before, `termination ${round + 1}: messages accepted again (${counts.accepted - before} since)`);
  }
  await terminate.end();

  // 2. The database unreachable for 10 s, then back.
  const acceptedBeforeCut = counts.accepted;
  const cutAt = performance.now();
  await proxy.cut();
  let degradedAfter: number | null = null;
  while (performance.now() - cutAt < OUTAGE_MS) {
    const status = await health();
    if (status === 503 && degradedAfter === null) degradedAfter = performance.now() - cutAt;
    await sleep(250);
  }
  const retriesDuringCut = counts.retried503;
  await proxy.restore();
  const backAfter = await waitForOk(OK_WITHIN_MS + 5_000);
  check(exited === undefined, "database unreachable for 10 s: the process lives");
  check(degradedAfter !== null && degradedAfter <= 5_000, `database unreachable: /health «degraded» after ${degradedAfter === null ? "never" : `${(degradedAfter / 1000).toFixed(2)} s`}`);
  check(retriesDuringCut > 0, `database unreachable: messages answered with a retryable 503 (${retriesDuringCut} so far)`);
  check(backAfter !== null && backAfter <= OK_WITHIN_MS, `database back: /health «ok» after ${backAfter === null ? "never" : `${(backAfter / 1000).toFixed(2)} s`} (≤ ${OK_WITHIN_MS / 1000} s), no restart`);
  await sleep(3_000);
  check(counts.accepted > acceptedBeforeCut, `database back: messages accepted again (${counts.accepted - acceptedBeforeCut} since the cut)`);

  stopping = true;
  const done = await Promise.all(people);

  // Every accepted message answered exactly once: the history each person's page reads
  // holds every reply it was given, once, and nothing more.
  let answered = 0;
  let duplicated = 0;
  let missing = 0;
  for (const person of done.filter((person) => person.token !== "")) {
    const history = new Set<number>();
    for (let after = 0, more = true; more; ) {
      const response = await fetch(`${base}/api/v1/webchat/messages?token=${person.token}&after=${after}`);
      const page = (await response.json()) as { messages: { id: number }[]; cursor: number; more: boolean };
      for (const message of page.messages) {
        if (history.has(message.id)) duplicated += 1;
        history.add(message.id);
      }
      more = page.more;
      after = page.cursor;
    }
    const given = person.replies.flat();
    missing += given.filter((id) => !history.has(id)).length;
    duplicated += history.size - new Set(given).size;
    answered += person.replies.filter((replies) => replies.length > 0).length;
  }
  const menuSizes = new Set(done.flatMap((person) => person.menuReplies.map((replies) => replies.length)));
  const sent = done.reduce((sum, person) => sum + person.replies.length, 0);

  // The same from the database: every accepted message handled, each with one set of replies.
  const db = postgres(direct.toString(), { max: 1, onnotice: () => {} });
  const [stored] = await db<{ inbound: number; unhandled: number; menu_reply_sets: number[] }[]>`
    select count(*)::int as inbound,
      count(*) filter (where status <> 'processed')::int as unhandled,
      array(select distinct n from (select count(o.id)::int as n from messages i left join messages o on o.reply_to_id = i.id
        where i.direction = 'inbound' and i.content->>'text' = 'menu' group by i.id) sizes) as menu_reply_sets
    from messages where direction = 'inbound'`;
  await db.end();

  process.stdout.write(
    `figures: ${TERMINATIONS} terminations survived: ${okAfter.filter((ms) => ms !== null).length}; ` +
      `time to «ok» after each: ${okAfter.map((ms) => (ms === null ? "never" : `${(ms / 1000).toFixed(2)} s`)).join(", ")}; ` +
      `outage: «degraded» after ${degradedAfter === null ? "never" : `${(degradedAfter / 1000).toFixed(2)} s`}, «ok» ${backAfter === null ? "never" : `${(backAfter / 1000).toFixed(2)} s`} after the database came back; ` +
      `messages sent ${sent}, accepted ${counts.accepted}, answered ${answered}, duplicated ${duplicated}, missing ${missing}; ` +
      `retries: ${counts.retried503} × 503, ${counts.retried429} × 429, ${counts.network} network\n`,
  );
  check(counts.accepted === sent, `every message sent was accepted in the end (${counts.accepted}/${sent})`);
  check(answered === sent, `every accepted message was answered (${answered}/${sent})`);
  check(duplicated === 0 && missing === 0, `no reply duplicated (${duplicated}) or missing (${missing}) in the people's history`);
  check(menuSizes.size === 1, `every «menu» got the same number of replies (${[...menuSizes].join(", ")})`);
  check(stored?.inbound === sent && stored.unhandled === 0, `the database holds each accepted message once, all handled (${stored?.inbound} stored, ${stored?.unhandled} unhandled)`);
  check(stored?.menu_reply_sets.length === 1, `each stored «menu» has one set of replies (sizes: ${stored?.menu_reply_sets.join(", ")})`);
  check(exited === undefined, "the process lived through it all");
} catch (error) {
  failures.push(String(error));
  process.stderr.write(`${String(error)}\n`);
} finally {
  stopping = true;
  if (exited === undefined) {
    const stopped = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([stopped, sleep(15_000)]);
  }
  await proxy.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
}
process.stdout.write(`db faults: ${failures.length === 0 ? "all checks passed" : `${failures.length} check(s) failed (app log: ${logPath})`}\n`);
process.exit(failures.length === 0 ? 0 : 1);
