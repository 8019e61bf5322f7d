// The advisor's own settings, from the top bar: desktop notifications (asked once), the
// sound, and their own Telegram or web chat linked with a one-time code, where Rafiq tells
// them someone waits while their console is closed (and staff get announcement test sends).
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { channelName, html, translate } from "./ui.js";

export function NoticeBanner({ lang, notice }) {
  const t = (key, vars) => translate(lang, key, vars);
  if (!notice.shouldAsk) return null;
  return html`<div class="notice-banner" role="region" aria-label=${t("notifications")} data-notice-banner>
    <span>${t("notificationsAsk")}</span>
    <button type="button" class="primary" onClick=${() => void notice.askPermission()} data-enable-notifications>${t("notificationsEnable")}</button>
    <button type="button" class="link" onClick=${notice.dismissAsk}>${t("notNow")}</button>
  </div>`;
}

export function SettingsPanel({ lang, notice, onClose }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [chat, setChat] = useState(undefined);
  const [code, setCode] = useState(null);
  const [error, setError] = useState(null);
  const load = () => api("/api/v1/console/me/chat").then((result) => setChat(result.linked), () => setError(t("networkError")));
  useEffect(() => void load(), []);
  // While a code is shown, look now and then whether it was used.
  useEffect(() => {
    if (!code) return undefined;
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [code]);
  useEffect(() => {
    if (chat) setCode(null);
  }, [chat]);

  async function newCode() {
    try {
      setCode(await api("/api/v1/console/me/link-code", { method: "POST", body: {} }));
    } catch {
      setError(t("networkError"));
    }
  }
  async function unlink() {
    await api("/api/v1/console/me/chat", { method: "DELETE" }).catch(() => setError(t("networkError")));
    await load();
  }
  const permissionText = notice.permission === "granted" ? t("notificationsOn") : notice.permission === "denied" ? t("notificationsBlocked") : notice.permission === "unsupported" ? t("notificationsUnsupported") : null;
  return html`<div class="settings-panel" role="dialog" aria-label=${t("settings")} data-settings>
    <header><h2>${t("settings")}</h2><button type="button" class="link" onClick=${onClose} aria-label=${t("close")}>×</button></header>
    <section>
      <h3>${t("notifications")}</h3>
      ${permissionText ? html`<p class="muted small">${permissionText}</p>` : html`<button type="button" onClick=${() => void notice.askPermission()} data-enable-notifications>${t("notificationsEnable")}</button>`}
      <label class="check"><input type="checkbox" checked=${notice.sound} onChange=${(e) => notice.setSound(e.currentTarget.checked)} data-sound /> ${t("soundOn")}</label>
    </section>
    <section data-own-chat>
      <h3>${t("ownChat")}</h3>
      <p class="muted small">${t("ownChatHelp")}</p>
      ${error && html`<p class="error">${error}</p>`}
      ${chat === undefined
        ? html`<p class="muted small">${t("loading")}</p>`
        : chat
          ? html`<p data-linked=${chat.channel}>${t("ownChatLinked", { channel: channelName(lang, chat.channel) })}</p>
              <button type="button" onClick=${unlink} data-unlink>${t("ownChatUnlink")}</button>`
          : code
            ? html`<p>${t("ownChatSend")}</p><p class="link-code" dir="ltr" data-link-code>${code.code}</p><p class="muted small">${t("ownChatExpires")}</p>`
            : html`<button type="button" onClick=${newCode} data-new-code>${t("ownChatGetCode")}</button>`}
    </section>
  </div>`;
}
