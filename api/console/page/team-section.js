// The team (admins): every staff account with its role, capacity and state; create an
// account (an advisor then goes to a platform on the sites page); change a role or a
// capacity; disable and re-enable. Built on /api/v1/admin/users.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { formatDateTime, html, translate } from "./ui.js";

const ROLES = ["advisor", "staff", "admin"];
const EMPTY = { name: "", email: "", role: "advisor", password: "", maxOpenConversations: "5" };
/** Refusals the page explains in words; any other shows the server's message. */
const KNOWN_ERRORS = new Set(["email_taken", "last_admin", "invalid_request"]);

export function TeamSection({ me, lang, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `team:${key}`, vars);
  const [users, setUsers] = useState(null);
  const [draft, setDraft] = useState(EMPTY);
  const [message, setMessage] = useState(null);
  const [created, setCreated] = useState(null);

  const failed = (error) => {
    if (error instanceof ApiError && error.status === 401) onLoggedOut();
    else if (error instanceof ApiError && error.status > 0 && error.status < 500) setMessage({ kind: "problem", text: t(KNOWN_ERRORS.has(error.code) ? `error_${error.code}` : "refused", { message: error.message }) });
    else notify("networkError");
  };
  const load = () => api("/api/v1/admin/users").then((result) => setUsers(result.users), failed);
  useEffect(() => void load(), []);

  async function create(event) {
    event.preventDefault();
    try {
      const body = { ...draft, maxOpenConversations: Number(draft.maxOpenConversations) };
      const result = await api("/api/v1/admin/users", { method: "POST", body });
      setCreated(result.user);
      setDraft(EMPTY);
      setMessage(null);
      await load();
    } catch (error) {
      failed(error);
    }
  }
  async function change(id, patch) {
    try {
      await api(`/api/v1/admin/users/${id}`, { method: "PATCH", body: patch });
      setMessage({ kind: "saved", text: t("saved") });
      await load();
    } catch (error) {
      failed(error);
    }
  }
  const field = (name) => (event) => setDraft({ ...draft, [name]: event.currentTarget.value });

  if (users === null) return html`<p class="loading">…</p>`;
  return html`<section class="staff-page team-page" data-page="team">
    <h1>${t("title")}</h1>
    <p class="intro">${t("intro")}</p>
    ${message && html`<p class=${message.kind === "problem" ? "problem" : "saved"} role="status" data-team-message>${message.text}</p>`}
    <div class="table-scroll">
      <table>
        <thead><tr><th scope="col">${t("name")}</th><th scope="col">${t("email")}</th><th scope="col">${t("role")}</th><th scope="col">${t("capacity")}</th><th scope="col">${t("lastLogin")}</th><th></th></tr></thead>
        <tbody>
          ${users.map(
            (user) => html`<tr key=${user.id} class=${user.disabled ? "muted" : ""} data-user=${user.email}>
              <th scope="row">${user.name}</th>
              <td dir="ltr">${user.email}</td>
              <td>
                <select value=${user.role} disabled=${user.id === me.id} onChange=${(event) => change(user.id, { role: event.currentTarget.value })} aria-label=${t("role")} data-role>
                  ${ROLES.map((role) => html`<option value=${role}>${translate(lang, `role_${role}`)}</option>`)}
                </select>
              </td>
              <td>
                ${user.role === "advisor"
                  ? html`<input type="number" min="0" max="200" class="cap" value=${user.maxOpenConversations} onChange=${(event) => change(user.id, { maxOpenConversations: Number(event.currentTarget.value) })} aria-label=${t("capacity")} data-capacity />`
                  : html`<span class="muted">—</span>`}
              </td>
              <td>${user.lastLoginAt ? formatDateTime(lang, user.lastLoginAt) : html`<span class="muted">${t("never")}</span>`}</td>
              <td>
                ${user.id !== me.id &&
                html`<button type="button" onClick=${() => change(user.id, { disabled: !user.disabled })} data-toggle>${user.disabled ? t("enable") : t("disable")}</button>`}
                ${user.role === "advisor" && !user.disabled && html` <a href=${`#/sites/${user.id}`}>${t("sitesAndHours")}</a>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>

    <h2>${t("newAccount")}</h2>
    ${created &&
    html`<p class="saved" role="status" data-created=${created.id}>
      ${t("created", { name: created.name })}
      ${created.role === "advisor" && html` <a href=${`#/sites/${created.id}`} data-place-advisor>${t("placeNow")}</a>`}
    </p>`}
    <form class="toolbar" onSubmit=${create} data-new-user>
      <label>${t("name")}<input required maxlength="200" value=${draft.name} onInput=${field("name")} name="name" /></label>
      <label>${t("email")}<input required type="email" dir="ltr" value=${draft.email} onInput=${field("email")} name="email" /></label>
      <label>${t("role")}
        <select value=${draft.role} onChange=${field("role")} name="role">
          ${ROLES.map((role) => html`<option value=${role}>${translate(lang, `role_${role}`)}</option>`)}
        </select>
      </label>
      ${draft.role === "advisor" && html`<label>${t("capacity")}<input type="number" min="0" max="200" value=${draft.maxOpenConversations} onInput=${field("maxOpenConversations")} name="maxOpenConversations" /></label>`}
      <label>${t("password")}<input required type="password" minlength="10" autocomplete="new-password" value=${draft.password} onInput=${field("password")} name="password" /></label>
      <button type="submit" class="primary">${t("create")}</button>
    </form>
    <p class="help">${t("passwordHint")}</p>
  </section>`;
}
