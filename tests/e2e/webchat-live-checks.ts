import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { findOpenConversation } from "../../db/identities.ts";
import { insertOutbound } from "../../db/messages.ts";
import type { Runtime } from "../../lib/runtime.ts";

/** A button of the current question (answered ones are disabled). */
export const enabledChoice = (id: string) => `.rafiq-choice[data-choice="${id}"]:not(:disabled)`;

/** Fails when the page scrolls sideways: a bubble or a button too wide for the phone. */
export async function expectNoOverflow(page: Page, label: string) {
  // Browser code as a string: this project compiles without the DOM library.
  const overflow = await inPage(page, `[
    document.documentElement.scrollWidth - window.innerWidth,
    (() => { const log = document.querySelector(".rafiq-log"); return log ? log.scrollWidth - log.clientWidth : 0; })(),
  ]`);
  if (!Array.isArray(overflow) || overflow.some((px) => typeof px !== "number" || px > 0)) {
    throw new Error(`${label}: horizontal overflow (page, log) = ${JSON.stringify(overflow)}`);
  }
}

/** Evaluates an expression in the page; the result is outside data, checked by the caller. */
export async function inPage(page: Page, expression: string): Promise<unknown> {
  return page.evaluate(expression);
}

/**
 * On an onboarded page: a message written straight to the database (as an advisor's reply
 * from another process would be) arrives through the live stream; and a message typed
 * while offline stays in the box with an error, then goes out with Retry.
 */
export async function liveChecks(page: Page, runtime: Runtime, artifacts: string): Promise<string[]> {
  const token = await inPage(page, `localStorage.getItem("rafiq.webchat.token")`);
  if (typeof token !== "string") throw new Error("no token in localStorage");
  const externalId = `sha256:${createHash("sha256").update(token).digest("hex")}`;
  const conversationId = await findOpenConversation(runtime.database.db, "web", externalId);
  if (!conversationId) throw new Error("no open conversation for the page's token");
  const advisorText = "Bonjour, ici Samira de Minassati : je vous réponds demain matin.";
  await insertOutbound(runtime.database.db, [
    { conversationId, channel: "web", replyToId: null, author: "advisor", kind: "text", content: { kind: "text", text: advisorText } },
  ]);
  await page.getByText(advisorText).waitFor({ timeout: 8_000 });
  const done = ["an advisor message written by another process arrives live (SSE + poll)"];

  const bubblesBefore = await page.locator(".rafiq-msg-bot").count();
  await page.context().setOffline(true);
  await page.locator("[data-input]").fill("aide");
  await page.locator("[data-input]").press("Enter");
  await page.locator("[data-alert]:not([hidden])").waitFor();
  const kept = await page.locator("[data-input]").inputValue();
  if (kept !== "aide") throw new Error(`offline: the box holds ${JSON.stringify(kept)} instead of the unsent text`);
  await page.screenshot({ path: join(artifacts, "webchat-fr-offline.png") });
  await page.context().setOffline(false);
  await page.locator("[data-retry]").click();
  await page.locator("[data-alert]").waitFor({ state: "hidden" });
  await page.waitForFunction(`document.querySelectorAll(".rafiq-msg-bot").length > ${bubblesBefore}`);
  if ((await page.locator("[data-input]").inputValue()) !== "") throw new Error("after retry the box is not empty");
  done.push("offline: error shown, text kept in the box, Retry sends it");
  return done;
}

/** The same conversation on a laptop screen: a centred phone-like column. */
export async function desktopScreenshot(browser: Browser, base: string, artifacts: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.locator(enabledChoice("lang:ary")).click();
  await page.locator(enabledChoice("consent:yes")).waitFor();
  await page.screenshot({ path: join(artifacts, "webchat-ary-desktop.png") });
  await context.close();
}
