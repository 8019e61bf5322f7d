/**
 * `npm run test:whatsapp-cloud`: `npm start` as an operator runs it, with WhatsApp on
 * Meta's Cloud API pointed at the fake Graph API (tests/whatsapp-cloud/fake-graph.ts),
 * on a fresh PostgreSQL database (made on DATABASE_URL's server, dropped at the end).
 *
 * A person onboards in Darija with buttons sent as interactive messages and books a
 * meeting; a day passes (their last message made 25 hours old, here and at the fake) and
 * the reminder goes as the approved template, whose quick reply moves the meeting. An
 * advisor takes over and replies inside the window, then after it (the «advisor
 * answered» template). A wrong signature gets 401 and stores nothing; the same wamid
 * twice gets one answer.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { ARTIFACTS, launchChromium, logIntoConsole, watchPage } from "../e2e/harness.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { approvedFrom, cloudCredentials, cloudEnv, shapeOf } from "../whatsapp-cloud/harness.ts";
import { messagePayload, startFakeGraph, type RecordedSend } from "../whatsapp-cloud/fake-graph.ts";
import { createReport, freePort, startServer, stopServer } from "./support.ts";

const report = createReport("whatsapp-cloud");
const ADMIN = { email: "admin@rafiq.example", password: "cloud-smoke-password" };
const SITE = "minassati-khouribga";
const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const dbName = `rafiq_cloud_smoke_${Date.now()}_${randomBytes(3).toString("hex")}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const sqlc = postgres(url.toString(), { max: 2, onnotice: () => {} });

const creds = cloudCredentials();
// Meta's documented limits, enforced: 80 messages/s for the number, 45 at once then one per 6 s to one person.
const fake = await startFakeGraph({ ...creds, templates: approvedFrom(), throughputPerSecond: 80, pair: { intervalMs: 6_000, burst: 45 } });
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-cloud-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
fake.setWebhook(`${base}/whatsapp/webhook`);
const waId = `2126${String(Date.now()).slice(-8)}`;

/** Waits until the person got `n` more messages and none for a moment; returns the new ones. */
async function repliesAfter(before: number, n = 1): Promise<RecordedSend[]> {
  await fake.waitFor(() => fake.sentTo(waId).length >= before + n, 15_000);
  let count = fake.sentTo(waId).length;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    if (fake.sentTo(waId).length === count) break;
    count = fake.sentTo(waId).length;
  }
  return fake.sentTo(waId).slice(before);
}

/**
 * Presses the offered button or list row whose id starts with `prefix` in the latest
 * interactive message; past 10 options the bot sends numbered lines, and the person
 * types the number (`typed`).
 */
async function choose(prefix: string, typed?: string, nth = 0): Promise<RecordedSend[]> {
  const latest = fake.sentTo(waId).at(-1);
  if (typed && latest && shapeOf(latest.request).type === "text" && /\n1\. /.test(shapeOf(latest.request).body ?? "")) {
    const before = fake.sentTo(waId).length;
    await fake.inbound(waId, { type: "text", text: { body: typed } });
    return repliesAfter(before);
  }
  const offered = [...fake.sentTo(waId)].reverse().map((send) => ({ send, shape: shapeOf(send.request) })).find((item) => item.shape.ids.some((id) => id.startsWith(prefix)));
  const id = offered?.shape.ids.filter((candidate) => candidate.startsWith(prefix))[nth];
  if (!offered || !id) throw new Error(`nothing offered starting with ${prefix}; last: ${JSON.stringify(fake.sentTo(waId).slice(-2).map((send) => shapeOf(send.request)))}`);
  const before = fake.sentTo(waId).length;
  const message =
    offered.shape.type === "template"
      ? { type: "button", button: { payload: id, text: id } }
      : offered.shape.kind === "list"
        ? { type: "interactive", interactive: { type: "list_reply", list_reply: { id, title: id } } }
        : { type: "interactive", interactive: { type: "button_reply", button_reply: { id, title: id } } };
  const result = await fake.inbound(waId, message);
  if (result.status !== 200) throw new Error(`the webhook answered ${result.status}`);
  return repliesAfter(before);
}

async function api(path: string, init: { method?: string; body?: unknown; cookie: string; csrf: string }) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie: init.cookie, "x-csrf-token": init.csrf, "content-type": "application/json" },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

/** A day passes for this person: their last message 25 hours old, in our database and at the fake. */
async function dayPasses() {
  await sqlc`update channel_identities set last_inbound_at = now() - interval '25 hours' where channel = 'whatsapp' and external_id = ${waId}`;
  fake.expireWindow(waId);
}

let server: Awaited<ReturnType<typeof startServer>> | null = null;
let browser: Browser | null = null;
const problems: string[] = [];
mkdirSync(ARTIFACTS, { recursive: true });
try {
  server = await startServer(port, {
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    DATABASE_URL: url.toString(),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...cloudEnv(creds, fake.url),
  });

  // The handshake and a forged call.
  const handshake = await fetch(`${base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${creds.verifyToken}&hub.challenge=42`);
  report.check(handshake.status === 200 && (await handshake.text()) === "42", "GET /whatsapp/webhook echoes Meta's challenge for the right verify token");
  const forgedPayload = messagePayload(creds.phoneNumberId, waId, { id: "wamid.forged", timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: "سلام" } });
  const forged = await fake.webhook(forgedPayload, `sha256=${"ab".repeat(32)}`);
  const [forgedRow] = await sqlc<{ n: number }[]>`select count(*)::int as n from messages where channel_message_id = 'wamid.forged'`;
  const [identityRow] = await sqlc<{ n: number }[]>`select count(*)::int as n from channel_identities where external_id = ${waId}`;
  const storedForged = forgedRow?.n;
  const identities = identityRow?.n;
  report.check(forged.status === 401 && storedForged === 0 && identities === 0, `a wrong signature gets 401 and nothing is stored (${forged.status}, ${storedForged} messages, ${identities} people)`);

  // An advisor at Minassati, through the API as an operator would.
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken: csrf } = (await login.json()) as { csrfToken: string };
  const created = await api("/api/v1/admin/users", { method: "POST", cookie, csrf, body: { email: "samira@rafiq.example", name: "Samira Alaoui", role: "advisor", password: "samira-cloud-password" } });
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" }));
  const placed = await api(`/api/v1/admin/advisors/${created.body.user.id}/availability`, {
    method: "PUT",
    cookie,
    csrf,
    body: { sites: [{ siteId: SITE, meetingMinutes: 45, bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 14, dailyCap: 8, weekly }] },
  });
  report.check(created.status === 201 && placed.status === 200, "an admin places an advisor at Minassati");

  // Darija onboarding, with the same wamid delivered twice.
  const first = await fake.inbound(waId, { type: "text", text: { body: "سلام" } }, { id: "wamid.first" });
  const again = await fake.inbound(waId, { type: "text", text: { body: "سلام" } }, { id: "wamid.first" });
  const greeting = await repliesAfter(0);
  report.check(first.status === 200 && again.status === 200 && greeting.length === 1, `the same wamid twice gets one answer (${greeting.length})`);
  report.check(first.ms < 500, `the webhook answers at once (${first.ms.toFixed(0)} ms)`);
  // The greeting picks the language it is written in: the notice in Darija, the other languages among its choices.
  const consentNotice = shapeOf(greeting[0]?.request);
  report.check(
    consentNotice.type === "interactive" && consentNotice.ids.includes("consent:yes") && consentNotice.ids.includes("lang:fr") && /[\u0600-\u06ff]/.test(JSON.stringify(greeting[0]?.request)),
    `the consent notice comes in Darija as an interactive message, the other languages one tap away (${consentNotice.type}/${consentNotice.kind})`,
  );
  await choose("consent:yes");
  await choose("name:skip");
  await choose("cmd:book");
  await choose(`book:site:${SITE}`);
  await choose("book:topic:general");
  // Two days ahead: both reminders (24 h and 2 h before) are planned.
  await choose("book:day:", undefined, 2);
  await choose("book:time:", "1");
  const booked = await choose("book:confirm:yes");
  const [appointment] = await sqlc<{ id: string; starts_at: Date }[]>`select a.id, a.starts_at from appointments a join channel_identities ci on ci.contact_id = a.contact_id
    where ci.external_id = ${waId} and a.status = 'confirmed'`;
  report.check(Boolean(appointment) && booked.length > 0, `the meeting is booked (${appointment?.starts_at.toISOString() ?? "none"})`);

  // A day passes; the reminder is due.
  await dayPasses();
  const before = fake.sentTo(waId).length;
  await sqlc`update jobs set run_at = now() where kind = 'reminder' and payload->>'appointmentId' = ${appointment!.id} and done_at is null
    and id = (select min(id) from jobs where kind = 'reminder' and payload->>'appointmentId' = ${appointment!.id} and done_at is null)`;
  const [reminder] = await repliesAfter(before);
  const reminderShape = shapeOf(reminder?.request);
  report.check(
    reminderShape.template === "rafiq_meeting_reminder" && reminderShape.ids.includes(`appt:move:${appointment!.id}`),
    `after 24 hours the reminder goes as the template with confirm / move / cancel (${reminderShape.type} ${reminderShape.template ?? ""})`,
  );
  await choose(`appt:move:${appointment!.id}`);
  await choose("book:day:");
  await choose("book:time:", "1");
  await choose("book:confirm:yes");
  const moved = await sqlc<{ starts_at: Date; status: string }[]>`select a.starts_at, a.status from appointments a join channel_identities ci on ci.contact_id = a.contact_id
    where ci.external_id = ${waId} order by a.created_at`;
  const confirmed = moved.filter((row) => row.status === "confirmed");
  report.check(
    confirmed.length === 1 && confirmed[0]!.starts_at.getTime() !== appointment!.starts_at.getTime(),
    `the template's quick reply moved the meeting (${moved.map((row) => `${row.status} ${row.starts_at.toISOString()}`).join(", ")})`,
  );

  // The advisor takes over and replies inside the window, then after it; the console in Chromium shows which.
  const [conversation] = await sqlc<{ id: string }[]>`select c.id from conversations c join channel_identities ci on ci.id = c.identity_id where ci.external_id = ${waId}`;
  const path = `/api/v1/console/conversations/${conversation!.id}`;
  const open = await api(path, { cookie, csrf });
  report.check(open.body?.window?.open === true, `the console API gives the window open until ${open.body?.window?.closesAt}`);
  browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(15_000);
  watchPage(page, "console", problems);
  await logIntoConsole(page, base, ADMIN);
  await page.locator('[data-live="live"]').waitFor();
  await page.goto(`${base}/console#/c/${conversation!.id}`);
  await page.locator('[data-window="open"]').waitFor();
  report.check(await page.locator("[data-composer] textarea").isEnabled(), `the console shows the window open (${await page.locator('[data-window="open"]').textContent()}) and the reply box on`);
  const take = await api(`${path}/takeover`, { method: "POST", cookie, csrf, body: {} });
  const beforeReply = fake.sentTo(waId).length;
  const inside = await api(`${path}/reply`, { method: "POST", cookie, csrf, body: { text: "سلام، أنا سميرة. كيف نقدر نعاونك؟", clientMessageId: "smoke-in" } });
  const advisorText = (send: RecordedSend) => shapeOf(send.request).type === "text" && JSON.stringify(send.request).includes("سميرة");
  await fake.waitFor(() => fake.sentTo(waId).slice(beforeReply).some(advisorText), 30_000).catch(() => null);
  const insideSent = fake.sentTo(waId).slice(beforeReply);
  report.check(
    take.status === 200 && inside.status === 200 && insideSent.some(advisorText),
    `inside the window the advisor's reply goes as free text (${take.status}, ${inside.status}, ${JSON.stringify(insideSent.map((send) => shapeOf(send.request)))})`,
  );
  await dayPasses();
  const closed = await api(path, { cookie, csrf });
  const refused = await api(`${path}/reply`, { method: "POST", cookie, csrf, body: { text: "واش مازال معانا؟", clientMessageId: "smoke-out" } });
  report.check(closed.body?.window?.open === false && refused.status === 409 && refused.body?.error?.code === "window_closed", "after the window the API says it is closed and refuses free text (409 window_closed)");
  await page.reload();
  await page.locator('[data-window="closed"]').waitFor();
  report.check(await page.locator("[data-composer] textarea").isDisabled(), `the console shows the window closed (${await page.locator('[data-window="closed"] p').first().textContent()}) and the reply box off`);
  await page.screenshot({ path: join(ARTIFACTS, "whatsapp-cloud-window-closed.png") });
  const beforeNotice = fake.sentTo(waId).length;
  await page.locator('[data-action="notify"]').click();
  const notice = await fake.waitFor(() => fake.sentTo(waId).slice(beforeNotice).find((send) => shapeOf(send.request).type === "template"), 15_000).catch(() => null);
  report.check(shapeOf(notice?.request).template === "rafiq_advisor_replied", "its button sends the «your advisor answered» template");
  report.check(problems.length === 0, `no page errors (${problems.join("; ")})`);
  report.check(fake.refused().length === 0, `Meta's fake refused nothing (${fake.refused().map((send) => `${send.code} ${send.error}`).join("; ")})`);
  await browser.close(); // its live stream would hold the server open
  browser = null;
  report.check((await stopServer(server)) === 0, "SIGTERM stops cleanly");
  server = null;
} catch (error) {
  report.fail(error);
} finally {
  await browser?.close();
  if (server) await stopServer(server);
  await fake.close();
  await sqlc.end();
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
report.finish();
