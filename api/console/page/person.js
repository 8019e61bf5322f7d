import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { channelName, verdictName, fieldLabel, formatDateTime, html, languageName, personName, translate, valueLabel } from "./ui.js";

const PLACE_FIELDS = new Set(["province", "region"]);

/** What we know about the person, for answering well: profile, verdicts, project, meetings. */
export function Person({ detail, lang, onLabel }) {
  const t = (key, vars) => translate(lang, key, vars);
  const { person, eligibility, project, appointments } = detail;
  const profile = Object.entries(person.profile ?? {});
  const place = (slug) => person.placeNames?.[slug]?.[lang === "fr" ? "fr" : "ar"] ?? slug;
  return html`
    <aside class="person" aria-label=${t("aboutPerson")} data-person>
      <section>
        <h3><bdi>${personName(lang, person.firstName)}</bdi></h3>
        <dl>
          <dt>${t("language")}</dt><dd>${languageName(lang, person.language)}</dd>
          <dt>${t("channels")}</dt><dd>${person.channels.map((channel) => channelName(lang, channel)).join(", ")}</dd>
          ${person.phone && html`<dt>${t("phone")}</dt><dd dir="ltr">${person.phone}</dd>`}
          <dt>${t("consent")}</dt><dd>${person.consent ? t("consentGiven", { when: formatDateTime(lang, person.consent.at) }) : t("consentNone")}</dd>
          ${person.optedOut && html`<dt>${t("announcements")}</dt><dd>${t("optedOut")}</dd>`}
          ${person.unreachable && html`<dt>${t("reach")}</dt><dd>${t("unreachable")}</dd>`}
          ${person.entryPoint && html`<dt>${t("entryPoint")}</dt><dd dir="ltr">${person.entryPoint}</dd>`}
        </dl>
      </section>
      <${Labels} lang=${lang} labels=${person.labels ?? []} onLabel=${onLabel} erased=${person.erased} />
      <section>
        <h4>${t("profile")}</h4>
        ${profile.length === 0
          ? html`<p class="muted">${t("noProfile")}</p>`
          : html`<dl>${profile.map(([field, value]) => html`<dt>${fieldLabel(lang, field)}</dt><dd dir="auto">${PLACE_FIELDS.has(field) ? place(value) : valueLabel(lang, field, value)}</dd>`)}</dl>`}
      </section>
      <section data-eligibility>
        <h4>${t("eligibility")}</h4>
        ${!eligibility
          ? html`<p class="muted">${t("noEligibility")}</p>`
          : html`<p class="muted small">${formatDateTime(lang, eligibility.checkedAt)}</p>
              <ul class="verdicts">${eligibility.results.map(
                (result) => html`<li class=${`verdict-${result.label}`} data-verdict=${result.label}><bdi>${result.name?.[lang] ?? result.programId}</bdi> <span class="pill">${verdictName(lang, result.label)}</span>
                  ${result.reason && html`<span class="muted small reason" dir="auto">${result.reason[lang] ?? result.reason.fr}</span>`}</li>`,
              )}</ul>`}
      </section>
      <section data-project>
        <h4>${t("project")}</h4>
        ${!project
          ? html`<p class="muted">${t("noProject")}</p>`
          : html`${project.idea && html`<p dir="auto">${project.idea}</p>`}
              ${project.sheetUrl ? html`<a href=${project.sheetUrl} target="_blank" rel="noopener noreferrer">${t("openSheet")}</a>` : html`<p class="muted small">${t("noSheet")}</p>`}`}
      </section>
      <section data-appointments>
        <h4>${t("appointments")}</h4>
        ${appointments.length === 0
          ? html`<p class="muted">${t("noAppointments")}</p>`
          : html`<ul>${appointments.map((appointment) => html`<li>${formatDateTime(lang, appointment.start)} · ${t(`appt_${appointment.status}`)}</li>`)}</ul>`}
      </section>
    </aside>
  `;
}

/** The team's labels on the person: set here, found again by the filters, a segment for announcements. */
function Labels({ lang, labels, onLabel, erased }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [text, setText] = useState("");
  const [known, setKnown] = useState([]);
  useEffect(() => {
    api("/api/v1/console/labels").then((result) => setKnown(result.labels.map((entry) => entry.label)), () => {});
  }, [labels.join(",")]);
  const add = (event) => {
    event.preventDefault();
    const label = text.trim();
    if (!label) return;
    onLabel(label, true);
    setText("");
  };
  return html`<section data-labels>
    <h4>${t("labels")}</h4>
    ${labels.length === 0 ? html`<p class="muted small">${t("noLabels")}</p>` : html`<ul class="label-list">
      ${labels.map((label) => html`<li><span class="pill label-pill" dir="auto" data-label=${label}>${label}</span>
        <button type="button" class="link small" onClick=${() => onLabel(label, false)} aria-label=${t("removeLabel", { label })}>×</button></li>`)}
    </ul>`}
    ${!erased && html`<form class="label-form" onSubmit=${add}>
      <input value=${text} maxlength="40" list="known-labels" dir="auto" onInput=${(e) => setText(e.currentTarget.value)} placeholder=${t("labelPlaceholder")} aria-label=${t("addLabel")} data-label-input />
      <datalist id="known-labels">${known.map((label) => html`<option value=${label} />`)}</datalist>
      <button type="submit" disabled=${text.trim() === ""} data-add-label>${t("addLabel")}</button>
    </form>`}
  </section>`;
}
