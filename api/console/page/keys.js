// The keyboard: `j`/`k` (or ↓/↑) move through the list, `t` takes over, `d` resolves
// (done), `r` goes to the reply box, `/` to the search, `?` shows this help. Keys are
// ignored while typing in a field, except Ctrl+Enter (send) and `/` (canned replies)
// in the reply box.
import { useEffect, useRef } from "preact/hooks";
import { html, translate } from "./ui.js";

export const KEYS = [
  ["j / ↓", "keyNext"],
  ["k / ↑", "keyPrevious"],
  ["t", "keyTakeOver"],
  ["d", "keyResolve"],
  ["r", "keyReply"],
  ["/", "keySearch"],
  ["Ctrl + Enter", "keySend"],
  ["/…", "keyCanned"],
  ["Esc", "keyEscape"],
  ["?", "keyHelp"],
];

/** A key typed into a field is text, not a command. */
export function isTyping(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Calls `handlers[name]` for the inbox's keys, outside text fields and without modifiers. */
export function useInboxKeys(handlers) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      const name = { j: "next", ArrowDown: "next", k: "previous", ArrowUp: "previous", t: "takeOver", d: "resolve", r: "reply", "/": "search" }[event.key];
      const handler = name && current.current[name];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
}

export function HelpOverlay({ lang, onClose }) {
  const t = (key) => translate(lang, key);
  return html`<div class="overlay" role="dialog" aria-modal="true" aria-label=${t("keysHelp")} onClick=${(e) => e.target === e.currentTarget && onClose()} data-help>
    <div class="overlay-card">
      <header><h2>${t("keysHelp")}</h2><button type="button" class="link" onClick=${onClose} aria-label=${t("close")}>×</button></header>
      <dl class="keys">${KEYS.map(([key, label]) => html`<dt><kbd dir="ltr">${key}</kbd></dt><dd>${t(label)}</dd>`)}</dl>
    </div>
  </div>`;
}
