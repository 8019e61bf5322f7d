// Draws the conversation. Text from people and from the bot is only ever inserted with
// textContent / text nodes, never parsed as HTML, so no message can inject markup.

import { dirFor, htmlLangFor, stringsFor } from "./chat-strings.js";

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
// A run of Latin words and numbers ("Learning Center", "09-08", "Minassati") with inner
// punctuation, commas between words included: «Salam hamza, chno bghiti t3ref 3la
// Minassati?» is one left-to-right sentence inside an Arabic message, not two runs the
// Arabic order would swap. Its closing «?» or «!» goes with it; a lone trailing dot or
// comma stays with the Arabic sentence around it.
const LATIN_WORD = "[A-Za-z0-9\\u00C0-\\u024F]+(?:[\\u2019'.:/@&+_-][A-Za-z0-9\\u00C0-\\u024F]+)*";
const LATIN_RUN = new RegExp(`${LATIN_WORD}(?:[,;:]?[ \\u00A0]+${LATIN_WORD})*(?:[?!]+(?=\\s|$))?`, "g");

function el(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** One paragraph; in Arabic text, Latin fragments are isolated in <bdi> so they do not scramble. */
function paragraph(text) {
  const p = el("p", "", { dir: "auto" });
  if (!ARABIC.test(text)) {
    p.textContent = text;
    return p;
  }
  let last = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    if (match.index > last) p.append(document.createTextNode(text.slice(last, match.index)));
    // A single short token ("09-08", "UM6P") stays on one line; phrases may still wrap.
    const bdi = el("bdi", /\s/.test(match[0]) || match[0].length > 24 ? "" : "rafiq-nowrap", { dir: "ltr" });
    bdi.textContent = match[0];
    p.append(bdi);
    last = match.index + match[0].length;
  }
  if (last < text.length) p.append(document.createTextNode(text.slice(last)));
  return p;
}

function fillText(bubble, text) {
  // A blank line starts a new paragraph, each with its own direction (the first welcome
  // is in French, Arabic and Darija at once).
  for (const part of String(text).split(/\n{2,}/)) bubble.append(paragraph(part));
}

function safeUrl(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function createView(root) {
  const log = root.querySelector("[data-log]");
  const typing = root.querySelector("[data-typing]");
  const alert = root.querySelector("[data-alert]");
  const alertText = root.querySelector("[data-alert-text]");
  const status = root.querySelector("[data-status]");
  const statusText = root.querySelector("[data-status-text]");
  const input = root.querySelector("[data-input]");
  const sendButton = root.querySelector("[data-send]");
  let strings = stringsFor("fr");
  let statusKey = "connecting";

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function append(node) {
    const nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    log.append(node);
    if (nearEnd || node.classList.contains("rafiq-msg-user")) scrollToEnd();
  }

  return {
    /** Adds a bot message; `onChoose(choice, group)` is called when one of its buttons is tapped. */
    addBot(message, onChoose) {
      const fromAdvisor = message.kind === "advisor";
      const bubble = el("div", fromAdvisor ? "rafiq-msg rafiq-msg-bot rafiq-msg-advisor" : "rafiq-msg rafiq-msg-bot", { "data-id": String(message.id) });
      // A person wrote this one: their first name on top, so nobody mistakes it for the bot.
      if (fromAdvisor && message.sender) {
        const sender = el("p", "rafiq-sender", { dir: "auto" });
        sender.textContent = message.sender;
        bubble.append(sender);
      }
      fillText(bubble, message.text);
      if (message.kind === "choices" && Array.isArray(message.choices)) {
        const group = el("div", "rafiq-choices", { role: "group" });
        for (const choice of message.choices) {
          const button = el("button", "rafiq-choice", { type: "button", dir: "auto", "data-choice": choice.id });
          button.textContent = choice.label;
          button.addEventListener("click", () => onChoose(choice, group, button));
          group.append(button);
        }
        bubble.append(group);
      } else if (message.kind === "link") {
        const href = safeUrl(message.url);
        if (href) {
          const link = el("a", "rafiq-link", { href, target: "_blank", rel: "noopener noreferrer", dir: "auto" });
          link.textContent = message.linkLabel || href;
          bubble.append(link);
        }
      }
      append(bubble);
      return bubble;
    },
    addUser(text) {
      const bubble = el("div", "rafiq-msg rafiq-msg-user is-pending");
      fillText(bubble, text);
      append(bubble);
      return bubble;
    },
    delivered(bubble) {
      bubble?.classList.remove("is-pending");
    },
    remove(bubble) {
      bubble?.remove();
    },
    /** Answered questions keep their buttons, greyed, with the chosen one marked. */
    closeChoices(chosen) {
      for (const button of log.querySelectorAll(".rafiq-choice:not(:disabled)")) {
        button.disabled = true;
        if (button === chosen) button.setAttribute("aria-pressed", "true");
      }
    },
    reopenChoices(group) {
      for (const button of group.querySelectorAll(".rafiq-choice")) {
        button.disabled = false;
        button.removeAttribute("aria-pressed");
      }
    },
    setTyping(on) {
      typing.hidden = !on;
      if (on) scrollToEnd();
    },
    showError(key, onRetry) {
      if (!key) {
        alert.hidden = true;
        return;
      }
      alertText.textContent = strings[key] || strings.failed;
      alert.querySelector("[data-retry]").onclick = onRetry;
      alert.hidden = false;
    },
    setStatus(key) {
      statusKey = key;
      status.dataset.status = key;
      statusText.textContent = strings[key];
    },
    /** Sets lang and dir on <html>: the whole page, bubbles and buttons mirror for Arabic and Darija. */
    applyLanguage(lang, dir) {
      strings = stringsFor(lang);
      document.documentElement.lang = htmlLangFor(lang);
      document.documentElement.dir = dir || dirFor(lang);
      for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = strings[node.dataset.i18n];
      input.placeholder = strings.placeholder;
      sendButton.setAttribute("aria-label", strings.send);
      log.setAttribute("aria-label", strings.log);
      statusText.textContent = strings[statusKey];
      document.title = lang === "fr" || !lang ? "Rafiq — رفيق" : "رفيق — Rafiq";
    },
  };
}
