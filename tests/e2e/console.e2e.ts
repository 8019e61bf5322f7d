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
 * 3. Noticing: a second console of the advisor, in a background tab, gets a desktop
 *    notification and counts the waiting person in its title and favicon.
 * 4. While waiting, each message is acknowledged once with «back to the assistant».
 * 5. After «resolved» the person rates the help; the rating shows on the funnel page.
 * 6. Search: a person found by a word of their message in French, in Darija (Arabic
 *    letters) and in Arabizi; a label set and filtered by; `?` help and `/` canned replies.
 * 7. Fit: at 360, 768 and 1,280 px nothing overflows sideways and the send button shows.
 * 8. The console in Darija: right to left.
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
/** What Youssef writes while he waits: Darija in Arabic letters and in Arabizi. */
const DARIJA_ARABIC = "بغيت نعرف على التمويل ديال الخياطة";
const DARIJA_ARABIZI = "3andi fikra dyal 7anout dyal l7elwa";
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

/**
 * The advisor's console in a tab in the background: the page reads itself hidden and
 * unfocused, and the desktop notifications it shows are recorded (the browser's own
 * Notification API stands in with permission granted, as after the advisor allowed it once).
 */
async function openBackgroundConsole(problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  await context.addInitScript({ content: BACKGROUND_TAB });
  const page = await context.newPage();
  watchPage(page, "background console", problems);
  await logIntoConsole(page, base, ADVISOR);
  await page.locator('[data-live="live"]').waitFor();
  return { context, page };
}

/** Runs in the page before its own scripts (a string: these checks type-check without the DOM's types). */
const BACKGROUND_TAB = `
  Object.defineProperty(Document.prototype, "visibilityState", { get: () => "hidden", configurable: true });
  Object.defineProperty(Document.prototype, "hidden", { get: () => true, configurable: true });
  Document.prototype.hasFocus = () => false;
  window.__notified = [];
  window.Notification = class {
    static permission = "granted";
    static requestPermission() { return Promise.resolve("granted"); }
    constructor(title, options) { window.__notified.push({ title, body: (options && options.body) || "" }); }
    close() {}
  };
`;

async function notified(page: Page): Promise<{ title: string; body: string }[]> {
  return (await page.evaluate("window.__notified")) as { title: string; body: string }[];
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

async function webJourney(consolePage: Page, background: Page, problems: string[]) {
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
  await until(async () => (await notified(background)).some((shown) => shown.title.includes("Salma")), "a desktop notification in the background console");
  await until(async () => (await background.title()).startsWith("(1)"), "the background tab's title to count the waiting person");
  const favicon = await background.locator("link[rel=icon]").getAttribute("data-favicon-count");
  report.check(favicon === "1", `background tab: a desktop notification «${(await notified(background)).at(-1)?.title}», the title «${await background.title()}» and the favicon count the waiting person`);
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
  return seen.id;
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
  for (const line of ["Salam, je voudrais savoir si je peux postuler", DARIJA_ARABIC, DARIJA_ARABIZI]) {
    youssef.say(line);
    await consolePage.locator(".history").getByText(line).waitFor();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const acks = youssef.sent().slice(before);
  report.check(
    acks.length === 3 && acks.every((call) => String(call.payload.text).includes("transmis à l'équipe") && JSON.stringify(call.payload.reply_markup ?? {}).includes("cmd:bot")),
    `telegram: while waiting, each of 3 messages is acknowledged once, «back to the assistant» under each (${acks.length} sent)`,
  );

  await reply(consolePage, "Bonjour Youssef, oui, vous pouvez postuler jusqu'au 15 janvier.");
  const delivered = await stub.waitFor(() => stub.sentTo(chatId).find((call) => String(call.payload.text).includes("postuler jusqu'au 15 janvier")), 10_000);
  report.check(String(delivered.payload.text).startsWith("<b>Samira</b>\n"), "telegram: the advisor's reply (a public reply takes over) reaches Telegram, signed in bold");
  await consolePage.locator(`[data-open="${seen.id}"] [data-delivery="sent"]`).waitFor();
  report.check(true, "telegram: the console shows the reply as sent");

  await consolePage.locator('[data-action="resolve"]').click();
  await stub.waitFor(() => stub.sentTo(chatId).find((call) => String(call.payload.text).includes("réglée")), 10_000);
  await youssef.press("rate:4");
  await stub.waitFor(() => stub.sentTo(chatId).find((call) => String(call.payload.text).includes("Merci pour votre réponse")), 10_000);
  report.check(true, "telegram: resolved, Youssef is asked once how helpful it was (1-5 buttons) and answers 4");
  youssef.say("menu");
  await stub.waitFor(() => stub.sentTo(chatId).findLast((call) => JSON.stringify(call.payload.reply_markup ?? {}).includes("cmd:eligibility")), 10_000);
  report.check(true, "telegram: resolved; the bot says so and answers «menu» again");
}

async function search(page: Page, words: string): Promise<string[]> {
  await page.locator("[data-search] input[type=search]").fill(words);
  // The list says which words its results answer: wait for these words' own.
  await page.locator(`[data-search-for="${words}"]`).waitFor();
  return (await itemTexts(page)).map((item) => item.text);
}

async function findAndLabel(page: Page) {
  const french = await search(page, "financement");
  const arabic = await search(page, "خياطة");
  const arabizi = await search(page, "l7elwa");
  report.check(french.length === 1 && french[0]!.includes("Salma") && french[0]!.includes("financement"), "search: «financement» finds Salma by a word of her French message, the message shown");
  report.check(arabic.length === 1 && arabic[0]!.includes("Telegram") && arabic[0]!.includes("الخياطة"), "search: «خياطة» (Darija, Arabic letters) finds Youssef's «…ديال الخياطة»");
  report.check(arabizi.length === 1 && arabizi[0]!.includes("l7elwa"), "search: «l7elwa» (Arabizi) finds Youssef");
  await page.screenshot({ path: join(ARTIFACTS, "console-search-arabizi.png") });

  await search(page, "financement");
  await page.locator("[data-conversation]").first().click();
  await page.locator("[data-label-input]").fill("Couture");
  await page.locator("[data-add-label]").click();
  await page.locator('[data-labels] [data-label="couture"]').waitFor();
  await page.locator("[data-search] input[type=search]").fill("");
  await page.locator("[data-filters-toggle]").click();
  await page.locator('[data-filter="label"] option[value="couture"]').waitFor({ state: "attached" });
  await page.locator('[data-filter="label"]').selectOption("couture");
  await until(async () => (await page.locator('[data-search-for=""]').getAttribute("data-search-count")) === "1", "the label filter");
  report.check((await itemTexts(page))[0]?.text.includes("Salma") === true, "labels: Salma labelled «couture» (one spelling) is found by the label filter");
  await page.locator('[data-filter="label"]').selectOption("");
  await page.locator("[data-filters-toggle]").click();
}

async function workFast(page: Page) {
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("?");
  await page.locator("[data-help]").waitFor();
  await page.keyboard.press("Escape");
  await page.locator("[data-help]").waitFor({ state: "detached" });
  const box = page.locator("[data-composer] [data-input]");
  await box.fill("");
  await box.pressSequentially("/docu");
  await page.locator("[data-canned-pop] [data-canned-option]").first().waitFor();
  const options = await page.locator("[data-canned-option]").count();
  await box.press("Enter");
  const inserted = await box.inputValue();
  report.check(options >= 1 && inserted.startsWith("Pour le rendez-vous, apportez"), `keys: «?» shows the help; «/docu» in the reply box offers ${options} canned reply and Enter puts it in`);
  await box.fill("");
}

/** Nothing wider than its box: the page, and each pane of the console. */
async function overflows(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const wide = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) wide.push("page " + root.scrollWidth + ">" + root.clientWidth);
    for (const selector of [".topbar", ".inbox", ".conversation", ".conversation-head", ".history", ".composer", ".person", ".staff-page"]) {
      for (const box of document.querySelectorAll(selector)) {
        if (box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1) wide.push(selector + " " + box.scrollWidth + ">" + box.clientWidth);
      }
    }
    return wide;
  })()`)) as string[];
}

async function fits(conversationId: string, problems: string[]) {
  for (const [width, height] of [[360, 640], [768, 1024], [1280, 800]] as const) {
    const context = await browser.newContext({ viewport: { width, height }, ...(width === 360 ? { isMobile: true, hasTouch: true } : {}) });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    watchPage(page, `console ${width}px`, problems);
    await logIntoConsole(page, base, ADVISOR);
    await page.locator('[data-live="live"]').waitFor({ state: "attached" });
    await page.locator('[data-view="all"]').click();
    await page.locator("[data-conversation]").first().waitFor();
    const listWide = await overflows(page);
    await page.locator(`[data-conversation="${conversationId}"]`).click();
    await page.locator("[data-composer] [data-send]").waitFor();
    await page.locator("[data-composer] [data-input]").fill("Bonjour");
    const wide = [...listWide, ...(await overflows(page))];
    const send = await page.locator("[data-composer] [data-send]").boundingBox();
    const visible = send !== null && send.x >= 0 && send.y >= 0 && send.x + send.width <= width && send.y + send.height <= height;
    const back = width === 360 ? await page.locator(".back").isVisible() : true;
    await page.screenshot({ path: join(ARTIFACTS, `console-conversation-${width}px.png`) });
    report.check(wide.length === 0 && visible && back, `${width} px: no sideways overflow${wide.length ? ` (${wide.join(", ")})` : ""}, the send button in view${width === 360 ? ", one column with a back button" : ""}`);
    await context.close();
  }
}

async function satisfactionOnFunnel(problems: string[]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchPage(page, "funnel", problems);
  await logIntoConsole(page, base, ADMIN);
  await page.locator('[data-section="funnel"]').click();
  const row = page.locator('[data-service="advisor"] tr', { hasText: "Samira" });
  await row.waitFor();
  const rating = await row.locator("[data-rating]").getAttribute("data-rating");
  await page.screenshot({ path: join(ARTIFACTS, "console-funnel-service.png"), fullPage: true });
  report.check(rating === "4", `funnel page: Samira's row shows the satisfaction answer (average ${rating} / 5) beside first response and resolution times`);
  await context.close();
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
  const background = await openBackgroundConsole(problems);
  await page.screenshot({ path: join(ARTIFACTS, "console-inbox-empty.png") });
  const salmaId = await webJourney(page, background.page, problems);
  await background.context.close();
  await telegramJourney(page);
  await findAndLabel(page);
  await workFast(page);
  await fits(salmaId, problems);
  await satisfactionOnFunnel(problems);
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
