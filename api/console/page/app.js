// The advisor console: login, then the inbox beside the open conversation and what we
// know about the person. State lives on the server; this page re-reads it when the live
// stream says something changed.
import { render } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, setCsrfToken } from "./api.js";
import { Conversation } from "./conversation.js";
import { Inbox } from "./inbox.js";
import { useLive } from "./live.js";
import { Login } from "./login.js";
import { LANGS, RTL, html, languageName, translate } from "./ui.js";

const LANG_KEY = "rafiq.console.lang";

function initialLang() {
  const saved = localStorage.getItem(LANG_KEY);
  return LANGS.includes(saved) ? saved : "fr";
}

function openFromHash() {
  const match = /^#\/c\/([0-9a-f-]{36})$/.exec(location.hash);
  return match ? match[1] : null;
}

function LanguagePicker({ lang, setLang }) {
  return html`<select class="lang-picker" aria-label=${translate(lang, "language")} value=${lang} onChange=${(e) => setLang(e.currentTarget.value)} data-console-lang>
    ${LANGS.map((code) => html`<option value=${code}>${languageName(code, code)}</option>`)}
  </select>`;
}

function App() {
  const [lang, setLangState] = useState(initialLang);
  const [me, setMe] = useState(undefined);
  const setLang = (code) => {
    localStorage.setItem(LANG_KEY, code);
    setLangState(code);
  };
  useEffect(() => {
    document.documentElement.lang = lang === "ary" ? "ar-MA" : lang;
    document.documentElement.dir = RTL.has(lang) ? "rtl" : "ltr";
    document.title = translate(lang, "title");
  }, [lang]);
  useEffect(() => {
    api("/api/v1/auth/session")
      .then((result) => {
        setCsrfToken(result.csrfToken);
        setMe(result.user);
      })
      .catch(() => setMe(null));
  }, []);

  const picker = html`<${LanguagePicker} lang=${lang} setLang=${setLang} />`;
  if (me === undefined) return html`<p class="loading">${translate(lang, "loading")}</p>`;
  if (me === null) return html`<${Login} lang=${lang} onLoggedIn=${setMe} languagePicker=${picker} />`;
  return html`<${Console} me=${me} lang=${lang} picker=${picker} onLoggedOut=${() => setMe(null)} />`;
}

function Console({ me, lang, picker, onLoggedOut }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [view, setView] = useState("waiting");
  const [inbox, setInbox] = useState({ conversations: [], counts: { waiting: 0, mine: 0, all: 0 } });
  const [openId, setOpenId] = useState(openFromHash);
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState(null);
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
      else setNotice("networkError");
    }
  }, []);

  useEffect(() => void loadInbox(), [view]);
  useEffect(() => {
    const onHash = () => setOpenId(openFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  // Several changes in a burst: one re-read.
  const scheduleRefresh = (ids) => {
    if (ids === null || (openId && ids.includes(openId))) setRefresh((n) => n + 1);
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void loadInbox(), 120);
  };
  const live = useLive((ids) => scheduleRefresh(ids), () => scheduleRefresh(null));

  function open(id) {
    location.hash = id ? `#/c/${id}` : "";
    setOpenId(id);
  }

  async function logout() {
    await api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
    setCsrfToken(null);
    onLoggedOut();
  }

  return html`
    <div class=${`console ${openId ? "has-open" : ""}`}>
      <header class="topbar">
        <strong class="brand">${t("title")}</strong>
        <span class=${`live live-${live}`} data-live=${live}>${t(`live_${live}`)}</span>
        <span class="me">${me.name} · ${t(`role_${me.role}`)}</span>
        ${picker}
        <button type="button" class="link" onClick=${logout}>${t("logout")}</button>
      </header>
      ${notice && html`<p class="toast" role="alert" onClick=${() => setNotice(null)}>${t(notice)}</p>`}
      <${Inbox} lang=${lang} view=${view} setView=${setView} inbox=${inbox} openId=${openId} onOpen=${open} />
      ${openId
        ? html`<${Conversation} key=${openId} id=${openId} me=${me} lang=${lang} refresh=${refresh} onClose=${() => open(null)} onChanged=${() => scheduleRefresh([openId])} />`
        : html`<section class="empty-pane"><p>${t("pickConversation")}</p></section>`}
    </div>
  `;
}

render(html`<${App} />`, document.getElementById("console"));
