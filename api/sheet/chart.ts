import type { Lang } from "../../bot/core/types.ts";
import { formatCount } from "../../bot/project/money.ts";
import { escapeHtml } from "./html.ts";

/**
 * The cumulative cash as an inline SVG bar chart: one bar per month from the zero line,
 * money still to earn back in red, money earned in green. No script, no external asset,
 * so it prints and passes the page's CSP. Drawn left to right in every language (the
 * CSS keeps the SVG `direction: ltr`), like the months on a calendar.
 */

const WIDTH = 340;
const HEIGHT = 160;
const PLOT = { left: 56, right: 6, top: 8, bottom: 22 };
const BAR_SHARE = 0.7;
/** Smallest vertical distance between two value labels (font-size 9). */
const TICK_GAP = 11;

export const POSITIVE_COLOUR = "#1f7a4d";
export const NEGATIVE_COLOUR = "#c0392b";

export interface ChartText {
  /** Short title read by screen readers and shown as a tooltip. */
  title: string;
  /** The figures in one sentence, for screen readers. */
  desc: string;
  lang: Lang;
}

export function cashChart(cash: readonly number[], text: ChartText): string {
  const low = Math.min(0, ...cash);
  const high = Math.max(0, ...cash);
  const span = high - low || 1;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (value: number) => round(PLOT.top + ((high - value) / span) * plotHeight);
  const band = plotWidth / Math.max(1, cash.length);
  const barWidth = round(band * BAR_SHARE);
  const zero = y(0);

  const bars = cash.map((value, month) => {
    const x = round(PLOT.left + band * month + (band - barWidth) / 2);
    const top = Math.min(y(value), zero);
    const height = Math.max(round(Math.abs(y(value) - zero)), value === 0 ? 0 : 1);
    const fill = value < 0 ? NEGATIVE_COLOUR : POSITIVE_COLOUR;
    return `<rect x="${x}" y="${top}" width="${barWidth}" height="${height}" fill="${fill}" data-month="${month}" data-value="${value}"/>`;
  });
  const months = cash.map((_, month) => {
    const x = round(PLOT.left + band * month + band / 2);
    return `<text x="${x}" y="${HEIGHT - 8}" text-anchor="middle">${month}</text>`;
  });
  // Zero first, then the extremes unless they would overlap a label already placed.
  const tickValues: number[] = [];
  for (const value of [0, high, low]) {
    if (tickValues.every((kept) => Math.abs(y(kept) - y(value)) >= TICK_GAP)) tickValues.push(value);
  }
  const ticks = tickValues.map(
    (value) => `<text x="${PLOT.left - 4}" y="${y(value) + 3}" text-anchor="end">${escapeHtml(formatCount(value, text.lang))}</text>`,
  );

  return [
    `<svg class="cash" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="cash-title cash-desc" font-size="9" fill="#4a5161">`,
    `<title id="cash-title">${escapeHtml(text.title)}</title>`,
    `<desc id="cash-desc">${escapeHtml(text.desc)}</desc>`,
    ...bars,
    `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${zero}" y2="${zero}" stroke="#1d2330" stroke-width="1"/>`,
    ...ticks,
    ...months,
    "</svg>",
  ].join("");
}

const round = (value: number) => Math.round(value * 10) / 10;
