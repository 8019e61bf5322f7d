// Sites and advisors (staff, admins): each platform with its advisors, their capacity
// (conversations at a time; admins change it) and, opened, an advisor's weekly hours,
// settings and exceptions per site. Built on /api/v1/admin/sites,
// /api/v1/console/advisors, /api/v1/admin/advisors/:id/… and /api/v1/admin/users/:id.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { AdvisorEditor } from "./advisor-editor.js";
import { html, translate } from "./ui.js";

export function SitesSection({ me, lang, path, navigate, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `sites:${key}`, vars);
  const [sites, setSites] = useState(null);
  const [advisors, setAdvisors] = useState([]);
  const [caps, setCaps] = useState({});
  const openId = /^[0-9a-f-]{36}$/.test(path) ? path : null;

  const [problem, setProblem] = useState(null);
  const failed = (error) => {
    if (error instanceof ApiError && error.status === 401) onLoggedOut();
    else if (error instanceof ApiError && error.status > 0 && error.status < 500) setProblem(t("invalid", { message: error.message }));
    else notify("networkError");
  };

  async function load() {
    try {
      const [siteList, advisorList] = await Promise.all([api("/api/v1/admin/sites"), api("/api/v1/console/advisors")]);
      setSites(siteList.sites.filter((site) => !site.archived));
      setAdvisors(advisorList.advisors);
      setCaps(Object.fromEntries(advisorList.advisors.map((advisor) => [advisor.id, String(advisor.capacity)])));
    } catch (error) {
      failed(error);
    }
  }
  useEffect(() => void load(), [openId]);

  async function saveCap(advisorId) {
    try {
      await api(`/api/v1/admin/users/${advisorId}`, { method: "PATCH", body: { maxOpenConversations: Number(caps[advisorId]) } });
      setProblem(null);
      await load();
    } catch (error) {
      failed(error);
    }
  }

  if (openId) {
    const advisor = advisors.find((candidate) => candidate.id === openId);
    return html`<${AdvisorEditor} key=${openId} id=${openId} name=${advisor?.name ?? ""} sites=${sites ?? []} lang=${lang} onBack=${() => navigate("")} onLoggedOut=${onLoggedOut} notify=${notify} />`;
  }
  if (sites === null) return html`<p class="loading">…</p>`;
  const unplaced = advisors.filter((advisor) => advisor.siteIds.length === 0);
  return html`<section class="staff-page sites-page" data-page="sites">
    <h1>${t("title")}</h1>
    <p class="intro">${t("intro")}</p>
    ${problem && html`<p class="problem" role="alert">${problem}</p>`}
    ${unplaced.length > 0 &&
    html`<article class="site-card unplaced" data-unplaced>
      <h2>${t("unplaced")}</h2>
      <p class="muted">${t("unplacedHint")}</p>
      <ul>
        ${unplaced.map((advisor) => html`<li><a href=${`#/sites/${advisor.id}`} data-edit-advisor=${advisor.id}>${advisor.name}</a></li>`)}
      </ul>
    </article>`}
    ${sites.map((site) => {
      const here = advisors.filter((advisor) => advisor.siteIds.includes(site.id));
      return html`<article class="site-card" data-site=${site.id}>
        <h2><bdi>${site.name[lang] ?? site.name.fr}</bdi> <span class="muted">${site.province}</span></h2>
        ${here.length === 0
          ? html`<p class="muted">${t("noAdvisors")}</p>`
          : html`<table class="advisors">
              <thead><tr><th scope="col">${t("advisor")}</th><th scope="col">${t("cap")}</th><th></th></tr></thead>
              <tbody>
                ${here.map(
                  (advisor) => html`<tr data-advisor=${advisor.id}>
                    <th scope="row">${advisor.name}</th>
                    <td>${me.role === "admin"
                      ? html`<input type="number" min="0" max="200" class="cap" value=${caps[advisor.id]} onInput=${(event) => setCaps({ ...caps, [advisor.id]: event.currentTarget.value })} />
                          <button type="button" class="secondary" onClick=${() => saveCap(advisor.id)}>✓</button>`
                      : html`${advisor.open} / ${advisor.capacity}`}</td>
                    <td><a href=${`#/sites/${advisor.id}`} data-edit-advisor=${advisor.id}>${t("edit")}</a></td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </article>`;
    })}
  </section>`;
}
