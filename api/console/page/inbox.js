import { useNow } from "./live.js";
import { channelName, formatDuration, formatTime, html, languageName, personName, translate } from "./ui.js";

const VIEWS = ["waiting", "mine", "all"];

/** The lists: who waits (oldest first), mine, all the team's conversations. */
export function Inbox({ lang, view, setView, inbox, openId, onOpen }) {
  const t = (key, vars) => translate(lang, key, vars);
  const now = useNow();
  return html`
    <nav class="inbox" aria-label=${t("inbox")}>
      <div class="tabs" role="tablist">
        ${VIEWS.map(
          (name) => html`<button type="button" role="tab" aria-selected=${view === name} class=${view === name ? "tab active" : "tab"} onClick=${() => setView(name)} data-view=${name}>
            ${t(`view_${name}`)} <span class="count">${inbox.counts?.[name] ?? 0}</span>
          </button>`,
        )}
      </div>
      ${inbox.conversations.length === 0
        ? html`<p class="empty">${t(`empty_${view}`)}</p>`
        : html`<ul class="items">
            ${inbox.conversations.map((item) => html`<${InboxItem} key=${item.id} item=${item} lang=${lang} now=${now} active=${item.id === openId} onOpen=${onOpen} />`)}
          </ul>`}
    </nav>
  `;
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
        </span>
        ${item.lastText && html`<span class="preview" dir="auto">${item.lastText}</span>`}
      </button>
    </li>
  `;
}
