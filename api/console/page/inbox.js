import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { useNow } from "./live.js";
import { LANGS, channelName, formatDuration, formatTime, html, languageName, personName, translate } from "./ui.js";

const VIEWS = ["waiting", "mine", "all"];
const CHANNELS = ["web", "telegram", "whatsapp"];
const STATUSES = ["bot", "waiting", "advisor", "closed"];
const SITE_LANG = { fr: "fr", ar: "ar", ary: "ary" };

/** The lists: who waits (oldest first), mine, all the team's conversations; or what a search finds. */
export function Inbox({ me, lang, view, setView, inbox, openId, onOpen, search, setSearch, found }) {
  const t = (key, vars) => translate(lang, key, vars);
  const now = useNow();
  const items = found ?? inbox.conversations;
  return html`
    <nav class="inbox" aria-label=${t("inbox")}>
      <${SearchBar} me=${me} lang=${lang} search=${search} setSearch=${setSearch} />
      ${found === null &&
      html`<div class="tabs" role="tablist">
        ${VIEWS.map(
          (name) => html`<button type="button" role="tab" aria-selected=${view === name} class=${view === name ? "tab active" : "tab"} onClick=${() => setView(name)} data-view=${name}>
            ${t(`view_${name}`)} <span class="count">${inbox.counts?.[name] ?? 0}</span>
          </button>`,
        )}
      </div>`}
      ${found !== null && html`<p class="search-count muted small" aria-live="polite" data-search-count=${found.length} data-search-for=${found.query ?? ""}>${t("searchFound", { count: found.length })}</p>`}
      ${items.length === 0
        ? html`<p class="empty">${found !== null ? t("searchNothing") : t(`empty_${view}`)}</p>`
        : html`<ul class="items">
            ${items.map((item) => html`<${InboxItem} key=${item.id} item=${item} lang=${lang} now=${now} active=${item.id === openId} onOpen=${onOpen} />`)}
          </ul>`}
    </nav>
  `;
}

/** Words (name, phone, what was written) and filters: site, language, channel, status, label, who holds it. */
function SearchBar({ me, lang, search, setSearch }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState({ sites: [], labels: [], advisors: [] });
  useEffect(() => {
    if (!open) return;
    Promise.all([
      api(`/api/v1/sites?lang=${SITE_LANG[lang]}`).catch(() => ({ sites: [] })),
      api("/api/v1/console/labels").catch(() => ({ labels: [] })),
      api("/api/v1/console/advisors").catch(() => ({ advisors: [] })),
    ]).then(([sites, labels, advisors]) => setOptions({ sites: sites.sites, labels: labels.labels, advisors: advisors.advisors }));
  }, [open, lang]);
  const set = (key) => (event) => setSearch({ ...search, [key]: event.currentTarget.value });
  const filtered = Object.entries(search).filter(([key, value]) => key !== "q" && value !== "").length;
  const select = (key, label, choices) => html`<label class="filter">${label}
    <select value=${search[key]} onChange=${set(key)} data-filter=${key}>
      <option value="">${t("filterAny")}</option>
      ${choices.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
    </select>
  </label>`;
  return html`<div class="search" role="search" data-search>
    <div class="search-row">
      <input type="search" value=${search.q} onInput=${set("q")} placeholder=${t("searchPlaceholder")} aria-label=${t("search")} dir="auto" maxlength="200" />
      <button type="button" class=${`link filters-toggle ${filtered ? "on" : ""}`} aria-expanded=${open} onClick=${() => setOpen(!open)} data-filters-toggle>${t("filters")}${filtered ? ` (${filtered})` : ""}</button>
    </div>
    ${open &&
    html`<div class="filters" data-filters>
      ${select("site", t("filterSite"), options.sites.map((site) => [site.id, site.name]))}
      ${select("language", t("language"), LANGS.map((code) => [code, languageName(lang, code)]))}
      ${select("channel", t("filterChannel"), CHANNELS.map((channel) => [channel, channelName(lang, channel)]))}
      ${select("status", t("filterStatus"), STATUSES.map((status) => [status, t(`status_${status}`)]))}
      ${select("label", t("filterLabel"), options.labels.map((entry) => [entry.label, `${entry.label} (${entry.people})`]))}
      ${select("assignee", t("filterAssignee"), [["me", t("assigneeMe", { name: me.name })], ["none", t("unassigned")], ...options.advisors.filter((advisor) => advisor.id !== me.id).map((advisor) => [advisor.id, advisor.name])])}
      <button type="button" class="link" onClick=${() => setSearch({ ...search, site: "", language: "", channel: "", status: "", label: "", assignee: "" })}>${t("filtersClear")}</button>
    </div>`}
  </div>`;
}

function InboxItem({ item, lang, now, active, onOpen }) {
  const t = (key, vars) => translate(lang, key, vars);
  const waiting = item.status === "waiting" && item.waitingSince;
  return html`
    <li>
      <button type="button" class=${`item ${active ? "active" : ""} status-${item.status}`} onClick=${() => onOpen(item.id)} data-conversation=${item.id}>
        <span class="item-head">
          <bdi class="name">${personName(lang, item.person.firstName)}</bdi>
          ${item.unanswered > 0 && html`<span class="badge" title=${t("unanswered")}>${item.unanswered}</span>`}
          <span class="when">${waiting ? t("waitingFor", { duration: formatDuration(lang, now - Date.parse(item.waitingSince)) }) : formatTime(lang, item.lastMessageAt)}</span>
        </span>
        <span class="item-meta">
          <span class="pill">${channelName(lang, item.channel)}</span>
          <span class="pill">${languageName(lang, item.person.language)}</span>
          <span class=${`pill state-${item.status}`}>${item.status === "advisor" ? t("withAdvisor", { name: item.assignee?.name ?? "" }) : t(`status_${item.status}`)}</span>
          ${item.status === "waiting" && html`<span class="assignee">${item.assignee ? t("assignedTo", { name: item.assignee.name }) : t("unassigned")}</span>`}
          ${(item.labels ?? []).map((label) => html`<span class="pill label-pill" dir="auto">${label}</span>`)}
        </span>
        ${(item.matchedText ?? item.lastText) && html`<span class=${`preview ${item.matchedText ? "matched" : ""}`} dir="auto" data-matched=${item.matchedText ? "" : undefined}>${item.matchedText ?? item.lastText}</span>`}
      </button>
    </li>
  `;
}
