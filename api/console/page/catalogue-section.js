// The catalogue page (staff, admins): every programme with its status and deadline; one
// opens in the editor (catalogue-editor.js). Built on /api/v1/admin/programs.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { ProgramEditor } from "./catalogue-editor.js";
import { html, translate } from "./ui.js";

export function CatalogueSection({ me, lang, path, navigate, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `catalogue:${key}`, vars);
  const [programs, setPrograms] = useState(null);
  const openId = /^[a-z0-9-]{1,64}$/.test(path) ? path : null;

  async function load() {
    try {
      setPrograms((await api("/api/v1/admin/programs")).programs);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onLoggedOut();
      else notify("networkError");
    }
  }
  useEffect(() => void load(), [openId]);

  if (openId) {
    return html`<${ProgramEditor} key=${openId} id=${openId} me=${me} lang=${lang} onBack=${() => navigate("")} onLoggedOut=${onLoggedOut} notify=${notify} />`;
  }
  return html`<section class="staff-page catalogue-page" data-page="catalogue">
    <h1>${t("title")}</h1>
    <p class="intro">${t("intro")}</p>
    ${programs === null
      ? html`<p class="loading">${t("loading")}</p>`
      : html`<div class="table-scroll"><table class="programs" data-programs>
          <thead><tr>
            <th scope="col">${t("name")}</th><th scope="col">${t("status")}</th><th scope="col">${t("deadline")}</th><th scope="col">${t("version")}</th>
          </tr></thead>
          <tbody>
            ${programs.map(
              (program) => html`<tr data-program=${program.id} class=${program.archived ? "archived" : ""}>
                <th scope="row"><a href=${`#/catalogue/${program.id}`} data-open-program=${program.id}><bdi>${program.data.name[lang] ?? program.data.name.fr}</bdi></a>
                  ${program.archived && html` <span class="badge">${t("archived")}</span>`}</th>
                <td><span class=${`badge status-${program.data.status}`} data-status=${program.data.status}>${t(`status_${program.data.status}`)}</span></td>
                <td data-closes-on=${program.data.closesOn ?? ""}>${program.data.closesOn ?? "—"}</td>
                <td class="num">${program.version}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`}
  </section>`;
}
