/**
 * Announcements in a real browser (Debian's Chromium, playwright-core), against `npm
 * start` with an admin account and Telegram on the local Bot API emulator. Not part of
 * `vitest run`: `npm run test:broadcasts`. Screenshots go to tests/.artifacts/.
 *
 * A person in the web chat (Darija) and one on Telegram (French) have consented; a third
 * on Telegram said stop. Staff open Announcements in the console, write the text in three
 * languages with the "Am I eligible?" button, see the live count (2) and the previews,
 * send; the web person reads it in Darija with the footer and presses the button, which
 * opens the eligibility journey; the Telegram person gets it in French; the stopped one
 * gets nothing; the report counts 2 sent and 1 who opened the journey.
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { createReport } from "../smoke/support.ts";
import { ARTIFACTS, launchChromium, logIntoConsole, startAppProcess, until, watchPage } from "./harness.ts";
import { telegramPerson } from "./telegram-person.ts";
import { enabledChoice } from "./webchat-live-checks.ts";

const ADMIN = { email: "admin@rafiq.example", password: "broadcast-e2e-password" };
const TEXTS = {
  fr: "Minassati ouvre 40 places en janvier pour les jeunes de Khouribga.",
  ar: "منصتي تفتح 40 مقعدا في يناير لشباب خريبكة.",
  ary: "منصتي غادي تحل 40 بلاصة ف يناير لشباب خريبكة.",
};

const report = createReport("broadcasts");
const token = "434343:BROADCAST-E2E-TOKEN";
const stub = await startBotApiStub(token);
const app = await startAppProcess("broadcasts", {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  TELEGRAM_BOT_TOKEN: token,
  TELEGRAM_API_ROOT: stub.url,
  TELEGRAM_MODE: "polling",
  // A fresh embedded database even when DATABASE_URL is set: the counts below are exact.
  DATABASE_URL: "",
});
const base = app.base;
const browser: Browser = await launchChromium();
const problems: string[] = [];



async function onboardedTelegram(name: string) {
  const person = telegramPerson(stub, name);
  person.say("/start");
  await person.press("lang:fr");
  await person.press("consent:yes");
  await person.press("name:skip");
  await person.withButton("cmd:eligibility");
  return person;
}

try {
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  phone.setDefaultTimeout(10_000);
  const salma = await phone.newPage();
  watchPage(salma, "web chat", problems);
  await salma.goto(`${base}/`);
  await salma.locator(enabledChoice("lang:ary")).click();
  await salma.locator(enabledChoice("consent:yes")).click();
  await salma.locator("[data-input]").fill("Salma");
  await salma.locator("[data-input]").press("Enter");
  await salma.locator(enabledChoice("cmd:eligibility")).waitFor();

  const youssef = await onboardedTelegram("Youssef");
  const hamid = await onboardedTelegram("Hamid");
  hamid.say("stop");
  await stub.waitFor(() => hamid.sent().find((call) => String(call.payload.text).includes("plus d'annonces")), 10_000);
  report.check(true, "a web chat person (Darija) and two Telegram people (French) onboarded; one of them said stop");

  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  desk.setDefaultTimeout(10_000);
  const page = await desk.newPage();
  // 409: the test send refused on purpose (no linked chat).
  watchPage(page, "console", problems, { expectedStatuses: [409] });
  page.on("dialog", (dialog) => void dialog.accept());
  await logIntoConsole(page, base, ADMIN);
  await page.locator('[data-section="broadcasts"]').click();
  await page.locator("[data-new-broadcast]").click();
  await page.locator('[data-field="title"]').fill("Minassati janvier");
  for (const [lang, text] of Object.entries(TEXTS)) await page.locator(`[data-text="${lang}"]`).fill(text);
  await page.locator('[data-field="action"]').selectOption("eligibility");
  await page.locator('[data-checks="channels"] input[value="web"]').check();
  await page.locator('[data-checks="channels"] input[value="telegram"]').check();
  await page.locator('[data-count="2"]').waitFor();
  report.check(true, "the live count says 2: the person who said stop is not counted");
  await page.locator('[data-checks="channels"] input[value="web"]').uncheck();
  await page.locator('[data-checks="channels"] input[value="telegram"]').uncheck();
  await page.locator('[data-checks="languages"] input[value="ary"]').check();
  await page.locator('[data-count="1"]').waitFor();
  await page.locator('[data-checks="languages"] input[value="ary"]').uncheck();
  await page.locator('[data-count="2"]').waitFor();
  report.check(true, "the count follows the segment (Darija only: 1) as the form changes");
  const frPreview = (await page.locator('[data-preview="fr"]').textContent()) ?? "";
  const aryPreview = (await page.locator('[data-preview="ary"]').textContent()) ?? "";
  report.check(frPreview.includes(TEXTS.fr) && frPreview.includes("STOP") && frPreview.includes("Suis-je éligible"), "the French preview shows the text, the opt-out footer and the button");
  report.check(aryPreview.includes(TEXTS.ary) && aryPreview.includes("وقف") && (await page.locator('[data-preview="ary"]').getAttribute("dir")) === "rtl", "the Darija preview reads right to left with its footer");
  await page.screenshot({ path: join(ARTIFACTS, "broadcasts-editor-fr.png"), fullPage: true });

  // The province filter: the provinces of a ticked region, Khouribga among Béni Mellal-Khénifra's.
  await page.locator('[data-checks="regions"] input[value="beni-mellal-khenifra"]').check();
  await page.locator('[data-checks="provinces"] input[value="khouribga"]').check();
  report.check((await page.locator('[data-checks="provinces"] input[value="casablanca"]').count()) === 0, "the form offers the provinces of the ticked region (Khouribga), not the others");
  await page.locator('[data-count="0"]').waitFor();
  await page.locator('[data-checks="provinces"] input[value="khouribga"]').uncheck();
  await page.locator('[data-checks="regions"] input[value="beni-mellal-khenifra"]').uncheck();
  await page.locator('[data-count="2"]').waitFor();

  // A test send needs the staff member's own linked chat: without one, the page says how to link it.
  await page.locator("[data-test-send]").click();
  await page.locator('[data-tested="refused"]').waitFor();
  report.check(true, "a test send without a linked chat is refused with the way to link one");

  // Sending asks first, with the number of people and the channels; going back sends nothing.
  await page.locator("[data-send-now]").click();
  await page.locator("[data-confirm]").waitFor();
  const confirmText = (await page.locator("[data-confirm]").textContent()) ?? "";
  const channels = await page.locator("[data-confirm-channel]").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-confirm-channel")).sort());
  report.check((await page.locator('[data-confirm-count="2"]').count()) === 1 && JSON.stringify(channels) === '["telegram","web"]' && confirmText.includes("Telegram"), `«send now» first asks, stating 2 people on Web and Telegram («${confirmText.slice(0, 80)}…»)`);
  await page.locator("[data-confirm-cancel]").click();
  await page.waitForTimeout(1_500);
  const listed = (await page.request.get(`${base}/api/v1/admin/broadcasts`).then((response) => response.json())) as { broadcasts: { status: string }[] };
  report.check(listed.broadcasts.every((item) => item.status === "draft") && !youssef.sent().some((call) => String(call.payload.text).includes("Minassati ouvre")), "going back from the confirmation sends nothing: no announcement left the drafts, nobody got it");
  await page.locator("[data-send-now]").click();
  await page.locator("[data-confirm-send]").click();
  await page.locator('[data-report][data-status="sent"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-broadcast] [data-list-sent="2"]').waitFor();
  report.check(true, "confirmed, it goes; the list shows «2 / 2 sent» like the report, without a reload");
  const sentFigure = await page.locator('[data-figure="sent"] dd').textContent();
  report.check(sentFigure === "2", `the report shows the announcement sent to ${sentFigure} people`);

  const delivered = await stub.waitFor(() => youssef.sent().find((call) => String(call.payload.text).includes("Minassati ouvre 40 places")), 10_000);
  report.check(
    String(delivered.payload.text).includes("STOP") && JSON.stringify(delivered.payload.reply_markup).includes("cmd:eligibility"),
    "Telegram: Youssef gets it in French with the footer and the «Suis-je éligible ?» button",
  );
  report.check(!hamid.sent().some((call) => String(call.payload.text).includes("Minassati ouvre")), "Telegram: Hamid, who said stop, gets nothing");

  const bubble = salma.locator(".rafiq-msg", { hasText: TEXTS.ary });
  await bubble.waitFor({ timeout: 15_000 });
  report.check(((await bubble.textContent()) ?? "").includes("وقف"), "web chat: Salma reads it in Darija, with the footer, without reloading");
  await salma.screenshot({ path: join(ARTIFACTS, "broadcasts-webchat-ary.png") });
  await salma.locator(enabledChoice("cmd:eligibility")).last().click();
  await until(async () => (await salma.locator(".rafiq-msg").count()) > 0 && ((await salma.locator(".rafiq-msg").last().textContent()) ?? "") !== ((await bubble.textContent()) ?? ""), "the eligibility journey to answer");
  report.check(true, "web chat: the button opens the eligibility journey");

  await until(async () => {
    await page.reload();
    await page.locator("[data-report]").waitFor();
    return (await page.locator('[data-figure="opened"] dd').textContent()) === "1";
  }, "the report to count the journey opened");
  report.check(true, "the report counts 1 person who opened the journey from the button");

  await page.locator("[data-console-lang]").selectOption("ary");
  await until(async () => (await page.locator("html").getAttribute("dir")) === "rtl", "the console to turn right to left");
  await page.screenshot({ path: join(ARTIFACTS, "broadcasts-report-ary.png"), fullPage: true });
  report.check(true, "the report in Darija lays out right to left");
  report.check(problems.length === 0, `no page error or console error${problems.length ? `: ${problems.join("; ")}` : ""}`);
} catch (error) {
  report.fail(error);
  for (const context of browser.contexts()) for (const open of context.pages()) await open.screenshot({ path: join(ARTIFACTS, "broadcasts-failure.png") }).catch(() => {});
} finally {
  await browser.close();
  await app.close();
  await stub.close();
}
report.finish();
