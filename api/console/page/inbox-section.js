// The inbox section: the lists (or a search) beside the open conversation. It re-reads
// what it shows when the shell's live stream says conversations changed.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { Conversation } from "./conversation.js";
import { Inbox } from "./inbox.js";
import { useInboxKeys } from "./keys.js";
import { html, translate } from "./ui.js";

export const EMPTY_SEARCH = { q: "", site: "", language: "", channel: "", status: "", label: "", assignee: "" };
const SEARCH_DELAY_MS = 250;

export function InboxSection({ me, lang, path, navigate, live, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [view, setView] = useState("waiting");
  const [inbox, setInbox] = useState({ conversations: [], counts: { waiting: 0, mine: 0, all: 0 } });
  const [search, setSearch] = useState(EMPTY_SEARCH);
  const [found, setFound] = useState(null);
  const openId = /^[0-9a-f-]{36}$/.test(path) ? path : null;
  const [refresh, setRefresh] = useState(0);
  const pending = useRef(null);
  const searching = Object.values(search).some((value) => value.trim() !== "");

  const latest = useRef(0);
  // Read at call time: a refresh scheduled before a tab change must load the new tab.
  const viewNow = useRef(view);
  viewNow.current = view;
  const searchNow = useRef(search);
  searchNow.current = search;
  const loadInbox = useCallback(async () => {
    // Answers may come back out of order (a tab change during a refresh): only the latest request's counts.
    const request = ++latest.current;
    try {
      const filters = Object.entries(searchNow.current).filter(([, value]) => value.trim() !== "");
      const [result, results] = await Promise.all([
        api(`/api/v1/console/inbox?view=${viewNow.current}`),
        filters.length > 0 ? api(`/api/v1/console/search?${new URLSearchParams(filters)}`) : Promise.resolve(null),
      ]);
      if (request !== latest.current) return;
      setInbox(result);
      // Which words these results answer: a slow answer never passes for a later search's.
      setFound(results ? Object.assign(results.conversations, { query: searchNow.current.q }) : null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onLoggedOut();
      else notify("networkError");
    }
  }, []);

  useEffect(() => void loadInbox(), [view]);
  // Typing in the search: one request once the keys stop.
  useEffect(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void loadInbox(), SEARCH_DELAY_MS);
  }, [JSON.stringify(search)]);

  // Several changes in a burst: one re-read.
  const scheduleRefresh = (ids) => {
    if (ids === null || (openId && ids.includes(openId))) setRefresh((n) => n + 1);
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void loadInbox(), 120);
  };
  useEffect(() => live.subscribe((ids) => scheduleRefresh(ids)), [openId]);
  useEffect(() => () => clearTimeout(pending.current), []);

  const open = (id) => navigate(id ?? "");
  const shown = searching ? (found ?? []) : inbox.conversations;
  const move = (step) => {
    if (shown.length === 0) return;
    const at = shown.findIndex((item) => item.id === openId);
    const next = shown[at === -1 ? (step > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, at + step))];
    if (next) open(next.id);
  };
  useInboxKeys({
    next: () => move(1),
    previous: () => move(-1),
    search: () => document.querySelector("[data-search] input[type=search]")?.focus(),
  });

  return html`
    <div class=${`inbox-section ${openId ? "has-open" : ""}`}>
      <${Inbox} me=${me} lang=${lang} view=${view} setView=${setView} inbox=${inbox} openId=${openId} onOpen=${open} search=${search} setSearch=${setSearch} found=${searching ? found : null} />
      ${openId
        ? html`<${Conversation} key=${openId} id=${openId} me=${me} lang=${lang} refresh=${refresh} onClose=${() => open(null)} onChanged=${() => scheduleRefresh([openId])} />`
        : html`<section class="empty-pane"><p>${t("pickConversation")}</p></section>`}
    </div>
  `;
}
