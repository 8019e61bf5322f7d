import { createHash } from "node:crypto";

/**
 * The sheet's only style, inline so the page is one request and prints offline. The CSP
 * allows exactly this stylesheet by its hash: no script, no other style, no request
 * elsewhere. On screen one column (a phone: the project, its figures, the flags, the
 * programmes); from 720 px and in print, two of about the same height. Print fits
 * one A4 page: small type, sections kept whole, and person-typed text that runs long is
 * clamped to a few lines (the screen shows it all).
 */
export const SHEET_CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Tahoma, "DejaVu Sans", sans-serif; color: #1d2330; background: #f3f4f6; -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 12px; font-size: 16px; line-height: 1.45; }
main { max-width: 880px; margin: 0 auto; background: #fff; padding: 18px 16px; border-radius: 12px; }
h1 { font-size: 1.35rem; margin: 0; line-height: 1.25; }
h2 { font-size: 1rem; margin: 0 0 6px; color: #0b5d57; border-bottom: 2px solid #d6ebe8; padding-bottom: 2px; }
p { margin: 0 0 6px; }
.sub { color: #5b6272; font-size: .85rem; margin-top: 4px; }
section { margin-top: 16px; }
.columns { display: flex; flex-direction: column; }
.column { display: contents; }
.project { order: 1; } .numbers { order: 2; } .flags { order: 3; } .programs { order: 4; }
dl { margin: 0; }
dt { font-weight: 600; font-size: .8rem; color: #5b6272; }
dd { margin: 0 0 6px; overflow-wrap: anywhere; white-space: pre-line; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { padding: 3px 0; border-bottom: 1px solid #eceef2; vertical-align: baseline; }
th { text-align: start; font-weight: normal; padding-inline-end: 8px; }
td { text-align: end; white-space: nowrap; font-weight: 600; font-variant-numeric: tabular-nums; }
tr.key th, tr.key td { font-weight: 700; }
.unknown { color: #8a90a0; font-weight: normal; font-style: italic; }
[dir=rtl] .unknown { font-style: normal; } /* no italics in Arabic script */
.negative { color: #b3261e; }
figure { margin: 10px 0 0; }
.numbers dl { margin-top: 8px; }
figcaption { font-weight: 600; font-size: .85rem; color: #5b6272; }
svg.cash { display: block; width: 100%; max-width: 440px; height: auto; direction: ltr; }
.note { font-size: .8rem; color: #5b6272; }
ul { margin: 0; padding-inline-start: 1.2em; }
li { margin-bottom: 3px; }
.flags li::marker { content: "⚠  "; color: #b3261e; }
h3 { font-size: .85rem; margin: 6px 0 2px; color: #5b6272; }
.status { color: #5b6272; font-size: .85em; }
.next { background: #e8f4f2; border-radius: 8px; padding: 10px 12px; }
.next h2 { border: 0; }
footer { margin-top: 14px; font-size: .75rem; color: #6b7180; }
@media (min-width: 720px) {
  body { padding: 24px; }
  main { padding: 28px 32px; }
  .columns { flex-direction: row; gap: 32px; }
  .column { display: block; flex: 1 1 0; min-width: 0; }
}
@media print {
  html { background: #fff; }
  body { padding: 0; font-size: 9.5pt; line-height: 1.3; }
  main { max-width: none; padding: 0; border-radius: 0; }
  h1 { font-size: 15pt; }
  h2 { font-size: 10.5pt; margin-bottom: 4px; }
  section { margin-top: 9px; break-inside: avoid; }
  .columns { flex-direction: row; gap: 7mm; }
  .column { display: block; flex: 1 1 0; min-width: 0; }
  dd { margin-bottom: 3px; }
  .clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 6; overflow: hidden; }
  table { font-size: 9.5pt; }
  th, td { padding: 1.5px 0; }
  figure { margin-top: 6px; }
  .numbers dl { margin-top: 5px; }
  svg.cash { max-width: 78mm; }
  .next { padding: 6px 10px; }
  footer { margin-top: 8px; font-size: 7.5pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/** The CSP source that allows this stylesheet and nothing else. */
export const SHEET_CSS_HASH = `'sha256-${createHash("sha256").update(SHEET_CSS).digest("base64")}'`;

export const SHEET_CSP = [
  "default-src 'none'",
  `style-src ${SHEET_CSS_HASH}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
