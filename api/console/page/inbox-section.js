// The inbox section: the lists beside the open conversation. It re-reads what it shows
// when the shell's live stream says conversations changed.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { Conversation } from "./conversation.js";
import { Inbox } from "./inbox.js";
import { html, translate } from "./ui.js";

export function InboxSection({ me, lang, path, navigate, live, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [view, setView] = useState("waiting");
  const [inbox, setInbox] = useState({ conversations: [], counts: { waiting: 0, mine: 0, all: 0 } });
  const openId = /^[0-9a-f-]{36}$/.test(path) ? path : null;
  const [refresh, setRefresh] = useState(0);
  const pending = useRef(null);

  const latest = useRef(0);
  // Read at call time: a refresh scheduled before a tab change must load the new tab.
  const viewNow = useRef(view);
  viewNow.current = view;
  const loadInbox = useCallback(async () => {
    // Answers may come back out of order (a tab change during a refresh): only the latest request's counts.
    const request = ++latest.current;
    try {
      const result = await api(`/api/v1/console/inbox?view=${viewNow.current}`);
      if (request === latest.current) setInbox(result);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onLoggedOut();
      else notify("networkError");
    }
  }, []);

  useEffect(() => void loadInbox(), [view]);

  // Several changes in a burst: one re-read.
  const scheduleRefresh = (ids) => {
    if (ids === null || (openId && ids.includes(openId))) setRefresh((n) => n + 1);
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void loadInbox(), 120);
  };
  useEffect(() => live.subscribe((ids) => scheduleRefresh(ids)), [openId]);
  useEffect(() => () => clearTimeout(pending.current), []);

  const open = (id) => navigate(id ?? "");

  return html`
    <div class=${`inbox-section ${openId ? "has-open" : ""}`}>
      <${Inbox} lang=${lang} view=${view} setView=${setView} inbox=${inbox} openId=${openId} onOpen=${open} />
      ${openId
        ? html`<${Conversation} key=${openId} id=${openId} me=${me} lang=${lang} refresh=${refresh} onClose=${() => open(null)} onChanged=${() => scheduleRefresh([openId])} />`
        : html`<section class="empty-pane"><p>${t("pickConversation")}</p></section>`}
    </div>
  `;
}
