/**
 * Mixed scripts in the web chat, in a real browser (Debian's Chromium, playwright-core):
 * Latin words inside Arabic lines must keep their own order on screen. Compares the
 * bounding boxes of the words as drawn: in «…هنا. Salam hamza, chno bghiti t3ref 3la
 * Minassati?» «Salam» is left of «hamza», left of «chno», left of «Minassati», and the
 * Arabic before it is to its right. Not part of `vitest run`: `npm run test:bidi`.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { findOpenConversation } from "../../db/identities.ts";
import { insertOutbound } from "../../db/messages.ts";
import { ARTIFACTS, startBrowserHarness } from "./harness.ts";
import { enabledChoice, inPage } from "./webchat-live-checks.ts";

const WIDE = { width: 1100, height: 800 };

/** Left edge (px) of each word as drawn in the last bubble containing `marker`, or null when not found; all on one line. */
async function wordLefts(page: Page, marker: string, words: string[]): Promise<Record<string, number | null>> {
  const result = await inPage(
    page,
    `(() => {
      const bubbles = [...document.querySelectorAll(".rafiq-msg")].filter((node) => node.textContent.includes(${JSON.stringify(marker)}));
      const bubble = bubbles.at(-1);
      const out = {};
      for (const word of ${JSON.stringify(words)}) out[word] = null;
      if (!bubble) return out;
      const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of ${JSON.stringify(words)}) {
          if (out[word] !== null) continue;
          const at = node.data.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const box = range.getBoundingClientRect();
          // Words on another line cannot be compared left to right: -1 marks a wrap.
          out[word] = { left: box.left, top: Math.round(box.top) };
        }
      }
      return out;
    })()`,
  );
  if (!result || typeof result !== "object") throw new Error("no word positions");
  const boxes = result as Record<string, { left: number; top: number } | null>;
  const tops = new Set(Object.values(boxes).filter((box) => box !== null).map((box) => box.top));
  if (tops.size > 1) throw new Error(`the words of «${marker}» wrapped over several lines (${JSON.stringify(boxes)}): widen the page or shorten the line`);
  return Object.fromEntries(Object.entries(boxes).map(([word, box]) => [word, box ? box.left : null]));
}

/** Fails unless the words are drawn left to right in the order given. */
function expectLeftToRight(label: string, lefts: Record<string, number | null>, order: string[]) {
  for (const word of order) if (lefts[word] === null || lefts[word] === undefined) throw new Error(`${label}: «${word}» not found on screen`);
  for (let i = 1; i < order.length; i++) {
    const before = lefts[order[i - 1]!]!;
    const after = lefts[order[i]!]!;
    if (!(before < after)) throw new Error(`${label}: «${order[i - 1]}» (x=${before}) should be left of «${order[i]}» (x=${after}); positions ${JSON.stringify(lefts)}`);
  }
}

async function main() {
  const { runtime, base, browser, close } = await startBrowserHarness({ WEBCHAT_ENABLED: "true" });
  const passed: string[] = [];
  try {
    const context = await browser.newContext({ viewport: WIDE });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator(enabledChoice("lang:ary")).click();
    await page.locator(enabledChoice("consent:yes")).click();
    await page.locator(enabledChoice("name:skip")).waitFor();
    await page.locator("[data-input]").fill("hamza el idrissi");
    await page.locator("[data-input]").press("Enter");
    await page.locator(enabledChoice("cmd:mydata")).waitFor();

    // The bot's own line: the name as its owner writes it, in order, before the Arabic question.
    const title = await wordLefts(page, "نديرو", ["Hamza", "El", "Idrissi", "نديرو"]);
    expectLeftToRight("menu title", title, ["نديرو", "Hamza", "El", "Idrissi"]);
    passed.push("the bot's line names «Hamza El Idrissi» capitalised and in order, right of the Arabic that follows it");

    // An advisor's reply, mixed: one Latin sentence inside Arabic.
    const token = await inPage(page, `localStorage.getItem("rafiq.webchat.token")`);
    if (typeof token !== "string") throw new Error("no token in localStorage");
    const conversationId = await findOpenConversation(runtime.database.db, "web", `sha256:${createHash("sha256").update(token).digest("hex")}`);
    if (!conversationId) throw new Error("no open conversation for the page's token");
    const advisorText = "أنا هنا. Salam hamza, chno bghiti t3ref 3la Minassati?";
    await insertOutbound(runtime.database.db, [
      { conversationId, channel: "web", replyToId: null, author: "advisor", kind: "text", content: { kind: "text", text: advisorText } },
    ]);
    await page.getByText("Minassati", { exact: false }).last().waitFor();
    // The chat is at most 480 px wide: the words compared are those of the first line.
    const advisor = await wordLefts(page, "Minassati", ["هنا", "Salam", "hamza", "chno", "bghiti"]);
    expectLeftToRight("advisor reply", advisor, ["Salam", "hamza", "chno", "bghiti"]);
    if (!(advisor["هنا"]! > advisor.bghiti!)) throw new Error(`advisor reply: the Arabic before the Latin sentence should be right of it: ${JSON.stringify(advisor)}`);
    passed.push("an advisor's «…هنا. Salam hamza, chno bghiti t3ref 3la Minassati?» keeps its Latin sentence in order, right after the Arabic");

    // The person's own mixed message.
    const typed = "سؤال. Salam, kayn chi programme f Khouribga?";
    await page.locator("[data-input]").fill(typed);
    await page.locator("[data-input]").press("Enter");
    await page.getByText("Khouribga", { exact: false }).first().waitFor();
    const own = await wordLefts(page, "kayn chi", ["سؤال", "Salam", "kayn", "chi"]);
    expectLeftToRight("person's message", own, ["Salam", "kayn", "chi"]);
    if (!(own["سؤال"]! > own.chi!)) throw new Error(`person's message: Arabic first, on the right: ${JSON.stringify(own)}`);
    passed.push("the person's own mixed message keeps its Latin words in order");

    // Each message carries its own direction.
    const dirs = await inPage(page, `[...document.querySelectorAll(".rafiq-msg p")].every((p) => p.getAttribute("dir") === "auto")`);
    if (dirs !== true) throw new Error("every message paragraph should have dir=auto");
    passed.push("every message paragraph has dir=auto");
    await page.screenshot({ path: join(ARTIFACTS, "webchat-bidi.png") });
    await context.close();
  } finally {
    await close();
  }
  for (const line of passed) process.stdout.write(`✓ ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`✗ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
