import { spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { BroadcastActor, BroadcastService } from "../../bot/broadcast/service.ts";
import type { Db } from "../../db/client.ts";
import { findBroadcast } from "../../db/broadcasts.ts";
import { queryRows } from "../../db/sql.ts";
import { seedPeople } from "../broadcast/people.ts";
import { cloudCredentials, approvedFrom } from "../whatsapp-cloud/harness.ts";
import { startFakeGraph, type FakeGraph } from "../whatsapp-cloud/fake-graph.ts";

/**
 * The Cloud API half of `npm run bench:broadcast`: an announcement to 10,000 WhatsApp
 * people (outside their window: each gets the marketing template) through the real worker
 * and Cloud sender, in a separate process as main.ts runs them, against the fake Graph
 * API enforcing Meta's 80 messages/s (130429 past it) and pair limit. Then the same with
 * the sending process killed with SIGKILL mid-way and started again: nobody may get it
 * twice.
 */
const PEOPLE = Number(process.env.BENCH_CLOUD_PEOPLE ?? 10_000);
const KILL_PEOPLE = Number(process.env.BENCH_CLOUD_KILL_PEOPLE ?? 2_000);
const PER_SECOND = 80;
const ROOT = join(import.meta.dirname, "../..");

export async function runCloudBenchmark(deps: { db: Db; url: string; service: BroadcastService; actor: BroadcastActor }) {
  const creds = cloudCredentials();
  const fake = await startFakeGraph({ ...creds, templates: approvedFrom(), throughputPerSecond: PER_SECOND, pair: { intervalMs: 6_000, burst: 45 } });
  const env = { DATABASE_URL: deps.url, GRAPH_URL: fake.url, TOKEN: creds.token, PHONE_NUMBER_ID: creds.phoneNumberId, PER_SECOND: String(PER_SECOND), LEASE_MS: "3000" };
  console.log(`\nWhatsApp Cloud API: configured ${PER_SECOND} msg/s; the fake Graph API allows ${PER_SECOND}/s (a bucket of one second's worth), else 130429`);
  try {
    const steady = await run(deps, fake, env, "10,000 people, 1 sending process", PEOPLE, null);
    const killed = await run(deps, fake, env, "kill -9 mid-way, then a new process", KILL_PEOPLE, 0.4);
    console.table([steady, killed]);
  } finally {
    await fake.close();
  }
}

function startSender(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["tests/bench/cloud-sender-process.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`sender exited ${code}`)));
  });
}

async function run(deps: { db: Db; service: BroadcastService; actor: BroadcastActor }, fake: FakeGraph, env: Record<string, string>, label: string, people: number, killAt: number | null) {
  const prefix = `2127${randomInt(10, 99)}`;
  const seeded = await seedPeople(deps.db, Array.from({ length: people }, (_, index) => ({ channel: "whatsapp" as const, externalId: `${prefix}${String(index).padStart(6, "0")}` })));
  const ours = new Set(seeded.map((person) => person.externalId));
  const draft = await deps.service.create(deps.actor, {
    title: label,
    texts: { fr: "Minassati ouvre 40 places en janvier.", ar: "منصتي تفتح 40 مقعدا في يناير.", ary: "منصتي غادي تحل 40 بلاصة فيناير." },
    action: null,
    segment: { channels: ["whatsapp"] },
  });
  await deps.service.schedule(deps.actor, draft.id, null);
  await deps.db.transaction((tx) => deps.service.start(tx, draft.id));
  // As autovacuum would soon: the planner learns the queue is no longer empty.
  await deps.db.execute(sql`analyze broadcast_recipients`);
  const throttledBefore = fake.refused(130429).length;
  const sendsBefore = fake.sends.length;
  let child = await startSender(env);
  if (killAt !== null) {
    await fake.waitFor(() => fake.sends.slice(sendsBefore).filter((send) => send.ok).length >= people * killAt, 120_000);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    child = await startSender(env);
  }
  while ((await findBroadcast(deps.db, draft.id))?.status !== "sent") await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  // The next announcement is for its own people only.
  await deps.db.execute(sql`update contacts set opted_out = true where opted_out = false`);

  const accepted = fake.sends.slice(sendsBefore).filter((send) => send.ok && ours.has(send.to));
  const perPerson = new Map<string, number>();
  for (const send of accepted) perPerson.set(send.to, (perPerson.get(send.to) ?? 0) + 1);
  const twice = [...perPerson.values()].filter((count) => count > 1).length;
  const [figures] = await queryRows<{ sent: number | string; uncertain: number | string; failed: number | string }>(
    deps.db,
    sql`select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'uncertain') as uncertain, count(*) filter (where status = 'failed') as failed
        from broadcast_recipients where broadcast_id = ${draft.id}`,
  );
  const times = accepted.map((send) => send.at).sort((a, b) => a - b);
  const burst = Math.max(1, Math.floor(PER_SECOND / 10));
  const steady = times.slice(burst);
  const seconds = ((steady.at(-1) ?? 0) - (steady[0] ?? 0)) / 1000;
  const rate = (steady.length - 1) / seconds;
  return {
    scenario: label,
    people,
    "got it once": [...perPerson.values()].filter((count) => count === 1).length,
    "got it twice": twice,
    "sent / uncertain / failed": `${Number(figures?.sent)} / ${Number(figures?.uncertain)} / ${Number(figures?.failed)}`,
    "msg/s": Number(rate.toFixed(2)),
    "share of configured rate": killAt === null ? `${((rate / PER_SECOND) * 100).toFixed(1)} %` : "(paused by the kill)",
    "130429 from fake": fake.refused(130429).length - throttledBefore,
  };
}
