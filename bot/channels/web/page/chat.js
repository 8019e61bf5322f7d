// The web chat controller: a session token in localStorage, messages sent with an id the
// server dedupes on (so a retry never answers twice), replies from the POST response and
// from a live EventSource stream, both merged by message id and a catch-up cursor.

import { ApiError, createApi, newMessageId, storage } from "./chat-api.js";
import { isKnownLang } from "./chat-strings.js";
import { createStream } from "./chat-stream.js";
import { createView } from "./chat-view.js";

const TOKEN_KEY = "rafiq.webchat.token";
const LANG_KEY = "rafiq.webchat.lang";

const root = document.getElementById("rafiq");
const api = createApi(new URL(root.dataset.api || "api/v1/webchat/", document.baseURI));
const view = createView(root);
const form = root.querySelector("[data-composer]");
const input = root.querySelector("[data-input]");

let token = storage.get(TOKEN_KEY);
let cursor = 0; // the last bot message id shown: where catch-up and the stream resume
const seen = new Set();
let failed = null; // the last message that did not go out: re-sent with the same id
let inFlight = 0;
let restarted = false;

const savedLang = storage.get(LANG_KEY);
if (isKnownLang(savedLang)) view.applyLanguage(savedLang); // no flash of the wrong direction

function applyLanguage(reply) {
  if (!reply || !("lang" in reply)) return;
  if (isKnownLang(reply.lang)) storage.set(LANG_KEY, reply.lang);
  else storage.remove(LANG_KEY);
  view.applyLanguage(reply.lang, reply.dir);
}

function showBot(message) {
  if (!message || typeof message.id !== "number" || seen.has(message.id)) return;
  seen.add(message.id);
  cursor = Math.max(cursor, message.id);
  // A new question replaces the old one: its buttons would only get a "no longer active" reply.
  if (message.kind === "choices") view.closeChoices(null);
  view.addBot(message, choose);
}

function errorKey(error) {
  if (error instanceof ApiError && error.code === "text_too_long") return "tooLong";
  if (error instanceof ApiError && error.status === 429) return "tooFast";
  if (error instanceof ApiError && (error.code === "network" || error.status >= 500)) return "unreachable";
  return "failed";
}

/** Sends one message; on failure calls `undo` and offers Retry with the same message id. */
async function deliver(attempt) {
  view.showError(null);
  inFlight += 1;
  view.setTyping(true);
  try {
    const reply = await sendPatiently(attempt);
    failed = null;
    view.delivered(attempt.bubble);
    applyLanguage(reply);
    for (const message of reply.messages) showBot(message);
    return true;
  } catch (error) {
    attempt.undo?.();
    if (error instanceof ApiError && error.code === "invalid_token") return restart();
    failed = attempt;
    view.showError(errorKey(error), () => retry());
    return false;
  } finally {
    inFlight -= 1;
    view.setTyping(inFlight > 0);
  }
}

// While the server says its database is away (a blip: 503), the same message goes again by
// itself with the same id (the server answers it once), for about half a minute, before the
// page offers Retry. Without a network (the phone in a tunnel) the page says so at once and
// keeps the text, and a 429 is said at once too: sending again would not help.
const AUTO_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

async function sendPatiently(attempt) {
  for (let tries = 0; ; tries += 1) {
    try {
      return await api.send(token, attempt.id, attempt.fields);
    } catch (error) {
      const delay = AUTO_RETRY_DELAYS_MS[tries];
      if (!(error instanceof ApiError) || error.status !== 503 || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delay, (error.retryAfterSeconds ?? 0) * 1000)));
    }
  }
}

function retry() {
  const attempt = failed;
  if (!attempt || attempt.fields.start) return boot();
  if (attempt.fields.text !== undefined) return sendText(); // the text is back in the box
  return choose(attempt.choice, attempt.group, attempt.button);
}

function sendText() {
  const text = input.value;
  if (text.trim() === "") return;
  // The same text as the failed attempt keeps its id: if the server did get it, no double reply.
  const id = failed && failed.fields.text === text ? failed.id : newMessageId();
  input.value = "";
  resizeInput();
  view.closeChoices(null);
  const bubble = view.addUser(text);
  const undo = () => {
    view.remove(bubble);
    if (input.value === "") input.value = text;
    resizeInput();
  };
  return deliver({ id, fields: { text }, bubble, undo });
}

function choose(choice, group, button) {
  const id = failed && failed.fields.choice === choice.id ? failed.id : newMessageId();
  view.closeChoices(button);
  const bubble = view.addUser(choice.label);
  const undo = () => {
    view.remove(bubble);
    view.reopenChoices(group);
  };
  if (matchMedia("(pointer: fine)").matches) input.focus({ preventScroll: true });
  return deliver({ id, fields: { choice: choice.id }, bubble, undo, choice, group, button });
}

async function catchUp() {
  for (;;) {
    const page = await api.history(token, cursor);
    applyLanguage(page);
    for (const message of page.messages) showBot(message);
    cursor = Math.max(cursor, page.cursor);
    if (!page.more) return;
  }
}

/** The stored token was refused (corrupted storage): start over once with a new one. */
async function restart() {
  if (restarted) {
    view.showError("failed", () => location.reload());
    return false;
  }
  restarted = true;
  stream.close();
  token = null;
  storage.remove(TOKEN_KEY);
  return boot();
}

async function boot() {
  view.showError(null);
  try {
    if (!token) {
      token = await api.createSession();
      storage.set(TOKEN_KEY, token);
    } else {
      await catchUp();
    }
    // First visit (or nothing said yet): the start signal brings the language question at once.
    if (cursor === 0) {
      const payload = new URLSearchParams(location.search).get("start");
      const fields = payload && /^[\w.:-]{1,64}$/.test(payload) ? { start: true, payload } : { start: true };
      const id = failed && failed.fields.start ? failed.id : newMessageId();
      if (!(await deliver({ id, fields }))) return view.setStatus("offline");
    }
    stream.open();
  } catch (error) {
    if (error instanceof ApiError && error.code === "invalid_token") return restart();
    view.setStatus("offline");
    view.showError(errorKey(error), () => boot());
  }
}

const stream = createStream({
  url: () => api.streamUrl(token, cursor),
  onMessage: showBot,
  onStatus: (status) => view.setStatus(status),
  catchUp,
});

function resizeInput() {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight + 3, 140)}px`;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  sendText();
});
input.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter is a new line; never while an input method is composing.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendText();
  }
});
input.addEventListener("input", resizeInput);

boot();
