// Announcements, for programme staff: the list, a form (texts in three languages, a
// button, who it is for with a live count, a preview per language), then the delivery
// report. Every write goes through /api/v1/admin/broadcasts.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { LANGS, RTL, channelName, verdictName, formatDateTime, html, languageName, provinces, regions, translate } from "./ui.js";

const ACTIONS = ["eligibility", "book", "programs", "project"];
const CHANNELS = ["web", "telegram", "whatsapp"];
const GENDERS = ["female", "male"];
const VERDICTS = ["eligible", "unknown", "not_eligible"];
/** How often a report re-reads its figures while the announcement is going out. */
const REPORT_REFRESH_MS = 2_000;
const EMPTY = { title: "", texts: { fr: "", ar: "", ary: "" }, action: null, segment: {} };

export function BroadcastsSection({ lang, path, navigate, notify, onLoggedOut }) {
  const t = (key, vars) => translate(lang, `broadcasts:${key}`, vars);
  const [list, setList] = useState(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);
  useEffect(() => {
    api("/api/v1/admin/broadcasts")
      .then((result) => setList(result.broadcasts))
      .catch((error) => (error instanceof ApiError && error.status === 401 ? onLoggedOut() : notify("networkError")));
  }, [version]);
  // While one is scheduled or going out, the list follows its figures as the report does.
  const going = (list ?? []).some((item) => item.status === "scheduled" || item.status === "sending");
  useEffect(() => {
    if (!going) return undefined;
    const timer = setInterval(reload, REPORT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [going]);
  // The open report's figures are the list's too: one reading, shown in both places.
  const onLoaded = (broadcast) => setList((current) => (current ?? []).map((item) => (item.id === broadcast.id ? { ...item, ...broadcast } : item)));

  const open = path === "new" ? "new" : /^[0-9a-f-]{36}$/.test(path) ? path : null;
  return html`
    <div class=${`staff-section ${open ? "has-open" : ""}`} data-broadcasts>
      <nav class="staff-list" aria-label=${t("title")}>
        <div class="staff-list-head">
          <h2>${t("title")}</h2>
          <button type="button" class="primary" onClick=${() => navigate("new")} data-new-broadcast>${t("new")}</button>
        </div>
        ${list === null
          ? html`<p class="loading">${translate(lang, "loading")}</p>`
          : list.length === 0
            ? html`<p class="empty">${t("none")}</p>`
            : html`<ul class="items">
                ${list.map(
                  (item) => html`<li key=${item.id}>
                    <button type="button" class=${`item ${item.id === open ? "active" : ""}`} onClick=${() => navigate(item.id)} data-broadcast=${item.id}>
                      <span class="item-head"><bdi class="name">${item.title}</bdi><span class="when">${formatDateTime(lang, item.scheduledAt ?? item.createdAt)}</span></span>
                      <span class="item-meta">
                        <span class=${`pill broadcast-${item.status}`}>${t(`status_${item.status}`)}</span>
                        ${item.stats && item.status !== "draft" && html`<span class="muted" data-list-sent=${item.stats.sent}>${t("sentOf", { sent: item.stats.sent, total: item.stats.recipients })}</span>`}
                      </span>
                    </button>
                  </li>`,
                )}
              </ul>`}
      </nav>
      ${open === "new"
        ? html`<${Editor} key="new" lang=${lang} initial=${EMPTY} onSaved=${(id) => (reload(), navigate(id))} notify=${notify} />`
        : open
          ? html`<${Broadcast} key=${open} id=${open} lang=${lang} onChanged=${reload} onLoaded=${onLoaded} onClose=${() => navigate("")} notify=${notify} />`
          : html`<section class="empty-pane"><p>${t("pick")}</p></section>`}
    </div>
  `;
}

/** One announcement: its form while a draft, its report afterwards. */
function Broadcast({ id, lang, onChanged, onLoaded, onClose, notify }) {
  const [loaded, setLoaded] = useState(null);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let stale = false;
    api(`/api/v1/admin/broadcasts/${id}`)
      .then((result) => {
        if (stale) return;
        setLoaded(result);
        onLoaded(result.broadcast);
      })
      .catch((failure) => !stale && setError(failure.message));
    return () => {
      stale = true;
    };
  }, [id, version]);
  const live = loaded && (loaded.broadcast.status === "sending" || loaded.broadcast.status === "scheduled");
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => setVersion((n) => n + 1), REPORT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [live]);

  if (error) return html`<section class="staff-pane"><p class="error" role="alert">${error}</p></section>`;
  if (!loaded) return html`<section class="staff-pane"><p class="loading">${translate(lang, "loading")}</p></section>`;
  const { broadcast, preview } = loaded;
  if (broadcast.status === "draft") {
    return html`<${Editor} key=${broadcast.updatedAt} lang=${lang} initial=${broadcast} id=${id} onSaved=${() => (onChanged(), setVersion((n) => n + 1))} notify=${notify} />`;
  }
  return html`<${Report} lang=${lang} broadcast=${broadcast} preview=${preview} onClose=${onClose} onCancelled=${() => (onChanged(), setVersion((n) => n + 1))} />`;
}

function Editor({ lang, initial, id, onSaved, notify }) {
  const t = (key, vars) => translate(lang, `broadcasts:${key}`, vars);
  const [draft, setDraft] = useState(() => ({ title: initial.title, texts: { ...initial.texts }, action: initial.action ?? null, segment: { ...initial.segment } }));
  const [count, setCount] = useState(null);
  const [preview, setPreview] = useState([]);
  const [programs, setPrograms] = useState([]);
  const [when, setWhen] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const [tested, setTested] = useState(null);
  const [labels, setLabels] = useState([]);
  const latest = useRef(0);

  useEffect(() => {
    api("/api/v1/admin/programs").then((result) => setPrograms(result.programs.filter((program) => !program.archived)), () => setPrograms([]));
    api("/api/v1/console/labels").then((result) => setLabels(result.labels), () => setLabels([]));
  }, []);
  // Count and preview follow the form, a moment after the last keystroke; only the latest answer counts.
  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(async () => {
      try {
        const [counted, previewed] = await Promise.all([
          api("/api/v1/admin/broadcasts/count", { method: "POST", body: { segment: draft.segment } }),
          api("/api/v1/admin/broadcasts/preview", { method: "POST", body: { texts: draft.texts, action: draft.action } }),
        ]);
        if (request !== latest.current) return;
        setCount(counted);
        setPreview(previewed.preview);
        setError(null);
      } catch (failure) {
        if (request === latest.current) setError(failure.message);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [JSON.stringify(draft)]);

  const setText = (code, value) => setDraft((current) => ({ ...current, texts: { ...current.texts, [code]: value } }));
  const setSegment = (key, value) =>
    setDraft((current) => {
      const segment = { ...current.segment };
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete segment[key];
      else segment[key] = value;
      return { ...current, segment };
    });

  async function save() {
    const body = { title: draft.title, texts: draft.texts, action: draft.action, segment: draft.segment };
    const result = id ? await api(`/api/v1/admin/broadcasts/${id}`, { method: "PATCH", body }) : await api("/api/v1/admin/broadcasts", { method: "POST", body });
    return result.broadcast.id;
  }

  /** Sending (now or later) asks first, with the number of people and channels counted again at this moment. */
  async function confirmFirst(kind) {
    if (busy) return;
    setError(null);
    try {
      const counted = await api("/api/v1/admin/broadcasts/count", { method: "POST", body: { segment: draft.segment } });
      setCount(counted);
      setConfirming({ kind, count: counted });
    } catch (failure) {
      setError(failure.message);
    }
  }

  async function testSend() {
    setTested(null);
    try {
      const result = await api("/api/v1/admin/broadcasts/test", { method: "POST", body: { title: draft.title, texts: draft.texts, action: draft.action } });
      setTested({ ok: true, text: t("testSent", { channel: channelName(lang, result.sent.channel), language: languageName(lang, result.sent.lang) }) });
    } catch (failure) {
      setTested({ ok: false, text: failure instanceof ApiError && failure.code === "no_linked_chat" ? t("testNoChat") : failure.message });
    }
  }

  async function run(kind) {
    if (busy) return;
    setConfirming(null);
    setBusy(true);
    setError(null);
    try {
      const savedId = await save();
      if (kind === "now") await api(`/api/v1/admin/broadcasts/${savedId}/send`, { method: "POST", body: { at: null } });
      if (kind === "later") await api(`/api/v1/admin/broadcasts/${savedId}/send`, { method: "POST", body: { at: new Date(when).toISOString() } });
      notify(null);
      onSaved(savedId);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.details?.fields ? failure.details.fields.map((field) => `${field.field}: ${field.message}`).join(" · ") : failure.message);
    } finally {
      setBusy(false);
    }
  }

  const segment = draft.segment;
  const ready = draft.title.trim() && LANGS.every((code) => draft.texts[code].trim());
  return html`
    <section class="staff-pane broadcast-editor" data-editor>
      <h2>${id ? t("editDraft") : t("new")}</h2>
      ${error && html`<p class="error" role="alert" data-error>${error}</p>`}
      <label class="field">${t("titleLabel")}
        <input value=${draft.title} maxlength="200" onInput=${(e) => setDraft({ ...draft, title: e.currentTarget.value })} placeholder=${t("titlePlaceholder")} data-field="title" />
      </label>
      <fieldset class="texts"><legend>${t("texts")}</legend>
        ${LANGS.map(
          (code) => html`<label class="field">${languageName(lang, code)}
            <textarea rows="4" maxlength="3000" dir=${RTL.has(code) ? "rtl" : "ltr"} lang=${code === "ary" ? "ar-MA" : code} value=${draft.texts[code]} onInput=${(e) => setText(code, e.currentTarget.value)} data-text=${code}></textarea>
          </label>`,
        )}
      </fieldset>
      <label class="field">${t("button")}
        <select value=${draft.action ?? ""} onChange=${(e) => setDraft({ ...draft, action: e.currentTarget.value || null })} data-field="action">
          <option value="">${t("noButton")}</option>
          ${ACTIONS.map((action) => html`<option value=${action}>${t(`action_${action}`)}</option>`)}
        </select>
      </label>

      <fieldset class="segment"><legend>${t("audience")}</legend>
        <p class="muted small">${t("audienceHint")}</p>
        <${Checks} label=${t("regions")} options=${regions(lang).map((region) => [region.slug, region.name])} value=${segment.regions} onChange=${(v) => setSegment("regions", v)} name="regions" />
        ${segment.regions?.length
          ? html`<${Checks} label=${t("provinces")} options=${provinces(lang).filter((province) => segment.regions.includes(province.region)).map((province) => [province.slug, province.name])} value=${segment.provinces} onChange=${(v) => setSegment("provinces", v)} name="provinces" />`
          : html`<p class="muted small">${t("provincesHint")}</p>`}
        <div class="row">
          <label class="field small-field">${t("ageMin")}<input type="number" min="0" max="120" value=${segment.ageMin ?? ""} onInput=${(e) => setSegment("ageMin", numberOrUndefined(e.currentTarget.value))} data-field="ageMin" /></label>
          <label class="field small-field">${t("ageMax")}<input type="number" min="0" max="120" value=${segment.ageMax ?? ""} onInput=${(e) => setSegment("ageMax", numberOrUndefined(e.currentTarget.value))} data-field="ageMax" /></label>
        </div>
        <${Checks} label=${t("genders")} options=${GENDERS.map((gender) => [gender, t(`gender_${gender}`)])} value=${segment.genders} onChange=${(v) => setSegment("genders", v)} name="genders" />
        <${Checks} label=${t("languages")} options=${LANGS.map((code) => [code, languageName(lang, code)])} value=${segment.languages} onChange=${(v) => setSegment("languages", v)} name="languages" />
        <${Checks} label=${t("channels")} options=${CHANNELS.map((channel) => [channel, translate(lang, `channel${channel[0].toUpperCase()}${channel.slice(1)}`)])} value=${segment.channels} onChange=${(v) => setSegment("channels", v)} name="channels" />
        <div class="row">
          <label class="field">${t("eligibleFor")}
            <select value=${segment.eligibility?.programId ?? ""} onChange=${(e) => setSegment("eligibility", e.currentTarget.value ? { programId: e.currentTarget.value, verdicts: segment.eligibility?.verdicts ?? ["eligible"] } : undefined)} data-field="program">
              <option value="">${t("anyProgram")}</option>
              ${programs.map((program) => html`<option value=${program.id}>${program.data.name?.[lang] ?? program.id}</option>`)}
            </select>
          </label>
          ${segment.eligibility &&
          html`<label class="field">${t("verdict")}
            <select value=${segment.eligibility.verdicts[0]} onChange=${(e) => setSegment("eligibility", { ...segment.eligibility, verdicts: [e.currentTarget.value] })} data-field="verdict">
              ${VERDICTS.map((verdict) => html`<option value=${verdict}>${verdictName(lang, verdict)}</option>`)}
            </select>
          </label>`}
        </div>
        <div class="row">
          <${YesNoAny} lang=${lang} label=${t("projectStarted")} value=${segment.projectStarted} onChange=${(v) => setSegment("projectStarted", v)} name="projectStarted" />
          <${YesNoAny} lang=${lang} label=${t("booked")} value=${segment.booked} onChange=${(v) => setSegment("booked", v)} name="booked" />
        </div>
        ${labels.length > 0 && html`<${Checks} label=${t("labels")} options=${labels.map((entry) => [entry.label, `${entry.label} (${entry.people})`])} value=${segment.labels} onChange=${(v) => setSegment("labels", v)} name="labels" />`}
        <p class="reach" aria-live="polite" data-count=${count?.total ?? ""}>
          ${count ? t("reach", { count: count.total }) : "…"}
          ${count && count.total > 0 && html`<span class="muted small"> · ${Object.entries(count.byChannel).map(([channel, n]) => `${translate(lang, `channel${channel[0].toUpperCase()}${channel.slice(1)}`)} ${n}`).join(" · ")}</span>`}
        </p>
        ${count && count.awaitingNotice > 0 && html`<p class="muted small" data-awaiting-notice=${count.awaitingNotice}>${t("awaitingNotice", { count: count.awaitingNotice })}</p>`}
        <p class="muted small">${t("alwaysExcluded")}</p>
      </fieldset>

      <fieldset class="previews"><legend>${t("preview")}</legend>
        <${Previews} lang=${lang} preview=${preview} />
      </fieldset>

      <div class="actions sticky-actions">
        <button type="button" disabled=${busy || !draft.title.trim()} onClick=${() => run("save")} data-save>${t("saveDraft")}</button>
        <label class="when">${t("scheduleAt")}<input type="datetime-local" value=${when} onInput=${(e) => setWhen(e.currentTarget.value)} data-field="when" /></label>
        <button type="button" disabled=${busy || !ready} onClick=${testSend} data-test-send>${t("testSend")}</button>
        <button type="button" disabled=${busy || !ready || !when} onClick=${() => confirmFirst("later")} data-schedule>${t("schedule")}</button>
        <button type="button" class="primary" disabled=${busy || !ready || !count?.total} onClick=${() => confirmFirst("now")} data-send-now>${t("sendNow", { count: count?.total ?? 0 })}</button>
      </div>
      ${tested && html`<p class=${tested.ok ? "saved" : "error"} role="status" data-tested=${tested.ok ? "ok" : "refused"}>${tested.text}</p>`}
      ${confirming &&
      html`<div class="overlay" role="dialog" aria-modal="true" aria-labelledby="confirm-send-title" data-confirm>
        <div class="overlay-card">
          <h2 id="confirm-send-title">${confirming.kind === "now" ? t("confirmNowTitle") : t("confirmLaterTitle", { when: formatDateTime(lang, new Date(when).toISOString()) })}</h2>
          <p data-confirm-count=${confirming.count.total}>${t("reach", { count: confirming.count.total })}</p>
          <ul class="confirm-channels">
            ${Object.entries(confirming.count.byChannel).map(([channel, n]) => html`<li data-confirm-channel=${channel}>${channelName(lang, channel)} : ${n}</li>`)}
          </ul>
          ${confirming.count.awaitingNotice > 0 && html`<p class="muted small" data-confirm-awaiting-notice=${confirming.count.awaitingNotice}>${t("awaitingNotice", { count: confirming.count.awaitingNotice })}</p>`}
          <p class="muted small">${t("confirmHint")}</p>
          <div class="actions">
            <button type="button" onClick=${() => setConfirming(null)} data-confirm-cancel>${t("confirmCancel")}</button>
            <button type="button" class="primary" disabled=${confirming.count.total === 0} onClick=${() => run(confirming.kind)} data-confirm-send>${confirming.kind === "now" ? t("sendNow", { count: confirming.count.total }) : t("confirmSchedule")}</button>
          </div>
        </div>
      </div>`}
    </section>
  `;
}

function numberOrUndefined(value) {
  return value === "" ? undefined : Number(value);
}

/** Checkboxes for one criterion; none ticked means "everyone". */
function Checks({ label, options, value = [], onChange, name }) {
  const toggle = (key, on) => onChange(on ? [...value, key] : value.filter((item) => item !== key));
  return html`<fieldset class="checks" data-checks=${name}><legend>${label}</legend>
    ${options.map(
      ([key, text]) => html`<label class="check"><input type="checkbox" checked=${value.includes(key)} onChange=${(e) => toggle(key, e.currentTarget.checked)} value=${key} /> ${text}</label>`,
    )}
  </fieldset>`;
}

function YesNoAny({ lang, label, value, onChange, name }) {
  const t = (key) => translate(lang, `broadcasts:${key}`);
  return html`<label class="field">${label}
    <select value=${value === undefined ? "" : String(value)} onChange=${(e) => onChange(e.currentTarget.value === "" ? undefined : e.currentTarget.value === "true")} data-field=${name}>
      <option value="">${t("any")}</option>
      <option value="true">${t("yes")}</option>
      <option value="false">${t("no")}</option>
    </select>
  </label>`;
}

function Report({ lang, broadcast, preview, onClose, onCancelled }) {
  const t = (key, vars) => translate(lang, `broadcasts:${key}`, vars);
  const [error, setError] = useState(null);
  const stats = broadcast.stats;
  const cancellable = broadcast.status === "scheduled" || broadcast.status === "sending";
  async function cancel() {
    if (!confirm(t("confirmCancel"))) return;
    try {
      await api(`/api/v1/admin/broadcasts/${broadcast.id}/cancel`, { method: "POST", body: {} });
      onCancelled();
    } catch (failure) {
      setError(failure.message);
    }
  }
  const figures = [
    ["recipients", stats.recipients],
    ["queued", stats.queued],
    ["heldForAdvisor", stats.heldForAdvisor],
    ["sent", stats.sent],
    ["delivered", stats.delivered],
    ["failed", stats.failed],
    ["skipped", stats.skipped],
    ["uncertain", stats.uncertain],
    ["opened", stats.opened],
  ];
  return html`
    <section class="staff-pane broadcast-report" data-report data-status=${broadcast.status}>
      <header class="staff-pane-head">
        <button type="button" class="link back" onClick=${onClose} aria-label=${translate(lang, "back")}>←</button>
        <h2><bdi>${broadcast.title}</bdi></h2>
        <span class=${`pill broadcast-${broadcast.status}`}>${t(`status_${broadcast.status}`)}</span>
        ${cancellable && html`<button type="button" onClick=${cancel} data-cancel>${t("cancel")}</button>`}
      </header>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <p class="muted">
        ${broadcast.status === "scheduled" ? t("scheduledFor", { when: formatDateTime(lang, broadcast.scheduledAt) }) : broadcast.startedAt ? t("startedAt", { when: formatDateTime(lang, broadcast.startedAt) }) : ""}
        ${broadcast.finishedAt ? ` · ${t("finishedAt", { when: formatDateTime(lang, broadcast.finishedAt) })}` : ""}
      </p>
      <dl class="figures">
        ${figures.map(([key, n]) => html`<div class=${`figure figure-${key}`} data-figure=${key}><dt>${t(`figure_${key}`)}</dt><dd>${n}</dd></div>`)}
      </dl>
      ${Object.keys(stats.failedByReason).length > 0 &&
      html`<p class="muted small">${t("failedBecause")} ${Object.entries(stats.failedByReason).map(([reason, n]) => `${t(`reason_${reason.split(":")[0]}`)} ${n}`).join(" · ")}</p>`}
      ${stats.uncertain > 0 && html`<p class="muted small">${t("uncertainHint")}</p>`}
      <${Previews} lang=${lang} preview=${preview} />
    </section>
  `;
}

/** Each language's message as its readers get it: text, footer, button. */
function Previews({ lang, preview }) {
  return html`<div class="preview-grid">
    ${preview.map(
      (entry) => html`<figure class="phone" dir=${RTL.has(entry.lang) ? "rtl" : "ltr"} lang=${entry.lang === "ary" ? "ar-MA" : entry.lang} data-preview=${entry.lang}>
        <figcaption>${languageName(lang, entry.lang)}</figcaption>
        <p>${entry.text}</p>
        ${entry.buttons.map((label) => html`<span class="preview-button">${label}</span>`)}
      </figure>`,
    )}
  </div>`;
}
