// One advisor's availability: per site, the meeting settings and the weekly hours (typed
// as "09:00-12:30, 14:00-17:00" per weekday), and the exceptions to come (leave,
// holidays, extra openings). The server checks everything and names the field it refuses.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { html, translate } from "./ui.js";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const NUMBERS = ["meetingMinutes", "bufferMinutes", "minNoticeMinutes", "horizonDays", "dailyCap"];

/** "09:00-12:30, 14:00-17:00" per weekday, from and to the API's windows. */
function windowsText(weekly, weekday) {
  return weekly
    .filter((window) => window.weekday === weekday)
    .map((window) => `${window.start}-${window.end}`)
    .join(", ");
}
function parseWindows(text, weekday) {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = "", end = ""] = part.split(/\s*[-–]\s*/);
      return { weekday, start, end };
    });
}

function formOf(setting) {
  return {
    ...Object.fromEntries(NUMBERS.map((field) => [field, String(setting[field])])),
    siteId: setting.siteId,
    days: Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, windowsText(setting.weekly, weekday)])),
  };
}
/** A new site's settings before staff adjust them: the usual meeting at a youth platform, no hours yet. */
function newSiteForm(siteId) {
  return formOf({ siteId, meetingMinutes: 45, bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 14, dailyCap: 8, weekly: [] });
}

function settingOf(form) {
  return {
    siteId: form.siteId,
    ...Object.fromEntries(NUMBERS.map((field) => [field, Number(form[field])])),
    weekly: WEEKDAYS.flatMap((weekday) => parseWindows(form.days[weekday], weekday)),
  };
}

export function AdvisorEditor({ id, name, sites, lang, onBack, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `sites:${key}`, vars);
  const [forms, setForms] = useState(null);
  const [exceptions, setExceptions] = useState([]);
  const [message, setMessage] = useState(null);
  const [draft, setDraft] = useState({ date: "", kind: "off", start: "", end: "", note: "", siteId: "" });
  const siteName = (siteId) => sites.find((site) => site.id === siteId)?.name?.[lang] ?? siteId;

  const failed = (error) => {
    if (error instanceof ApiError && error.status === 401) onLoggedOut();
    else if (error instanceof ApiError && error.status > 0 && error.status < 500) setMessage({ kind: "problem", text: t("invalid", { message: error.message }) });
    else notify("networkError");
  };
  const show = (availability) => {
    setForms(availability.sites.map(formOf));
    setExceptions(availability.exceptions);
  };
  useEffect(() => {
    api(`/api/v1/admin/advisors/${id}/availability`).then(show, failed);
  }, [id]);

  async function saveAvailability(event) {
    event.preventDefault();
    try {
      show(await api(`/api/v1/admin/advisors/${id}/availability`, { method: "PUT", body: { sites: forms.map(settingOf) } }));
      setMessage({ kind: "info", text: t("availabilitySaved") });
    } catch (error) {
      failed(error);
    }
  }
  async function addException(event) {
    event.preventDefault();
    const body = { date: draft.date, kind: draft.kind, siteId: draft.siteId || null, note: draft.note || null };
    if (draft.start || draft.end) Object.assign(body, { start: draft.start, end: draft.end });
    try {
      await api(`/api/v1/admin/advisors/${id}/exceptions`, { method: "POST", body });
      show(await api(`/api/v1/admin/advisors/${id}/availability`));
      setDraft({ ...draft, date: "", start: "", end: "", note: "" });
      setMessage(null);
    } catch (error) {
      failed(error);
    }
  }
  async function removeException(exceptionId) {
    try {
      await api(`/api/v1/admin/advisors/${id}/exceptions/${exceptionId}`, { method: "DELETE" });
      show(await api(`/api/v1/admin/advisors/${id}/availability`));
    } catch (error) {
      failed(error);
    }
  }

  if (!forms) return html`<p class="loading">…</p>`;
  const setField = (index, field) => (event) => setForms(forms.map((form, i) => (i === index ? { ...form, [field]: event.currentTarget.value } : form)));
  const setDay = (index, weekday) => (event) => setForms(forms.map((form, i) => (i === index ? { ...form, days: { ...form.days, [weekday]: event.currentTarget.value } } : form)));
  const setDraftField = (field) => (event) => setDraft({ ...draft, [field]: event.currentTarget.value });

  return html`<section class="staff-page advisor-editor" data-page="advisor" data-advisor-id=${id}>
    <button type="button" class="link" onClick=${onBack}>${t("close")}</button>
    <h1>${name}</h1>
    ${message && html`<p class=${message.kind === "problem" ? "problem" : "saved"} role="status" data-editor-message>${message.text}</p>`}
    <form onSubmit=${saveAvailability}>
      ${forms.map(
        (form, index) => html`<fieldset class="advisor-site" data-site=${form.siteId}>
          <legend><bdi>${siteName(form.siteId)}</bdi>
            <button type="button" class="link" onClick=${() => setForms(forms.filter((_, i) => i !== index))} data-remove-site=${form.siteId}>${t("removeSite")}</button>
          </legend>
          <div class="numbers">
            ${NUMBERS.map((field) => html`<label>${t(field)} <input type="number" min="0" name=${field} value=${form[field]} onInput=${setField(index, field)} /></label>`)}
          </div>
          <h3>${t("weekly")}</h3>
          <p class="help">${t("windows")}</p>
          ${WEEKDAYS.map(
            (weekday) => html`<label class="weekday"><span>${t(`weekday_${weekday}`)}</span>
              <input type="text" dir="ltr" name=${`day-${weekday}`} value=${form.days[weekday]} onInput=${setDay(index, weekday)} /></label>`,
          )}
        </fieldset>`,
      )}
      ${forms.length === 0 && html`<p class="muted">${t("noSiteYet")}</p>`}
      ${sites.some((site) => !forms.some((form) => form.siteId === site.id)) &&
      html`<label class="add-site">${t("addSite")}
        <select value="" onChange=${(event) => {
          const siteId = event.currentTarget.value;
          if (siteId) setForms([...forms, newSiteForm(siteId)]);
          event.currentTarget.value = "";
        }} data-add-site>
          <option value="">…</option>
          ${sites.filter((site) => !forms.some((form) => form.siteId === site.id)).map((site) => html`<option value=${site.id}>${site.name?.[lang] ?? site.id}</option>`)}
        </select>
      </label>`}
      <button type="submit" data-save-availability>${t("saveAvailability")}</button>
    </form>
    <section class="exceptions" data-exceptions>
      <h2>${t("exceptions")}</h2>
      ${exceptions.length === 0
        ? html`<p class="muted">${t("noExceptions")}</p>`
        : html`<ul>
            ${exceptions.map(
              (exception) => html`<li data-exception=${exception.id}>
                ${exception.date} · ${t(`kind_${exception.kind}`)} · ${exception.start ? `${exception.start}–${exception.end}` : t("wholeDay")} ·
                <bdi>${exception.siteId ? siteName(exception.siteId) : t("allSites")}</bdi>${exception.note ? ` · ${exception.note}` : ""}
                <button type="button" class="link" onClick=${() => removeException(exception.id)}>${t("remove")}</button>
              </li>`,
            )}
          </ul>`}
      <form class="toolbar" onSubmit=${addException}>
        <label>${t("date")} <input type="date" required value=${draft.date} onInput=${setDraftField("date")} /></label>
        <label>${t("kind")}
          <select value=${draft.kind} onChange=${setDraftField("kind")}>
            <option value="off">${t("kind_off")}</option><option value="extra">${t("kind_extra")}</option>
          </select>
        </label>
        <label>${t("start")} <input type="time" value=${draft.start} onInput=${setDraftField("start")} /></label>
        <label>${t("end")} <input type="time" value=${draft.end} onInput=${setDraftField("end")} /></label>
        <label>${t("site")}
          <select value=${draft.siteId} onChange=${setDraftField("siteId")}>
            <option value="">${t("allSites")}</option>
            ${forms.map((form) => html`<option value=${form.siteId}>${siteName(form.siteId)}</option>`)}
          </select>
        </label>
        <label>${t("note")} <input type="text" value=${draft.note} onInput=${setDraftField("note")} /></label>
        <button type="submit">${t("addException")}</button>
      </form>
    </section>
  </section>`;
}
