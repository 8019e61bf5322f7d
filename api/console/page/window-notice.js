import { useState } from "preact/hooks";
import { clientId } from "./api.js";
import { html, translate } from "./ui.js";

const TIME_ZONE = "Africa/Casablanca";
const LOCALE = { fr: "fr-MA", ar: "ar-MA", ary: "ar-MA" };

/** A day and time in the console's language, Casablanca time. */
function when(lang, iso) {
  return new Intl.DateTimeFormat(LOCALE[lang] ?? "fr-MA", { timeZone: TIME_ZONE, weekday: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/**
 * WhatsApp's 24-hour window as the server decided it (bot/conversation/message-window.ts):
 * open until when, or closed — then free text is off and the «your advisor answered»
 * template is offered instead. `window` is null on channels without one.
 */
export function WindowNotice({ lang, messageWindow, onSend }) {
  const t = (key, vars) => translate(lang, `window:${key}`, vars);
  const [pendingId, setPendingId] = useState(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!messageWindow) return null;
  if (messageWindow.open) return html`<p class="muted small" data-window="open">${t("open", { until: when(lang, messageWindow.closesAt) })}</p>`;

  async function notify() {
    const id = pendingId ?? clientId();
    setPendingId(id);
    setBusy(true);
    try {
      await onSend("notify", { clientMessageId: id });
      setSent(true);
    } catch {
      // The error is shown above; the same id makes a second click carry it out once.
    } finally {
      setBusy(false);
    }
  }

  return html`<div class="window-closed" data-window="closed">
    <p class="small">${messageWindow.closesAt ? t("closed", { since: when(lang, messageWindow.closesAt) }) : t("never")}</p>
    <p class="muted small">${sent ? t("templateSent") : t("templateHint")}</p>
    <button type="button" class="primary" disabled=${busy} onClick=${notify} data-action="notify">${t("sendTemplate")}</button>
  </div>`;
}
