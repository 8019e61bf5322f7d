import { useState } from "preact/hooks";
import { clientId } from "./api.js";
import { cannedReplies, channelName, html, translate } from "./ui.js";
import { WindowNotice } from "./window-notice.js";

/**
 * Writing to the person (through the outbox, on their own channel) or a private note.
 * A failed send keeps the text and its id: sending again is carried out once.
 */
export function Composer({ lang, personLang, channel, personName, heldByOther, mine, onSend, messageWindow = null }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [mode, setMode] = useState("reply");
  const [text, setText] = useState("");
  const [pendingId, setPendingId] = useState(null);
  const [busy, setBusy] = useState(false);
  // WhatsApp's window closed: no free text to the person (a private note is still fine).
  const windowClosed = Boolean(messageWindow && !messageWindow.open);
  const replyBlocked = mode === "reply" && (heldByOther || windowClosed);
  const [pick, setPick] = useState(0);
  const slash = mode === "reply" ? slashQuery(text) : null;
  const choices = slash === null ? [] : filterCanned(cannedReplies(personLang), slash);

  async function send(event) {
    event?.preventDefault();
    const body = text.trim();
    if (!body || busy || replyBlocked) return;
    const id = pendingId ?? clientId();
    setPendingId(id);
    setBusy(true);
    try {
      await onSend(mode === "reply" ? "reply" : "notes", { text: body, clientMessageId: id });
      setText("");
      setPendingId(null);
    } catch {
      // The error is shown above; the text and its id stay for another try.
    } finally {
      setBusy(false);
    }
  }

  /** Puts a canned reply where `/…` was typed. */
  function insert(reply) {
    setText((current) => current.replace(SLASH_AT_END, (_, before) => `${before}${reply.text}`));
    setPick(0);
    setPendingId(null);
  }

  function onKey(event) {
    if (choices.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setPick((at) => (at + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        insert(choices[Math.min(pick, choices.length - 1)]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setText((current) => current.replace(SLASH_AT_END, (_, before) => before));
        return;
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void send(event);
    if (event.key === "Escape") event.currentTarget.blur();
  }

  const hint = replyBlocked ? t(heldByOther ? "heldByOtherHint" : "window:replyOff") : mode === "note" ? t("noteHint") : mine ? t("replyHint", { channel: channelName(lang, channel), name: personName }) : t("replyTakesOver", { name: personName });
  return html`
    <form class=${`composer mode-${mode}`} onSubmit=${send} data-composer>
      <div class="composer-tabs" role="tablist">
        <button type="button" role="tab" aria-selected=${mode === "reply"} class=${mode === "reply" ? "tab active" : "tab"} onClick=${() => setMode("reply")} data-mode="reply">${t("reply")}</button>
        <button type="button" role="tab" aria-selected=${mode === "note"} class=${mode === "note" ? "tab active" : "tab"} onClick=${() => setMode("note")} data-mode="note">${t("privateNote")}</button>
        ${mode === "reply" &&
        html`<select class="canned" aria-label=${t("canned")} value="" onChange=${(e) => {
          const chosen = e.currentTarget.value;
          if (chosen) setText((current) => (current ? `${current}\n${chosen}` : chosen));
          e.currentTarget.value = "";
        }} data-canned>
          <option value="">${t("canned")}</option>
          ${cannedReplies(personLang).map((reply) => html`<option value=${reply.text}>${reply.text.slice(0, 60)}</option>`)}
        </select>`}
      </div>
      ${choices.length > 0 &&
      html`<ul class="canned-pop" role="listbox" aria-label=${t("canned")} data-canned-pop>
        ${choices.map(
          (reply, at) => html`<li role="option" aria-selected=${at === Math.min(pick, choices.length - 1)} class=${at === Math.min(pick, choices.length - 1) ? "picked" : ""} onMouseDown=${(e) => (e.preventDefault(), insert(reply))} dir="auto" data-canned-option=${reply.key}>${reply.text}</li>`,
        )}
      </ul>`}
      ${mode === "reply" && !heldByOther && html`<${WindowNotice} lang=${lang} messageWindow=${messageWindow} onSend=${onSend} />`}
      <textarea dir="auto" rows="3" maxlength="4000" value=${text} onInput=${(e) => {
        setText(e.currentTarget.value);
        setPendingId(null);
        setPick(0);
      }} onKeyDown=${onKey} placeholder=${mode === "reply" ? t("replyPlaceholderSlash") : t("notePlaceholder")} aria-keyshortcuts="r" disabled=${replyBlocked} data-input></textarea>
      <div class="composer-foot">
        <span class="muted small">${hint}</span>
        <button type="submit" class="primary" disabled=${busy || replyBlocked || text.trim() === ""} data-send>${mode === "reply" ? t("send") : t("addNote")}</button>
      </div>
    </form>
  `;
}

/** `/` at the start or after a space, then the words typed since: the canned replies' filter. */
const SLASH_AT_END = /(^|\s)\/([^\s/]*)$/u;

function slashQuery(text) {
  const match = SLASH_AT_END.exec(text);
  return match ? match[2] : null;
}

const fold = (value) => value.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u0652]/g, "").toLowerCase();

/** Canned replies whose name or words contain what was typed after `/` (accents and short vowels aside). */
function filterCanned(replies, query) {
  const wanted = fold(query);
  return replies.filter((reply) => fold(`${reply.key} ${reply.text}`).includes(wanted)).slice(0, 8);
}
