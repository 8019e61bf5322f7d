import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { Composer } from "./composer.js";
import { useInboxKeys } from "./keys.js";
import { Person } from "./person.js";
import { channelName, formatDuration, formatTime, html, personName, translate } from "./ui.js";

/** One conversation: who holds it and the actions on it, the whole history, the composer, the person beside. */
export function Conversation({ id, me, lang, refresh, onClose, onChanged }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const [advisors, setAdvisors] = useState([]);
  // On a phone or a tablet the person's panel takes the conversation's place, on demand.
  const [showPerson, setShowPerson] = useState(false);
  const supervises = me.role === "staff" || me.role === "admin";

  const latest = useRef(0);
  async function load() {
    const request = ++latest.current; // a slower, older answer never overwrites a newer one
    try {
      const result = await api(`/api/v1/console/conversations/${id}`);
      if (request !== latest.current) return;
      setDetail(result);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 403 ? t("forbidden") : caught instanceof ApiError && caught.status === 404 ? t("notFound") : t("networkError"));
    }
  }
  useEffect(() => void load(), [id, refresh]);
  useEffect(() => {
    if (supervises) api("/api/v1/console/advisors").then((result) => setAdvisors(result.advisors)).catch(() => {});
  }, [supervises, refresh]);

  /** Runs a write; a refusal (someone else took it) is shown in words, then the page re-reads. */
  async function act(path, body) {
    setError(null);
    try {
      const result = await api(`/api/v1/console/conversations/${id}/${path}`, { method: "POST", body });
      await load();
      onChanged();
      return result;
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : "network";
      setError(code === "already_taken" ? t("alreadyTaken", { name: caught.details?.holder?.name ?? "" }) : code === "network" ? t("networkError") : caught.message);
      await load();
      throw caught;
    }
  }

  const conversation = detail?.conversation;
  const mine = conversation?.status === "advisor" && conversation.assigneeId === me.id;
  const heldByOther = conversation?.status === "advisor" && !mine;
  const closed = conversation?.status === "closed";
  const canTake = conversation && !closed && !mine && !heldByOther;
  const canHandBack = conversation && (mine || (heldByOther && supervises) || conversation.status === "waiting");
  useInboxKeys({
    takeOver: () => canTake && void act("takeover").catch(() => {}),
    resolve: () => canHandBack && void act("resolve").catch(() => {}),
    reply: () => document.querySelector("[data-composer] [data-input]")?.focus(),
  });

  /** Takes a label off (a DELETE): the same refusal handling as `act`. */
  async function actDelete(path) {
    setError(null);
    try {
      await api(`/api/v1/console/conversations/${id}/${path}`, { method: "DELETE" });
      await load();
      onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError && caught.code !== "network" ? caught.message : t("networkError"));
      throw caught;
    }
  }

  if (!detail) return html`<section class="conversation"><p class="loading">${error ?? t("loading")}</p></section>`;
  const { person } = detail;
  const siteAdvisors = advisors.filter((advisor) => !conversation.siteId || advisor.siteIds.includes(conversation.siteId));

  return html`
    <section class=${`conversation ${showPerson ? "show-person" : ""}`} aria-label=${t("conversationWith", { name: personName(lang, person.firstName) })} data-open=${id} data-status=${conversation.status}>
      <header class="conversation-head">
        <button type="button" class="back link" onClick=${onClose} aria-label=${t("back")}>←</button>
        <div class="who">
          <h2><bdi>${personName(lang, person.firstName)}</bdi></h2>
          <p class="muted">
            ${channelName(lang, conversation.channel)}${conversation.siteName ? html` · <bdi>${conversation.siteName[lang] ?? conversation.siteName.fr}</bdi>` : ""}
            ${" · "}<span class=${`pill state-${conversation.status}`} data-state>${conversation.status === "advisor" ? t("withAdvisor", { name: conversation.assigneeName ?? "" }) : t(`status_${conversation.status}`)}</span>
          </p>
        </div>
        <div class="actions">
          <button type="button" class="person-toggle" aria-pressed=${showPerson} onClick=${() => setShowPerson(!showPerson)} data-person-toggle>${showPerson ? t("showConversation") : t("showPerson")}</button>
          ${canTake && html`<button type="button" class="primary" onClick=${() => act("takeover").catch(() => {})} data-action="takeover" aria-keyshortcuts="t">${t("takeOver")}</button>`}
          ${canHandBack &&
          html`<button type="button" onClick=${() => act("release").catch(() => {})} data-action="release">${t("release")}</button>
            <button type="button" onClick=${() => act("resolve").catch(() => {})} data-action="resolve" aria-keyshortcuts="d">${t("resolve")}</button>`}
          ${supervises && !closed && html`<label class="assign">${t("assignTo")}
            <select value=${conversation.assigneeId ?? ""} onChange=${(e) => act("assign", { advisorId: e.currentTarget.value || null }).catch(() => {})} data-action="assign">
              <option value="">${t("queue")}</option>
              ${siteAdvisors.map((advisor) => html`<option value=${advisor.id}>${advisor.name} (${advisor.open}/${advisor.capacity})</option>`)}
            </select>
          </label>`}
        </div>
      </header>
      ${error && html`<p class="error" role="alert" data-error>${error}</p>`}
      <${History} detail=${detail} lang=${lang} />
      ${closed
        ? html`<p class="closed-note">${t("closedErased")}</p>`
        : html`<${Composer} lang=${lang} personLang=${person.language ?? "fr"} channel=${conversation.channel} personName=${personName(lang, person.firstName)} heldByOther=${heldByOther} mine=${mine} onSend=${act} messageWindow=${detail.window ?? null} />`}
      <${Person} detail=${detail} lang=${lang} onLabel=${(label, on) => (on ? act("labels", { label }) : actDelete(`labels/${encodeURIComponent(label)}`)).catch(() => {})} />
    </section>
  `;
}

/** Messages, private notes and what happened (took over, handed back…) in one timeline. */
function History({ detail, lang }) {
  const t = (key, vars) => translate(lang, key, vars);
  const end = useRef(null);
  const items = [
    ...detail.messages.map((message) => ({ at: message.at, order: 0, key: `m${message.id}`, node: html`<${Bubble} message=${message} lang=${lang} />` })),
    ...detail.notes.map((note) => ({ at: note.at, order: 1, key: `n${note.id}`, node: html`<div class="note" data-note><span class="label">${t("note", { name: note.authorName ?? "" })}</span><p dir="auto">${note.text}</p></div>` })),
    ...detail.events.map((event) => ({ at: event.at, order: 2, key: `e${event.id}`, node: eventLine(event, detail.staff, lang) })),
  ]
    .filter((item) => item.node)
    .sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);
  useEffect(() => end.current?.scrollIntoView({ block: "end" }), [items.length]);
  return html`<ol class="history" role="log" aria-live="polite">
    ${items.map((item) => html`<li key=${item.key}>${item.node}</li>`)}
    <li ref=${end} class="end" aria-hidden="true"></li>
  </ol>`;
}

function Bubble({ message, lang }) {
  const t = (key, vars) => translate(lang, key, vars);
  const from =
    message.direction === "in" ? t("fromPerson") : message.author === "advisor" ? (message.authorName ?? t("advisor")) : message.author === "system" ? t("fromSystem") : t("fromBot");
  const text = message.text ?? (message.kind === "media" ? null : t("notKept"));
  return html`
    <div class=${`bubble ${message.direction} author-${message.author}`} data-message=${message.id} data-author=${message.author}>
      <span class="label"><bdi>${from}</bdi> · ${formatTime(lang, message.at)}${message.author === "advisor" && message.delivery ? html` · <span data-delivery=${message.delivery}>${t(`delivery_${message.delivery}`)}</span>` : ""}</span>
      ${message.kind === "media" ? html`<p class="muted">${t("media", { kind: message.text ?? "" })}</p>` : html`<p dir="auto" class=${message.text === null ? "muted" : ""}>${text}</p>`}
      ${message.kind === "choice" && html`<span class="muted small">${t("pressedButton")}</span>`}
      ${message.choices && html`<ul class="chips">${message.choices.map((label) => html`<li dir="auto">${label}</li>`)}</ul>`}
      ${message.url && html`<a href=${message.url} target="_blank" rel="noopener noreferrer">${message.url}</a>`}
    </div>
  `;
}

function eventLine(event, staff, lang) {
  const t = (key, vars) => translate(lang, key, vars);
  const name = event.actor.name ?? "";
  const nameOf = (staffId) => (staffId ? (staff[staffId] ?? "") : "");
  let text = null;
  switch (event.type) {
    case "handoff_requested":
      text = event.data.openNow ? t("evRequested") : t("evRequestedClosed");
      break;
    case "handoff_cancelled":
      text = t("evCancelled");
      break;
    case "assigned":
      text = event.data.assigneeId ? t(event.data.by === "auto" ? "evAssignedAuto" : "evAssigned", { name: nameOf(event.data.assigneeId), by: name }) : t("evUnassigned", { by: name });
      break;
    case "taken_over":
      text = t("evTakenOver", { name });
      break;
    case "advisor_replied":
      text = typeof event.data.firstResponseSeconds === "number" ? t("evFirstResponse", { duration: formatDuration(lang, event.data.firstResponseSeconds * 1000) }) : null;
      break;
    case "released":
      text = t("evReleased", { name });
      break;
    case "resolved":
      text = t("evResolved", { name });
      break;
    case "closed":
      text = t("evClosed");
      break;
    case "satisfaction_rated":
      text = t("evRated", { score: event.data.score });
      break;
    default:
      text = null;
  }
  return text && html`<p class="event" data-event=${event.type}><span>${text}</span> · ${formatTime(lang, event.at)}</p>`;
}
