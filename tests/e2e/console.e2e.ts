/**
 * The advisor console in a real browser (Debian's Chromium, playwright-core), against
 * `npm start` run as an operator runs it: no configuration but an admin account, and
 * Telegram switched on against the local Bot API emulator. Not part of `vitest run`:
 * `npm run test:console`. Screenshots go to tests/.artifacts/.
 *
 * 1. A person asks for a human in the web chat; an advisor with the console open sees it
 *    (timed), takes over, replies; the person reads the reply; the bot says nothing
 *    meanwhile; the advisor hands back; the bot answers the next message.
 * 2. The same with a Telegram person: the advisor's reply reaches Telegram.
 * 3. The console in Darija: right to left.
 */
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { createReport } from "../smoke/support.ts";
import { ARTIFACTS, launchChromium, logIntoConsole, startAppProcess, until, watchPage } from "./harness.ts";
import { telegramPerson } from "./telegram-person.ts";
import { enabledChoice } from "./webchat-live-checks.ts";

const ADMIN = { email: "admin@rafiq.example", password: "console-e2e-password" };
const ADVISOR = { email: "samira@rafiq.example", password: "samira-e2e-password", name: "Samira Alaoui" };
const SITE = "minassati-khouribga";
/** The issue's bar: an advisor with the console open sees a new request within this. */
const VISIBLE_WITHIN_MS = 2_000;

const report = createReport("console");
const token = "424242:CONSOLE-E2E-TOKEN";
const stub = await startBotApiStub(token);
const app = await startAppProcess("console", {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  TELEGRAM_BOT_TOKEN: token,
  TELEGRAM_API_ROOT: stub.url,
  TELEGRAM_MODE: "polling",
});
const base = app.base;
const browser: Browser = await launchChromium();

/** An admin, through the API as an operator would: creates Samira and puts her at Minassati. */
async function createAdvisor() {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" };
  const created = await fetch(`${base}/api/v1/admin/users`, { method: "POST", headers, body: JSON.stringify({ ...ADVISOR, role: "advisor" }) });
  const { user } = (await created.json()) as { user: { id: string } };
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" }));
  const site = { siteId: SITE, meetingMinutes: 45, bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 14, dailyCap: 8, weekly };
  const placed = await fetch(`${base}/api/v1/admin/advisors/${user.id}/availability`, { method: "PUT", headers, body: JSON.stringify({ sites: [site] }) });
  report.check(created.status === 201 && placed.status === 200, `an admin creates an advisor and places her at ${SITE} through the API (${created.status}, ${placed.status})`);
}


async function openConsole(problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchPage(page, "console", problems);
  await logIntoConsole(page, base, ADVISOR);
  await page.locator('[data-live="live"]').waitFor();
  return { context, page };
}

/** Waits for the console to list a conversation whose preview or name matches; returns its id and how long it took. */
async function seeInInbox(page: Page, startedAt: number, match: (item: Awaited<ReturnType<typeof itemTexts>>[number]) => boolean) {
  for (;;) {
    const found = (await itemTexts(page)).find(match);
    if (found) return { id: found.id, ms: Date.now() - startedAt };
    if (Date.now() - startedAt > 15_000) throw new Error("the conversation never appeared in the console");
    await page.waitForTimeout(50);
  }
}

async function itemTexts(page: Page) {
  return page.locator("[data-conversation]").evaluateAll((nodes) =>
    nodes.map((node) => ({ id: node.getAttribute("data-conversation") ?? "", text: node.textContent ?? "" })),
  );
}


async function reply(page: Page, text: string) {
  await page.locator('[data-composer] [data-mode="reply"]').click();
  await page.locator("[data-composer] [data-input]").fill(text);
  await page.locator("[data-composer] [data-send]").click();
  // The box empties once the server took the reply.
  await until(async () => (await page.locator("[data-composer] [data-input]").inputValue()) === "", "the reply box to empty");
}

async function webJourney(consolePage: Page, problems: string[]) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const person = await context.newPage();
  watchPage(person, "web chat", problems);
  await person.goto(`${base}/`);
  await person.locator(enabledChoice("lang:fr")).click();
  await person.locator(enabledChoice("consent:yes")).click();
  await person.locator("[data-input]").fill("Salma");
  await person.locator("[data-input]").press("Enter");
  await person.locator(enabledChoice("cmd:human")).click();
  await person.locator(enabledChoice(`handoff:site:${SITE}`)).click();
  const askedAt = Date.now();
  await person.locator(enabledChoice("cmd:bot")).waitFor();

  const seen = await seeInInbox(consolePage, askedAt, (item) => item.text.includes("Salma"));
  report.check(seen.ms <= VISIBLE_WITHIN_MS, `web: the waiting person appears in the advisor's open console in ${seen.ms} ms (≤ ${VISIBLE_WITHIN_MS} ms)`);
  await consolePage.locator(`[data-conversation="${seen.id}"]`).click();
  await consolePage.locator(`[data-open="${seen.id}"]`).waitFor();
  await consolePage.locator('[data-action="takeover"]').click();
  await consolePage.locator(`[data-open="${seen.id}"][data-status="advisor"]`).waitFor();
  await person.getByText("Samira, de l'équipe de Minassati").waitFor();
  report.check(true, "web: the advisor takes over; the person is told Samira (first name only) of Minassati answers");

  const botBubbles = () => person.locator(".rafiq-msg-bot:not(.rafiq-msg-advisor)").count();
  const before = await botBubbles();
  await person.locator("[data-input]").fill("J'ai une question sur le financement de mon atelier");
  await person.locator("[data-input]").press("Enter");
  await consolePage.getByText("J'ai une question sur le financement de mon atelier").waitFor();
  await person.waitForTimeout(1_500);
  report.check((await botBubbles()) === before, "web: the bot says nothing while the advisor holds the conversation; the message reaches the console live");

  await reply(consolePage, "Bonjour Salma, oui : Minassati finance les ateliers. Apportez votre devis.");
  const advisorBubble = person.locator(".rafiq-msg-advisor", { hasText: "Minassati finance les ateliers" });
  await advisorBubble.waitFor();
  const sender = await advisorBubble.locator(".rafiq-sender").textContent();
  report.check(sender === "Samira", `web: the person reads the advisor's reply, signed «${sender ?? ""}»`);
  await person.screenshot({ path: join(ARTIFACTS, "console-webchat-advisor-reply.png") });
  await consolePage.screenshot({ path: join(ARTIFACTS, "console-conversation-fr.png") });

  await consolePage.locator('[data-action="release"]').click();
  await person.getByText("je suis de retour").waitFor();
  await person.locator("[data-input]").fill("aide");
  await person.locator("[data-input]").press("Enter");
  await person.getByText("Voici ce que vous pouvez écrire à tout moment").waitFor();
  report.check(true, "web: the advisor hands back; the bot says it is back and answers the next message («aide»)");
  await context.close();
}

async function telegramJourney(consolePage: Page) {
  const youssef = telegramPerson(stub, "Youssef");
  const chatId = youssef.chatId;
  const sentCount = () => youssef.sent().length;

  // Through Minassati's poster link (t.me/<bot>?start=minassati): the request goes to Minassati.
  youssef.say("/start minassati");
  await youssef.press("lang:fr");
  await youssef.press("consent:yes");
  await youssef.press("name:skip");
  await youssef.press("cmd:human");
  const askedAt = Date.now();
  await youssef.withButton("cmd:bot");

  const seen = await seeInInbox(consolePage, askedAt, (item) => item.text.includes("Telegram") && !item.text.includes("Salma"));
  report.check(seen.ms <= VISIBLE_WITHIN_MS, `telegram: the person appears in the console in ${seen.ms} ms`);
  await consolePage.locator(`[data-conversation="${seen.id}"]`).click();
  await consolePage.locator(`[data-open="${seen.id}"]`).waitFor();
  const before = sentCount();
  youssef.say("Salam, je voudrais savoir si je peux postuler");
  await consolePage.getByText("Salam, je voudrais savoir si je peux postuler").waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  report.check(sentCount() === before, "telegram: while waiting, a message already acknowledged is not answered again by the bot");

  await reply(consolePage, "Bonjour Youssef, oui, vous pouvez postuler jusqu'au 15 janvier.");
  const delivered = await stub.waitFor(() => stub.sentTo(chatId).find((call) => String(call.payload.text).includes("postuler jusqu'au 15 janvier")), 10_000);
  report.check(String(delivered.payload.text).startsWith("<b>Samira</b>\n"), "telegram: the advisor's reply (a public reply takes over) reaches Telegram, signed in bold");
  await consolePage.locator(`[data-open="${seen.id}"] [data-delivery="sent"]`).waitFor();
  report.check(true, "telegram: the console shows the reply as sent");

  await consolePage.locator('[data-action="resolve"]').click();
  await stub.waitFor(() => stub.sentTo(chatId).find((call) => String(call.payload.text).includes("réglée")), 10_000);
  youssef.say("menu");
  await stub.waitFor(() => stub.sentTo(chatId).findLast((call) => JSON.stringify(call.payload.reply_markup ?? {}).includes("cmd:eligibility")), 10_000);
  report.check(true, "telegram: resolved; the bot says so and answers «menu» again");
}

async function darijaLayout(page: Page) {
  await page.locator("[data-console-lang]").selectOption("ary");
  await until(async () => (await page.locator("html").getAttribute("dir")) === "rtl" && (await page.locator("html").getAttribute("lang")) === "ar-MA", "the console to turn right to left");
  await page.locator('[data-view="all"]').click();
  await page.locator("[data-conversation]").first().click();
  await page.locator("[data-person]").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "console-conversation-ary.png") });
  report.check(true, "the console in Darija lays out right to left (html dir=rtl, lang=ar-MA)");
}

const problems: string[] = [];
try {
  await createAdvisor();
  const { context, page } = await openConsole(problems);
  await page.screenshot({ path: join(ARTIFACTS, "console-inbox-empty.png") });
  await webJourney(page, problems);
  await telegramJourney(page);
  await darijaLayout(page);
  await context.close();
  report.check(problems.length === 0, `no page error or console error in the console or the web chat${problems.length ? `: ${problems.join("; ")}` : ""}`);
} catch (error) {
  report.fail(error);
  for (const context of browser.contexts()) for (const page of context.pages()) await page.screenshot({ path: join(ARTIFACTS, "console-failure.png") }).catch(() => {});
} finally {
  await browser.close();
  await app.close();
  await stub.close();
}
report.finish();
