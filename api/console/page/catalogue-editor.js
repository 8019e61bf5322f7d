// One programme in the editor: its call (status and dates), its texts in the three
// languages, its rules with a live preview of verdicts, and its history. Saving sends
// only what changed, with the version it was loaded at: if someone saved meanwhile, the
// server answers 409 and the page reloads the programme instead of overwriting theirs.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { RulesPreview } from "./catalogue-preview.js";
import { LANGS, RTL, formatDateTime, html, translate } from "./ui.js";

const TEXT_FIELDS = ["name", "organization", "summary", "offer", "audience", "where", "howToApply"];
const LONG_FIELDS = new Set(["summary", "offer", "audience", "howToApply"]);
const STATUSES = ["open", "closed", "past"];

/** The form's state from a programme's data: the rules as editable text. */
function formOf(data) {
  return { ...structuredClone(data), opensOn: data.opensOn ?? "", closesOn: data.closesOn ?? "", rulesText: JSON.stringify(data.rules, null, 2) };
}

/** Top-level fields that differ from what was loaded; empty dates mean "none" (null). */
function changesOf(form, data) {
  let rules;
  try {
    rules = JSON.parse(form.rulesText);
  } catch {
    return { error: "rules" };
  }
  const next = { ...form, rules, opensOn: form.opensOn || null, closesOn: form.closesOn || null };
  delete next.rulesText;
  const patch = {};
  for (const key of Object.keys(next)) {
    if (key === "id") continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(data[key] ?? null)) patch[key] = next[key];
  }
  return { patch };
}

export function ProgramEditor({ id, lang, onBack, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `catalogue:${key}`, vars);
  const [program, setProgram] = useState(null);
  const [form, setForm] = useState(null);
  const [versions, setVersions] = useState([]);
  const [message, setMessage] = useState(null);
  const [missing, setMissing] = useState(false);

  async function load() {
    try {
      const [{ program: loaded }, history] = await Promise.all([api(`/api/v1/admin/programs/${id}`), api(`/api/v1/admin/programs/${id}/versions`)]);
      setProgram(loaded);
      setForm(formOf(loaded.data));
      setVersions(history.versions);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onLoggedOut();
      else if (error instanceof ApiError && error.status === 404) setMissing(true);
      else notify("networkError");
    }
  }
  useEffect(() => void load(), [id]);

  const failed = (error) => {
    if (error instanceof ApiError && error.status === 401) return onLoggedOut();
    if (error instanceof ApiError && error.code === "version_conflict") {
      setMessage({ kind: "problem", text: t("conflict") });
      return load();
    }
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return setMessage({ kind: "problem", text: t("invalid", { message: error.message }) });
    notify("networkError");
  };

  async function save(event) {
    event.preventDefault();
    const { patch, error } = changesOf(form, program.data);
    if (error) return setMessage({ kind: "problem", text: t("rulesInvalid", { message: "JSON" }) });
    if (Object.keys(patch).length === 0) return setMessage({ kind: "info", text: t("nothingChanged") });
    try {
      const { program: saved } = await api(`/api/v1/admin/programs/${id}`, { method: "PATCH", body: { ...patch, expectedVersion: program.version } });
      setProgram(saved);
      setForm(formOf(saved.data));
      setMessage({ kind: "info", text: t("saved", { version: saved.version }) });
      setVersions((await api(`/api/v1/admin/programs/${id}/versions`)).versions);
    } catch (error) {
      await failed(error);
    }
  }

  async function toggleArchive() {
    try {
      const { program: saved } = await api(`/api/v1/admin/programs/${id}/${program.archived ? "restore" : "archive"}`, { method: "POST" });
      setProgram(saved);
      setVersions((await api(`/api/v1/admin/programs/${id}/versions`)).versions);
    } catch (error) {
      await failed(error);
    }
  }

  if (missing) return html`<section class="staff-page"><p>${t("notFound")}</p><button type="button" class="link" onClick=${onBack}>${t("back")}</button></section>`;
  if (!form) return html`<p class="loading">${t("loading")}</p>`;
  const set = (field) => (event) => setForm({ ...form, [field]: event.currentTarget.value });
  const setText = (field, code) => (event) => setForm({ ...form, [field]: { ...form[field], [code]: event.currentTarget.value } });

  return html`<section class="staff-page program-editor" data-page="program" data-program-id=${id} data-version=${program.version}>
    <button type="button" class="link" onClick=${onBack}>${t("back")}</button>
    <h1><bdi>${program.data.name[lang] ?? id}</bdi> <span class="muted">v${program.version}</span></h1>
    ${message && html`<p class=${message.kind === "problem" ? "problem" : "saved"} role="status" data-editor-message>${message.text}</p>`}
    <form onSubmit=${save} class="program-form">
      <fieldset class="call">
        <legend>${t("call")}</legend>
        <label>${t("status")}
          <select name="status" value=${form.status} onChange=${set("status")}>
            ${STATUSES.map((status) => html`<option value=${status}>${t(`status_${status}`)}</option>`)}
          </select>
        </label>
        <label>${t("opensOn")} <input type="date" name="opensOn" value=${form.opensOn} onInput=${set("opensOn")} /></label>
        <label>${t("closesOn")} <input type="date" name="closesOn" value=${form.closesOn} onInput=${set("closesOn")} /></label>
        <button type="submit" data-save>${t("save")}</button>
      </fieldset>
      <fieldset class="texts">
        <legend>${t("texts")}</legend>
        ${TEXT_FIELDS.map(
          (field) => html`<div class="text-field" data-field=${field}>
            <h3>${t(`field_${field}`)}</h3>
            ${LANGS.map((code) => {
              const props = { name: `${field}.${code}`, value: form[field][code], onInput: setText(field, code), dir: RTL.has(code) ? "rtl" : "ltr", lang: code === "ary" ? "ar-MA" : code };
              return html`<label class="lang-input"><span>${t(`lang_${code}`)}</span>
                ${LONG_FIELDS.has(field) ? html`<textarea rows="3" ...${props}></textarea>` : html`<input type="text" ...${props} />`}
              </label>`;
            })}
          </div>`,
        )}
      </fieldset>
      <fieldset class="rules">
        <legend>${t("rules")}</legend>
        <p class="help">${t("rulesHelp")}</p>
        <textarea name="rules" rows="12" spellcheck="false" dir="ltr" value=${form.rulesText} onInput=${set("rulesText")} data-rules></textarea>
        <${RulesPreview} lang=${lang} rulesText=${form.rulesText} />
      </fieldset>
      <div class="actions">
        <button type="submit" data-save>${t("save")}</button>
        <button type="button" class="secondary" onClick=${toggleArchive} data-archive>${program.archived ? t("restore") : t("archive")}</button>
      </div>
    </form>
    <section class="history" data-history>
      <h2>${t("history")}</h2>
      <ol>
        ${versions.map(
          (version) => html`<li data-history-version=${version.version}>
            <strong>v${version.version}</strong> · ${t(`change_${version.change}`)} · ${formatDateTime(lang, version.changedAt)} ·
            ${t("changedBy", { name: version.changedBy?.name ?? t("system") })}
            ${version.changedKeys.length > 0 && html` · ${t("changedKeys", { keys: version.changedKeys.join(", ") })}`}
          </li>`,
        )}
      </ol>
    </section>
  </section>`;
}
