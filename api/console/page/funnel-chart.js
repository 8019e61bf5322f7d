// The funnel's charts as plain SVG drawn by preact: no chart library, no inline styles
// (the page's CSP allows none); colours come from classes in staff.css. Numbers are
// printed beside every bar, so the chart is readable without colours too.
import { html } from "./ui.js";

/** One horizontal bar per step, its length the share of those who started. */
export function FunnelBars({ steps, counts, label, nameOf }) {
  const top = Math.max(1, counts[steps[0]] ?? 0);
  const rowHeight = 30;
  const width = 600;
  const labelWidth = 230;
  const barSpace = width - labelWidth - 70;
  return html`<svg class="funnel-bars" viewBox=${`0 0 ${width} ${steps.length * rowHeight + 4}`} role="img" aria-label=${label}>
    ${steps.map((step, index) => {
      const value = counts[step] ?? 0;
      const length = Math.round((value / top) * barSpace);
      const y = index * rowHeight + 4;
      return html`<g class=${`funnel-step step-${index}`} data-step=${step}>
        <text x="0" y=${y + 17} class="funnel-label">${nameOf(step)}</text>
        <rect x=${labelWidth} y=${y} width=${Math.max(length, value > 0 ? 2 : 0)} height=${rowHeight - 8} rx="3" class="funnel-bar"></rect>
        <text x=${labelWidth + Math.max(length, 0) + 6} y=${y + 17} class="funnel-value" data-count=${value}>${value}</text>
      </g>`;
    })}
  </svg>`;
}

/** Weekly columns: who started, and who booked, side by side; week labels every few columns. */
export function WeeklyColumns({ groups, label, legend }) {
  const width = 640;
  const height = 200;
  const bottom = 30;
  const left = 34;
  const max = Math.max(1, ...groups.map((group) => group.counts.started));
  const slot = (width - left) / Math.max(1, groups.length);
  const bar = Math.max(2, slot / 2 - 3);
  const scale = (value) => Math.round((value / max) * (height - bottom - 10));
  const every = Math.max(1, Math.ceil(groups.length / 6));
  return html`<figure class="weekly-chart">
    <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${label}>
      <line x1=${left} y1=${height - bottom} x2=${width} y2=${height - bottom} class="axis"></line>
      <text x="0" y="12" class="axis-label">${max}</text>
      <text x="0" y=${height - bottom} class="axis-label">0</text>
      ${groups.map((group, index) => {
        const x = left + index * slot + 2;
        const started = scale(group.counts.started);
        const booked = scale(group.counts.booked);
        return html`<g data-week=${group.key}>
          <rect x=${x} y=${height - bottom - started} width=${bar} height=${started} class="col-started"><title>${group.key}: ${group.counts.started}</title></rect>
          <rect x=${x + bar + 1} y=${height - bottom - booked} width=${bar} height=${booked} class="col-booked"><title>${group.key}: ${group.counts.booked}</title></rect>
          ${index % every === 0 && html`<text x=${x} y=${height - 10} class="axis-label">${(group.key ?? "").slice(5)}</text>`}
        </g>`;
      })}
    </svg>
    <figcaption><span class="swatch col-started"></span>${legend.started} <span class="swatch col-booked"></span>${legend.booked}</figcaption>
  </figure>`;
}
