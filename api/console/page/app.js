// The console: login, then the sections a role may use (the inbox for advisors; staff
// pages beside it). State lives on the server; pages re-read it when the live stream
// says something changed.
import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, setCsrfToken } from "./api.js";
import { useLive } from "./live.js";
import { Login } from "./login.js";
import { sectionsFor } from "./sections.js";
import { HelpOverlay, isTyping } from "./keys.js";
import { useNotice } from "./notice.js";
import { NoticeBanner, SettingsPanel } from "./settings.js";
import { LANGS, RTL, html, languageName, translate } from "./ui.js";

const LANG_KEY = "rafiq.console.lang";

function initialLang() {
  const saved = localStorage.getItem(LANG_KEY);
  return LANGS.includes(saved) ? saved : "fr";
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
    // Once logged in, the title counts who needs an answer (notice.js).
    if (!me) document.title = translate(lang, "title");
  }, [lang, me]);
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

/** `#/<section>/<path>`: which section is shown and what it has open. */
function routeFromHash() {
  const [section = "", ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return { section, path: rest.join("/") };
}

/**
 * The shell: the top bar with the sections this role may use, the live stream (one per
 * page, shared by the sections through `live.subscribe`), and the open section.
 */
function Console({ me, lang, picker, onLoggedOut }) {
  const t = (key, vars) => translate(lang, key, vars);
  const sections = sectionsFor(me.role);
  const [route, setRoute] = useState(routeFromHash);
  const [notice, setNotice] = useState(null);
  const listeners = useRef(new Set());
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  // null: reconnected, re-read everything; otherwise the ids of the conversations that changed.
  const broadcast = (ids) => listeners.current.forEach((listener) => listener(ids));
  const state = useLive((ids) => broadcast(ids), () => broadcast(null));
  const live = useMemo(() => ({ subscribe: (listener) => (listeners.current.add(listener), () => listeners.current.delete(listener)) }), []);

  const alerts = useNotice({ lang, live });
  const [panel, setPanel] = useState(null);
  // `?` anywhere but in a text field: the keyboard help; Escape closes what is open.
  useEffect(() => {
    const onKey = (event) => {
      if (event.key === "Escape" && panel) return setPanel(null);
      if (event.key === "?" && !isTyping(event)) {
        event.preventDefault();
        setPanel((open) => (open === "help" ? null : "help"));
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [panel]);

  const current = sections.find((section) => section.id === route.section) ?? sections[0];
  const navigate = (path) => {
    const hash = `#/${current.id}${path ? `/${path}` : ""}`;
    if (location.hash !== hash) location.hash = hash;
    setRoute(routeFromHash());
  };

  async function logout() {
    await api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
    setCsrfToken(null);
    onLoggedOut();
  }

  const Section = current.component;
  return html`
    <div class=${`console section-${current.id}`}>
      <header class="topbar">
        <strong class="brand">${t("title")}</strong>
        ${sections.length > 1 &&
        html`<nav class="sections" aria-label=${t("sections")}>
          ${sections.map(
            (section) => html`<a href=${`#/${section.id}`} class=${section === current ? "section-link active" : "section-link"} aria-current=${section === current ? "page" : undefined} data-section=${section.id}>${t(section.label)}</a>`,
          )}
        </nav>`}
        <span class=${`live live-${state}`} data-live=${state}>${t(`live_${state}`)}</span>
        ${alerts.count > 0 && html`<a class="waiting-count" href="#/c" title=${t("needAnswer")} data-title-count=${alerts.count}>${alerts.count}</a>`}
        <span class="me">${me.name} · ${t(`role_${me.role}`)}</span>
        ${picker}
        <button type="button" class="link icon" onClick=${() => setPanel(panel === "settings" ? null : "settings")} aria-label=${t("settings")} title=${t("settings")} data-open-settings>⚙</button>
        <button type="button" class="link icon" onClick=${() => setPanel(panel === "help" ? null : "help")} aria-label=${t("keysHelp")} title=${t("keysHelp")} data-open-help>?</button>
        <button type="button" class="link" onClick=${logout}>${t("logout")}</button>
      </header>
      <${NoticeBanner} lang=${lang} notice=${alerts} />
      ${panel === "settings" && html`<${SettingsPanel} lang=${lang} notice=${alerts} onClose=${() => setPanel(null)} />`}
      ${panel === "help" && html`<${HelpOverlay} lang=${lang} onClose=${() => setPanel(null)} />`}
      ${notice && html`<p class="toast" role="alert" onClick=${() => setNotice(null)}>${t(notice)}</p>`}
      <main class="section-body">
        <${Section} key=${current.id} me=${me} lang=${lang} path=${current.id === route.section ? route.path : ""} navigate=${navigate} live=${live} onLoggedOut=${onLoggedOut} notify=${setNotice} />
      </main>
    </div>
  `;
}

render(html`<${App} />`, document.getElementById("console"));
