/**
 * The project sheet in a real browser (Debian's Chromium, driven by playwright-core),
 * against the real app on a free port with a temporary embedded database: a long but
 * realistic project in French, Arabic and Darija must read on a phone without sideways
 * scrolling, apply its style under its own CSP, and print on exactly one A4 page. Not
 * part of `vitest run`: `npm run test:sheet-print`. PDFs and screenshots go to
 * tests/.artifacts/ for a human to look at.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { Lang } from "../../bot/core/types.ts";
import type { Profile } from "../../bot/eligibility/types.ts";
import type { Canvas } from "../../bot/project/types.ts";
import { newSheetToken, publishSheet, saveCanvas } from "../../db/projects.ts";
import { contacts } from "../../db/schema/index.ts";
import type { Runtime } from "../../lib/runtime.ts";
import { ARTIFACTS, startBrowserHarness } from "./harness.ts";

const PHONE = { width: 360, height: 640 };

/** What a motivated person types over a few sessions: full sentences, several cost lines. */
const LONG_CANVAS: Record<"fr" | "ar", Canvas> = {
  fr: {
    idea: "Ouvrir un petit atelier de couture dans le quartier pour faire des caftans et des djellabas sur mesure, et des retouches rapides pour les voisins et les boutiques du centre-ville.",
    sector: "textile",
    customers: "Les femmes du quartier et des quartiers voisins, surtout avant les fêtes et les mariages ; deux boutiques du centre-ville qui cherchent une couturière pour leurs retouches ; plus tard les clientes sur Instagram.",
    offer: "Des caftans simples et brodés sur mesure, des djellabas, et des retouches livrées en 48 heures. Les tissus sont achetés à Casablanca une fois par mois.",
    priceMad: 50,
    salesPerMonth: 400,
    startupCosts: [
      { label: "deux machines à coudre professionnelles", amountMad: 14_000 },
      { label: "surjeteuse", amountMad: 5_500 },
      { label: "table de coupe et fer à repasser", amountMad: 3_000 },
      { label: "premier stock de tissus et de fils", amountMad: 4_500 },
      { label: "caution du local", amountMad: 2_000 },
      { label: "enseigne et cartes de visite", amountMad: 1_000 },
    ],
    monthlyCosts: [
      { kind: "rent", amountMad: 2_500 },
      { kind: "materials", amountMad: 6_000 },
      { kind: "transport", amountMad: 800 },
      { kind: "salaries", amountMad: 2_200 },
      { kind: "other", label: "électricité et téléphone", amountMad: 500 },
    ],
    ownContributionMad: 5_000,
    legalForm: "auto_entrepreneur",
    team: "Moi, couturière formée à l'OFPPT, et ma cousine qui m'aidera l'après-midi pour les finitions et la livraison.",
    worries: "Trouver assez de clientes les premiers mois, et ne pas savoir comment fixer le bon prix pour les caftans brodés sans faire fuir les clientes du quartier.",
  },
  ar: {
    idea: "فتح ورشة خياطة صغيرة في الحي لصنع القفاطين والجلابيب حسب الطلب، مع تعديلات سريعة للجيران ولمحلات وسط المدينة.",
    sector: "textile",
    customers: "نساء الحي والأحياء المجاورة، خصوصًا قبل الأعياد والأعراس؛ ومحلان في وسط المدينة يبحثان عن خياطة للتعديلات؛ ولاحقًا زبونات إنستغرام.",
    offer: "قفاطين بسيطة ومطرزة حسب الطلب، وجلابيب، وتعديلات تُسلَّم خلال 48 ساعة. تُشترى الأقمشة من الدار البيضاء مرة في الشهر.",
    priceMad: 50,
    salesPerMonth: 400,
    startupCosts: [
      { label: "آلتا خياطة مهنيتان", amountMad: 14_000 },
      { label: "آلة الحاشية", amountMad: 5_500 },
      { label: "طاولة التفصيل ومكواة", amountMad: 3_000 },
      { label: "أول مخزون من الأقمشة والخيوط", amountMad: 4_500 },
      { label: "ضمانة المحل", amountMad: 2_000 },
      { label: "لافتة وبطاقات", amountMad: 1_000 },
    ],
    monthlyCosts: [
      { kind: "rent", amountMad: 2_500 },
      { kind: "materials", amountMad: 6_000 },
      { kind: "transport", amountMad: 800 },
      { kind: "salaries", amountMad: 2_200 },
      { kind: "other", label: "الكهرباء والهاتف", amountMad: 500 },
    ],
    ownContributionMad: 5_000,
    legalForm: "cooperative",
    team: "أنا، خياطة تكوّنت في مكتب التكوين المهني، وابنة عمي التي ستساعدني بعد الزوال في اللمسات الأخيرة والتوصيل.",
    worries: "إيجاد عدد كافٍ من الزبونات في الأشهر الأولى، وعدم معرفة كيف أحدد الثمن المناسب للقفاطين المطرزة دون أن أُبعد زبونات الحي.",
  },
};

/** Young, in Khouribga, unemployed: Minassati is named, several others are to check. */
const PROFILE: Profile = { age: 24, gender: "female", province: "khouribga", status: "unemployed" };

/** The same project with what an advisor would flag: a price under the materials cost, no transport. */
const withFlags = (canvas: Canvas): Canvas => ({
  ...canvas,
  priceMad: 14,
  monthlyCosts: canvas.monthlyCosts?.filter((cost) => cost.kind !== "transport"),
});

const cases: { id: string; lang: Lang; name: string; canvas: Canvas; dir: "ltr" | "rtl"; htmlLang: string; flags: number }[] = [
  { id: "fr", lang: "fr", name: "Salma", canvas: LONG_CANVAS.fr, dir: "ltr", htmlLang: "fr", flags: 0 },
  { id: "fr-flags", lang: "fr", name: "Salma", canvas: withFlags(LONG_CANVAS.fr), dir: "ltr", htmlLang: "fr", flags: 4 },
  { id: "ar", lang: "ar", name: "سارة", canvas: LONG_CANVAS.ar, dir: "rtl", htmlLang: "ar", flags: 0 },
  { id: "ary-flags", lang: "ary", name: "خديجة", canvas: withFlags(LONG_CANVAS.ar), dir: "rtl", htmlLang: "ar-MA", flags: 4 },
];

async function sheetFor(runtime: Runtime, c: (typeof cases)[number]): Promise<string> {
  const db = runtime.database.db;
  const now = runtime.clock.now();
  const [row] = await db
    .insert(contacts)
    .values({ language: c.lang, firstName: c.name, profile: PROFILE, consentVersion: runtime.config.CONSENT_VERSION, consentedAt: now })
    .returning({ id: contacts.id });
  if (!row) throw new Error("no contact");
  await saveCanvas(db, row.id, c.canvas, now);
  return publishSheet(db, row.id, newSheetToken(), now);
}

/** Pages in a PDF: page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

async function check(browser: Browser, base: string, c: (typeof cases)[number], token: string): Promise<string> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  try {
    const response = await page.goto(`${base}/p/${token}`);
    if (response?.status() !== 200) throw new Error(`GET /p/<token> answered ${response?.status()}`);
    const html = await page.evaluate(`[document.documentElement.dir, document.documentElement.lang].join(" ")`);
    if (html !== `${c.dir} ${c.htmlLang}`) throw new Error(`<html> has dir and lang "${String(html)}", expected "${c.dir} ${c.htmlLang}"`);
    // The stylesheet applied (a CSP refusal would leave the default serif, black headings).
    const styled = await page.evaluate(`getComputedStyle(document.querySelector("h2")).color`);
    if (styled !== "rgb(11, 93, 87)") throw new Error(`the page's style was not applied (h2 colour ${String(styled)})`);
    const flags = await page.evaluate(`document.querySelectorAll("[data-flag]").length`);
    if (flags !== c.flags) throw new Error(`${String(flags)} flags shown, expected ${c.flags}`);
    const overflow = await page.evaluate(`document.documentElement.scrollWidth - window.innerWidth`);
    if (typeof overflow !== "number" || overflow > 0) throw new Error(`scrolls sideways on a phone by ${String(overflow)} px`);
    await page.screenshot({ path: join(ARTIFACTS, `sheet-${c.id}-phone.png`), fullPage: true });

    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(join(ARTIFACTS, `sheet-${c.id}.pdf`), pdf);
    const pages = countPdfPages(pdf);
    // How full the page is: the content's height against A4 minus the 12 mm margins.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794 - 2 * 45, height: 1123 - 2 * 45 });
    const used = await page.evaluate(`Math.round(document.querySelector("main").getBoundingClientRect().height)`);
    await page.screenshot({ path: join(ARTIFACTS, `sheet-${c.id}-print.png`), fullPage: true });
    if (pages !== 1) throw new Error(`prints on ${pages} A4 pages, expected 1 (content ${String(used)} of ${1123 - 90} px)`);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return `${c.id}: dir=${c.dir}, ${c.flags} flags, styled under its CSP, no sideways scroll at ${PHONE.width} px, 1 A4 page (content ${String(used)} of ${1123 - 90} px)`;
  } finally {
    await context.close();
  }
}

async function main() {
  const { runtime, base, browser, close } = await startBrowserHarness();
  const version = browser.version();
  const report: string[] = [];
  let failures = 0;
  try {
    for (const c of cases) {
      try {
        report.push(`ok   ${await check(browser, base, c, await sheetFor(runtime, c))}`);
      } catch (error) {
        failures += 1;
        report.push(`FAIL ${c.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await close();
  }
  console.log(`project sheet print check (${base}, Chromium ${version})`);
  for (const line of report) console.log(`  ${line}`);
  console.log(`  PDFs and screenshots: ${ARTIFACTS}`);
  process.exit(failures > 0 ? 1 : 0);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error("project sheet print check could not run:", error);
    process.exit(1);
  });
}
