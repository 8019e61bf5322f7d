/**
 * The web chat in a real browser (Debian's Chromium, driven by playwright-core), against
 * the real app on a free port with a temporary embedded database. Not part of `vitest run`:
 * `npm run test:e2e`. Screenshots go to tests/.artifacts/ for a human to look at.
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { Lang } from "../../bot/core/types.ts";
import { ARTIFACTS, startBrowserHarness } from "./harness.ts";
import { desktopScreenshot, enabledChoice, expectNoOverflow, inPage, liveChecks } from "./webchat-live-checks.ts";

const PHONE = { width: 360, height: 640 };
const MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];

const cases: { lang: Lang; name: string; dir: "ltr" | "rtl"; htmlLang: string }[] = [
  { lang: "fr", name: "Salma", dir: "ltr", htmlLang: "fr" },
  { lang: "ar", name: "سارة", dir: "rtl", htmlLang: "ar" },
  { lang: "ary", name: "Youssef", dir: "rtl", htmlLang: "ar-MA" },
];

async function onboard(browser: Browser, base: string, c: (typeof cases)[number]) {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  try {
    await page.goto(`${base}/`);
    await page.locator(enabledChoice(`lang:${c.lang}`)).waitFor();
    if (c.lang === "fr") await page.screenshot({ path: join(ARTIFACTS, "webchat-welcome.png") });
    await page.locator(enabledChoice(`lang:${c.lang}`)).click();
    await page.locator(enabledChoice("consent:yes")).click();
    await page.locator(enabledChoice("name:skip")).waitFor();
    await page.locator("[data-input]").fill(c.name);
    await page.locator("[data-input]").press("Enter");
    for (const id of MENU) await page.locator(enabledChoice(id)).waitFor();
    await page.getByText(c.name, { exact: false }).last().waitFor();

    const html = await inPage(page, `document.documentElement.dir + " " + document.documentElement.lang`);
    if (html !== `${c.dir} ${c.htmlLang}`) throw new Error(`<html> has dir and lang "${String(html)}", expected "${c.dir} ${c.htmlLang}"`);
    await expectNoOverflow(page, c.lang);
    await page.screenshot({ path: join(ARTIFACTS, `webchat-${c.lang}-menu.png`) });

    // A reload catches up from the server: same conversation, same direction, live menu.
    await page.reload();
    for (const id of MENU) await page.locator(enabledChoice(id)).waitFor();
    const dirAfterReload = await inPage(page, "document.documentElement.dir");
    if (dirAfterReload !== c.dir) throw new Error(`after reload dir=${String(dirAfterReload)}`);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return { page, context };
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, `webchat-${c.lang}-failure.png`) }).catch(() => {});
    await context.close();
    throw error;
  }
}

const firstChoice = (prefix: string) => `.rafiq-choice[data-choice^="${prefix}"]:not(:disabled)`;

/**
 * A newcomer books a meeting from the menu with the embedded mode's demo advisors: site,
 * topic, day, time, confirm; then the calendar file the chat links to is served.
 */
async function bookingCheck(page: import("playwright-core").Page, base: string, lang: Lang): Promise<string> {
  const started = Date.now();
  await page.locator(enabledChoice("cmd:book")).last().click();
  await page.locator(firstChoice("book:site:")).first().click();
  await page.locator(enabledChoice("book:topic:general")).click();
  await page.locator(firstChoice("book:day:")).first().click();
  await page.locator(firstChoice("book:time:")).first().click();
  await page.locator(enabledChoice("book:confirm:yes")).click();
  const link = page.locator('a.rafiq-link[href*="/calendar/"]').last();
  await link.waitFor();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const href = await link.getAttribute("href");
  const response = await page.request.get(`${base}${new URL(href ?? "").pathname}`);
  const body = await response.text();
  if (response.status() !== 200 || !body.includes("BEGIN:VEVENT")) throw new Error(`calendar file: HTTP ${response.status()}`);
  await expectNoOverflow(page, lang);
  await page.screenshot({ path: join(ARTIFACTS, `webchat-${lang}-booked.png`) });
  return `booked a meeting from the menu in ${seconds} s (site, topic, day, time, confirm); the calendar file is served`;
}

async function main() {
  const { runtime, base, browser, close } = await startBrowserHarness({ WEBCHAT_ENABLED: "true" });
  const version = browser.version();
  const report: string[] = [];
  let failures = 0;
  try {
    for (const c of cases) {
      try {
        const { page, context } = await onboard(browser, base, c);
        report.push(`ok   ${c.lang}: language, consent, name, menu; dir=${c.dir}; reload keeps it`);
        if (c.lang === "fr") for (const line of await liveChecks(page, runtime, ARTIFACTS)) report.push(`ok   fr: ${line}`);
        if (c.lang === "ary") report.push(`ok   ary: ${await bookingCheck(page, base, c.lang)}`);
        await context.close();
      } catch (error) {
        failures += 1;
        report.push(`FAIL ${c.lang}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await desktopScreenshot(browser, base, ARTIFACTS);
  } finally {
    await close();
  }
  console.log(`web chat e2e (${base}, Chromium ${version})`);
  for (const line of report) console.log(`  ${line}`);
  console.log(`  screenshots: ${ARTIFACTS}`);
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error("web chat e2e could not run:", error);
  process.exit(1);
});
