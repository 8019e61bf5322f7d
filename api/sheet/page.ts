import { describeFlag } from "../../bot/project/flag-text.ts";
import type { Lang } from "../../bot/core/types.ts";
import { RTL_LANGUAGES } from "../../bot/core/types.ts";
import { valueLabel } from "../../bot/eligibility/index.ts";
import type { Translate } from "../../bot/flows/types.ts";
import { I18N_LOCALE } from "../../bot/i18n.ts";
import type { CatalogueEntry } from "../../bot/programs/catalogue.ts";
import { formatCount, formatMad } from "../../bot/project/money.ts";
import type { ProjectFlag } from "../../bot/project/types.ts";
import { cashChart } from "./chart.ts";
import { escapeHtml as esc, isolate } from "./html.ts";
import { SHEET_CSS } from "./style.ts";
import type { SheetView } from "./view.ts";

/**
 * The project sheet as one HTML document. Every string is escaped here, whether it comes
 * from the person (the canvas, the first name), the catalogue or the locales: the
 * translator does not escape (`escapeValue: false`), so nothing reaches the page raw.
 */
export function renderSheet(view: SheetView, t: Translate): string {
  const { lang } = view;
  const name = view.firstName;
  const title = name ? t("sheet:titleNamed", { name: isolate(name) }) : t("sheet:title");
  const body = [
    `<header><h1>${esc(title)}</h1><p class="sub">${esc(t("sheet:subtitle"))} · ${esc(t("sheet:updated", { date: formatDate(view.updatedAt, lang) }))}</p></header>`,
    // On paper two columns of about the same height (the project and its programmes | the figures
    // and what they flag); a phone shows one, in reading order (CSS `order`).
    `<div class="columns"><div class="column">${projectSection(view, t)}${programsSection(view, t)}</div>`,
    `<div class="column">${numbersSection(view, t)}${flagsSection(view.flags, t, lang)}</div></div>`,
    `<section class="next"><h2>${esc(t("sheet:next.heading"))}</h2><p>${esc(t("sheet:next.book"))}</p></section>`,
    `<footer><p>${esc(t("sheet:footer"))}</p></footer>`,
  ].join("\n");
  return document(lang, `${title} · Rafiq`, body);
}

/** A small page for a link that no longer (or never did) lead to a sheet: in every language, since we do not know whose it was. */
export function renderNotFound(translators: readonly { lang: Lang; t: Translate }[]): string {
  const blocks = translators.map(
    ({ lang, t }) =>
      `<section lang="${I18N_LOCALE[lang]}" dir="${RTL_LANGUAGES.has(lang) ? "rtl" : "ltr"}"><h1>${esc(t("sheet:notFound.title"))}</h1><p>${esc(t("sheet:notFound.body"))}</p></section>`,
  );
  const first = translators[0];
  return document("fr", first ? first.t("sheet:notFound.title") : "404", blocks.join("\n"));
}

function document(lang: Lang, title: string, body: string): string {
  const dir = RTL_LANGUAGES.has(lang) ? "rtl" : "ltr";
  return `<!doctype html>
<html lang="${I18N_LOCALE[lang]}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${SHEET_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function projectSection(view: SheetView, t: Translate): string {
  const { canvas, lang } = view;
  const facts = factList(
    [
      ["idea", canvas.idea],
      ["sector", canvas.sector ? valueLabel("sector", canvas.sector, t, lang) : undefined],
      ["customers", canvas.customers],
      ["offer", canvas.offer],
      ["legalForm", canvas.legalForm ? t(`sheet:legalForm.${canvas.legalForm}`) : undefined],
      ["team", canvas.team],
      ["worries", canvas.worries],
    ],
    t,
  );
  return `<section class="project"><h2>${esc(t("sheet:project.heading"))}</h2>${facts}</section>`;
}

/** The start-up items and the monthly costs one by one, under the totals they add up to. */
function costsList(view: SheetView, t: Translate): string {
  const { canvas, lang } = view;
  const item = (label: string, amount: number) => t("sheet:costItem", { label, amount: formatMad(amount, lang) });
  const startup = canvas.startupCosts?.map((cost) => item(isolate(cost.label), cost.amountMad));
  const monthly = canvas.monthlyCosts?.map((cost) => item(cost.kind === "other" && cost.label ? isolate(cost.label) : t(`sheet:cost.${cost.kind}`), cost.amountMad));
  return factList(
    [
      ["startupCosts", startup?.length ? startup.join(" · ") : undefined],
      ["monthlyCosts", monthly?.length ? monthly.join(" · ") : undefined],
    ],
    t,
  );
}

/** Labels from `sheet:project.*` and the person's words (or "to complete"). */
function factList(facts: readonly [string, string | undefined][], t: Translate): string {
  const rows = facts.map(([key, value]) => {
    const shown = value?.trim() ? `<dd class="clamp" dir="auto">${esc(value.trim())}</dd>` : `<dd class="unknown">${esc(t("sheet:unknown"))}</dd>`;
    return `<dt>${esc(t(`sheet:project.${key}`))}</dt>${shown}`;
  });
  return `<dl>${rows.join("")}</dl>`;
}

function numbersSection(view: SheetView, t: Translate): string {
  const { numbers, canvas, lang } = view;
  const money = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : formatMad(amount, lang));
  const margin = numbers.monthlyMarginMad;
  const rows: { key: string; value: string | null; className?: string; negative?: boolean }[] = [
    { key: "price", value: money(canvas.priceMad) },
    { key: "sales", value: canvas.salesPerMonth === undefined ? null : formatCount(canvas.salesPerMonth, lang) },
    { key: "investment", value: money(numbers.investmentMad) },
    { key: "ownContribution", value: money(canvas.ownContributionMad) },
    { key: "fundingNeed", value: money(numbers.fundingNeedMad), className: "key" },
    { key: "revenue", value: money(numbers.monthlyRevenueMad) },
    { key: "costs", value: money(numbers.monthlyCostsMad) },
    { key: "margin", value: money(margin), className: "key", negative: margin !== null && margin < 0 },
    { key: "breakEven", value: breakEvenText(view, t), className: "key" },
  ];
  const table = rows
    .map((row) => {
      const cell = row.value === null ? `<td class="unknown">${esc(t("sheet:unknown"))}</td>` : `<td${row.negative ? ' class="negative"' : ""}>${esc(row.value)}</td>`;
      return `<tr${row.className ? ` class="${row.className}"` : ""} data-row="${row.key}"><th scope="row">${esc(t(`sheet:numbers.${row.key}`))}</th>${cell}</tr>`;
    })
    .join("");
  return `<section class="numbers"><h2>${esc(t("sheet:numbers.heading"))}</h2><table>${table}</table>${chartFigure(view, t)}${costsList(view, t)}</section>`;
}

function breakEvenText(view: SheetView, t: Translate): string | null {
  const { breakEvenMonths: months, monthlyMarginMad: margin, investmentMad: investment } = view.numbers;
  if (months === 0) return t("sheet:numbers.breakEvenNow");
  if (months !== null) return t("sheet:numbers.months", { count: months });
  if (margin !== null && margin <= 0 && investment !== null && investment > 0) return t("sheet:numbers.never");
  return null;
}

function chartFigure(view: SheetView, t: Translate): string {
  const caption = `<figcaption>${esc(t("sheet:chart.heading"))}</figcaption>`;
  const first = view.cash[0];
  const last = view.cash.at(-1);
  if (first === undefined || last === undefined) return `<figure>${caption}<p class="note">${esc(t("sheet:chart.empty"))}</p></figure>`;
  const chart = cashChart(view.cash, {
    title: t("sheet:chart.title"),
    desc: t("sheet:chart.desc", { start: formatMad(first, view.lang), end: formatMad(last, view.lang) }),
    lang: view.lang,
  });
  return `<figure>${caption}${chart}<p class="note">${esc(t("sheet:chart.note"))}</p></figure>`;
}

function flagsSection(flags: readonly ProjectFlag[], t: Translate, lang: Lang): string {
  const heading = `<h2>${esc(t("sheet:flags.heading"))}</h2>`;
  if (flags.length === 0) return `<section class="flags">${heading}<p>${esc(t("sheet:flags.none"))}</p></section>`;
  const items = flags.map((flag) => `<li data-flag="${flag.code}">${esc(describeFlag(flag, t, lang))}</li>`);
  return `<section class="flags">${heading}<ul>${items.join("")}</ul></section>`;
}


function programsSection(view: SheetView, t: Translate): string {
  const { eligible, toCheck, moreToCheck } = view.programs;
  const heading = `<h2>${esc(t("sheet:programs.heading"))}</h2>`;
  if (eligible.length === 0 && toCheck.length === 0) return `<section class="programs">${heading}<p>${esc(t("sheet:programs.none"))}</p></section>`;
  const list = (titleKey: string, programs: readonly CatalogueEntry[], kind: string) =>
    programs.length === 0 ? "" : `<h3>${esc(t(titleKey))}</h3><ul data-programs="${kind}">${programs.map((program) => programItem(program, view.lang, t)).join("")}</ul>`;
  const more = moreToCheck > 0 ? `<p class="status">${esc(t("sheet:programs.more", { count: moreToCheck }))}</p>` : "";
  return `<section class="programs">${heading}${list("sheet:programs.eligible", eligible, "eligible")}${list("sheet:programs.toCheck", toCheck, "to-check")}${more}</section>`;
}

function programItem(program: CatalogueEntry, lang: Lang, t: Translate): string {
  const status = program.status === "open" ? "" : ` <span class="status">(${esc(t("sheet:programs.closed"))})</span>`;
  return `<li data-program="${esc(program.id)}">${esc(program.name[lang])}${status}</li>`;
}

function formatDate(at: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(I18N_LOCALE[lang], { dateStyle: "long", timeZone: "Africa/Casablanca", numberingSystem: "latn" }).format(at);
}
