import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Canvas } from "../../bot/project/types.ts";
import { newSheetToken, publishSheet, revokeSheet, saveCanvas } from "../../db/projects.ts";
import { contacts } from "../../db/schema/index.ts";
import { openApi } from "../api/staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
beforeAll(async () => {
  api = await openApi();
});
afterAll(() => api.close());

// The acceptance project, as the chat would have stored it.
const CANVAS: Canvas = {
  idea: "Un atelier de couture qui fait des caftans sur mesure",
  sector: "textile",
  customers: "Les femmes du quartier et les boutiques de Khouribga",
  offer: "Des caftans et des retouches",
  priceMad: 50,
  salesPerMonth: 400,
  startupCosts: [
    { label: "machines à coudre", amountMad: 24_000 },
    { label: "table et fer", amountMad: 6_000 },
  ],
  monthlyCosts: [
    { kind: "rent", amountMad: 3_000 },
    { kind: "materials", amountMad: 6_000 },
    { kind: "transport", amountMad: 1_000 },
    { kind: "salaries", amountMad: 2_000 },
  ],
  ownContributionMad: 5_000,
  legalForm: "cooperative",
};

const KHOURIBGA_24 = { age: 24, province: "khouribga" };

async function personWithSheet(options: { language: string; firstName?: string | null; canvas?: Canvas; profile?: Record<string, unknown> }) {
  const db = api.runtime.database.db;
  const now = api.runtime.clock.now();
  const [row] = await db
    .insert(contacts)
    .values({
      language: options.language,
      firstName: options.firstName === undefined ? "Salma" : options.firstName,
      profile: options.profile ?? KHOURIBGA_24,
      consentVersion: api.runtime.config.CONSENT_VERSION,
      consentedAt: now,
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error("no contact");
  await saveCanvas(db, row.id, options.canvas ?? CANVAS, now);
  const token = await publishSheet(db, row.id, newSheetToken(), now);
  return { contactId: row.id, token };
}

async function get(path: string) {
  const response = await api.app.request(path);
  return { response, status: response.status, html: await response.text() };
}

/** The page's visible words and figures, without tags (entities decoded for the few we use). */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&amp;", "&")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"');

const NNBSP = "\u202F";
const NBSP = "\u00A0";

describe("the project sheet", () => {
  it("shows the project in French: the idea, the numbers of the acceptance, the chart and Minassati for a 24-year-old in Khouribga", async () => {
    const { token } = await personWithSheet({ language: "fr" });
    const { response, status, html } = await get(`/p/${token}`);
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(html).toContain('<html lang="fr" dir="ltr">');
    const text = textOf(html);
    expect(text).toContain("Fiche projet de \u2068Salma\u2069");
    expect(text).toContain(CANVAS.idea);
    expect(text).toContain(CANVAS.customers);
    expect(text).toContain(CANVAS.offer);
    expect(text).toContain("Textile et couture");
    expect(text).toContain("Coopérative");
    const row = (key: string) => new RegExp(`data-row="${key}"><th[^>]*>[^<]*</th><td[^>]*>([^<]*)</td>`).exec(html)?.[1];
    expect(row("investment")).toBe(`30${NNBSP}000${NBSP}DH`);
    expect(row("ownContribution")).toBe(`5${NNBSP}000${NBSP}DH`);
    expect(row("fundingNeed")).toBe(`25${NNBSP}000${NBSP}DH`);
    expect(row("revenue")).toBe(`20${NNBSP}000${NBSP}DH`);
    expect(row("costs")).toBe(`12${NNBSP}000${NBSP}DH`);
    expect(row("margin")).toBe(`8${NNBSP}000${NBSP}DH`);
    expect(row("breakEven")).toBe("4 mois");
    // The chart: 13 months, red until the fourth, then green; an accessible title.
    expect(html).toMatch(/<svg class="cash"[^>]*role="img"[^>]*aria-labelledby="cash-title cash-desc"/);
    expect(html).toContain('<title id="cash-title">Trésorerie cumulée sur 12 mois</title>');
    const bars = [...html.matchAll(/<rect [^>]*fill="(#[0-9a-f]+)" data-month="(\d+)" data-value="(-?[\d.]+)"/g)];
    expect(bars.map((bar) => Number(bar[3]))).toEqual([-30_000, -22_000, -14_000, -6_000, 2_000, 10_000, 18_000, 26_000, 34_000, 42_000, 50_000, 58_000, 66_000]);
    expect(new Set(bars.slice(0, 4).map((bar) => bar[1])).size).toBe(1);
    expect(bars[0]?.[1]).not.toBe(bars[4]?.[1]);
    // Nothing to flag in this project; Minassati in the programmes where she qualifies.
    expect(text).toContain("Rien ne cloche");
    expect(html).toMatch(/data-programs="eligible">[^]*?data-program="minassati-khouribga"/);
    expect(text).toContain("Minassati");
    expect(text).toContain(`écrivez «${NBSP}rdv${NBSP}»`);
    // Every key resolved, every placeholder filled, no figure lost.
    expect(text).not.toMatch(/sheet:|\{\{|NaN|Infinity|undefined|null/);
  });

  it("shows it in Arabic right to left, with Western digits and the programmes' Arabic names", async () => {
    const { token } = await personWithSheet({ language: "ar", firstName: "سارة" });
    const { status, html } = await get(`/p/${token}`);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const text = textOf(html);
    expect(text).toContain("بطاقة مشروع \u2068سارة\u2069");
    for (const figure of ["30.000", "25.000", "20.000", "12.000", "8.000"]) expect(text).toContain(`${figure}${NBSP}درهم`);
    expect(text).toContain("4 أشهر");
    expect(text).toContain("منصتي");
    expect(text).toContain("«موعد»");
    expect(text).not.toMatch(/sheet:|\{\{|NaN|Infinity|undefined/);
  });

  it("shows it in Darija (ar-MA, right to left), and in the language an advisor asks for with ?lang", async () => {
    const { token } = await personWithSheet({ language: "ary" });
    const darija = await get(`/p/${token}`);
    expect(darija.html).toContain('<html lang="ar-MA" dir="rtl">');
    expect(textOf(darija.html)).toContain("الحسابات");
    expect(darija.response.headers.get("content-language")).toBe("ary");
    const french = await get(`/p/${token}?lang=fr`);
    expect(french.html).toContain('<html lang="fr" dir="ltr">');
    expect(textOf(french.html)).toContain("Les chiffres");
    // An unknown language is ignored: the person's own stays.
    expect((await get(`/p/${token}?lang=en`)).html).toContain('<html lang="ar-MA" dir="rtl">');
  });

  it("escapes whatever the person typed: a script in the idea, markup in the name and in a cost label", async () => {
    const { token } = await personWithSheet({
      language: "fr",
      firstName: `<img src=x onerror="alert(1)">`,
      canvas: {
        ...CANVAS,
        idea: `<script>alert("idée")</script> & co`,
        customers: `"><svg onload=alert(2)>`,
        startupCosts: [{ label: `</dd><script>alert(3)</script>`, amountMad: 100 }],
        monthlyCosts: [{ kind: "other", label: `<b onmouseover=alert(4)>x</b>`, amountMad: 10 }],
      },
    });
    const { status, html } = await get(`/p/${token}`);
    expect(status).toBe(200);
    expect(html).not.toMatch(/<script|<img|<svg onload|<b onmouseover|onerror="/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;idée&quot;)&lt;/script&gt; &amp; co");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&quot;&gt;&lt;svg onload=alert(2)&gt;");
  });

  it("is private: no cache, no indexing, no referrer, and a CSP that allows its own style and nothing else", async () => {
    const { token } = await personWithSheet({ language: "fr" });
    const { response, html } = await get(`/p/${token}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    expect(csp).toContain(`style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    expect(html).not.toMatch(/<script|\sstyle="|\son\w+=|<link|<img|https?:\/\//i);
  });

  it("answers 404 once the link is revoked, and a new link works while the old one stays dead", async () => {
    const { contactId, token } = await personWithSheet({ language: "fr" });
    expect((await get(`/p/${token}`)).status).toBe(200);
    await revokeSheet(api.runtime.database.db, contactId, api.runtime.clock.now());
    const revoked = await get(`/p/${token}`);
    expect(revoked.status).toBe(404);
    expect(revoked.response.headers.get("cache-control")).toBe("no-store");
    expect(revoked.response.headers.get("x-robots-tag")).toContain("noindex");
    expect(revoked.html).toContain("Fiche introuvable");
    expect(revoked.html).toContain("البطاقة غير موجودة");
    expect(revoked.html).not.toContain(CANVAS.idea);
    const fresh = await publishSheet(api.runtime.database.db, contactId, newSheetToken(), api.runtime.clock.now());
    expect(fresh).not.toBe(token);
    expect((await get(`/p/${fresh}`)).status).toBe(200);
    expect((await get(`/p/${token}`)).status).toBe(404);
  });

  it("answers 404 for an unknown, a malformed token and an erased person", async () => {
    expect((await get(`/p/${newSheetToken()}`)).status).toBe(404);
    for (const bad of ["abc", "%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd", "x".repeat(200)]) expect((await get(`/p/${bad}`)).status).toBe(404);
    const { contactId, token } = await personWithSheet({ language: "fr" });
    await api.runtime.database.db.update(contacts).set({ erasedAt: api.runtime.clock.now() }).where(eq(contacts.id, contactId));
    expect((await get(`/p/${token}`)).status).toBe(404);
  });

  it("says what is missing rather than inventing it: an empty canvas, no name, no profile", async () => {
    const { token } = await personWithSheet({ language: "fr", firstName: null, canvas: {}, profile: {} });
    const { status, html } = await get(`/p/${token}`);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("Fiche projet ·");
    expect(text.match(/à compléter/g)?.length).toBeGreaterThanOrEqual(9);
    expect(text).toContain("Le graphique apparaîtra");
    expect(html).not.toContain("<svg");
    expect(text).not.toMatch(/NaN|Infinity|undefined|null|\{\{/);
    // Nothing decided without a profile: the programmes are all to check with the advisor.
    expect(html).not.toContain('data-programs="eligible"');
    expect(html).toContain('data-programs="to-check"');
  });

  it("puts the flags in plain words with the amounts in the page's language", async () => {
    const losing: Canvas = {
      ...CANVAS,
      priceMad: 12,
      monthlyCosts: [{ kind: "materials", amountMad: 6_000 }, { kind: "salaries", amountMad: 2_000 }],
      ownContributionMad: 40_000,
    };
    const fr = textOf((await get(`/p/${(await personWithSheet({ language: "fr", canvas: losing })).token}`)).html);
    expect(fr).toContain(`Le prix (12${NBSP}DH) est plus bas que le coût des matières d'une vente (15${NBSP}DH)`);
    expect(fr).toContain(`La marge du mois est négative (-3${NNBSP}200${NBSP}DH)`);
    expect(fr).toContain("Le loyer n'est pas indiqué");
    expect(fr).toContain("Le transport n'est pas indiqué");
    expect(fr).toContain(`l'investissement de 30${NNBSP}000${NBSP}DH n'est jamais remboursé`);
    expect(fr).toContain(`L'apport personnel (40${NNBSP}000${NBSP}DH) dépasse l'investissement (30${NNBSP}000${NBSP}DH)`);
    expect(fr).toContain("jamais avec cette marge");
    const slow: Canvas = { ...CANVAS, startupCosts: [{ label: "local", amountMad: 400_000 }] };
    const ar = textOf((await get(`/p/${(await personWithSheet({ language: "ar", canvas: slow })).token}`)).html);
    expect(ar).toContain("يلزم 50 شهرًا لاسترجاع الاستثمار");
  });
});
