// The funnel page (staff, admins): how many conversations that started in a period reach
// each step, in total and by week, site, language or channel, with a CSV of the same
// numbers. Read from the pseudonymous event log: erasures change nothing here.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { FunnelBars, WeeklyColumns } from "./funnel-chart.js";
import { channelName, formatDuration, html, languageName, translate } from "./ui.js";

const GROUPS = ["week", "site", "language", "channel"];

function percent(part, whole) {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

export function FunnelSection({ lang, onLoggedOut, notify }) {
  const t = (key, vars) => translate(lang, `funnel:${key}`, vars);
  const [query, setQuery] = useState({ from: "", to: "", groupBy: "week" });
  const [data, setData] = useState(null);
  const [sites, setSites] = useState({});
  const [problem, setProblem] = useState(null);
  const [service, setService] = useState(null);

  const params = (q) => new URLSearchParams(Object.entries(q).filter(([, value]) => value !== "")).toString();
  async function load(q) {
    try {
      const range = params({ from: q.from, to: q.to });
      const [result, answered] = await Promise.all([api(`/api/v1/admin/funnel?${params(q)}`), api(`/api/v1/admin/service?${range}`)]);
      setData(result);
      setService(answered);
      setProblem(null);
      // The server chose the default range: show it in the inputs.
      if (!q.from || !q.to) setQuery({ ...q, from: result.from, to: result.to });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onLoggedOut();
      else if (error instanceof ApiError && error.status === 400) setProblem(t("badRange"));
      else notify("networkError");
    }
  }
  useEffect(() => {
    void load(query);
    api("/api/v1/admin/sites")
      .then((result) => setSites(Object.fromEntries(result.sites.map((site) => [site.id, site.name]))))
      .catch(() => {});
  }, []);

  const groupLabel = (key) => {
    if (key === null) return data.groupBy === "site" ? t("noSite") : t("unknown");
    if (data.groupBy === "week") return t("weekOf", { date: key });
    if (data.groupBy === "site") return sites[key]?.[lang] ?? key;
    if (data.groupBy === "language") return languageName(lang, key);
    return channelName(lang, key);
  };
  const stepName = (step) => t(`step_${step}`);
  const submit = (event) => {
    event.preventDefault();
    void load(query);
  };
  const set = (field) => (event) => setQuery({ ...query, [field]: event.currentTarget.value });

  return html`<section class="staff-page funnel-page" data-page="funnel">
    <h1>${t("title")}</h1>
    <p class="intro">${t("intro")}</p>
    <form class="toolbar" onSubmit=${submit}>
      <label>${t("from")} <input type="date" name="from" value=${query.from} onInput=${set("from")} /></label>
      <label>${t("to")} <input type="date" name="to" value=${query.to} onInput=${set("to")} /></label>
      <label>${t("groupBy")}
        <select name="groupBy" value=${query.groupBy} onChange=${set("groupBy")}>
          ${GROUPS.map((group) => html`<option value=${group}>${t(`group_${group}`)}</option>`)}
        </select>
      </label>
      <button type="submit">${t("show")}</button>
      ${data && html`<a class="button-link" href=${`/api/v1/admin/funnel.csv?${params(query)}`} download data-csv>${t("csv")}</a>`}
    </form>
    ${problem && html`<p class="problem" role="alert">${problem}</p>`}
    ${data && html`<${FunnelView} data=${data} t=${t} stepName=${stepName} groupLabel=${groupLabel} />`}
    ${service && html`<${ServiceView} service=${service} lang=${lang} t=${t} siteName=${(key) => (key === null ? t("noSite") : (sites[key]?.[lang] ?? key))} />`}
  </section>`;
}

function FunnelView({ data, t, stepName, groupLabel }) {
  const { steps, total, groups } = data;
  if (total.started === 0 && groups.every((group) => group.counts.started === 0)) return html`<p class="empty" data-funnel-empty>${t("empty")}</p>`;
  return html`
    <h2>${t("totalTitle")}</h2>
    <${FunnelBars} steps=${steps} counts=${total} label=${t("totalTitle")} nameOf=${stepName} />
    <table class="funnel-total" data-funnel-total>
      <tbody>
        ${steps.map(
          (step, index) => html`<tr data-step=${step}>
            <th scope="row">${stepName(step)}</th>
            <td class="num" data-count=${total[step]}>${total[step]}</td>
            <td class="share">${index === 0 ? "" : t("ofStarted", { percent: percent(total[step], total[steps[0]]) })}</td>
            <td class="share">${index === 0 ? "" : t("ofPrevious", { percent: percent(total[step], total[steps[index - 1]]) })}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p class="funnel-note">${t("attendedNote")}</p>
    ${data.groupBy === "week" &&
    html`<${WeeklyColumns} groups=${groups} label=${t("chartTitle")} legend=${{ started: t("legendStarted"), booked: t("legendBooked") }} />`}
    <h2>${t("byGroup", { group: t(`group_${data.groupBy}`).toLowerCase() })}</h2>
    <div class="table-scroll">
      <table class="funnel-groups" data-funnel-groups>
        <thead>
          <tr><th scope="col">${t(`group_${data.groupBy}`)}</th>${steps.map((step) => html`<th scope="col">${stepName(step)}</th>`)}</tr>
        </thead>
        <tbody>
          ${groups.map(
            (group) => html`<tr data-group=${group.key ?? ""}>
              <th scope="row">${groupLabel(group.key)}</th>
              ${steps.map((step) => html`<td class="num">${group.counts[step]}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
}

/** How the team answers, per advisor and per site: resolved conversations, median times, what people said (1-5). */
function ServiceView({ service, lang, t, siteName }) {
  const duration = (seconds) => (seconds === null ? "—" : formatDuration(lang, seconds * 1000));
  const table = (rows, heading, nameOf, id) => html`<div class="table-scroll">
    <table class="service-table" data-service=${id}>
      <thead><tr>
        <th scope="col">${heading}</th><th scope="col">${t("serviceResolved")}</th><th scope="col">${t("serviceFirstResponse")}</th>
        <th scope="col">${t("serviceResolution")}</th><th scope="col">${t("serviceRating")}</th>
      </tr></thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr data-row=${row.key ?? ""}>
            <th scope="row"><bdi>${nameOf(row)}</bdi></th>
            <td class="num">${row.resolved}</td>
            <td class="num">${duration(row.firstResponseMedianSeconds)}</td>
            <td class="num">${duration(row.resolutionMedianSeconds)}</td>
            <td class="num" data-rating=${row.ratingAverage ?? ""}>${row.ratingAverage === null ? "—" : t("ratingOf", { average: row.ratingAverage.toLocaleString(lang === "fr" ? "fr-MA" : "ar-MA"), count: row.ratings })}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
  return html`<section class="service" data-service-section>
    <h2>${t("serviceTitle")}</h2>
    <p class="intro">${t("serviceIntro")}</p>
    ${service.byAdvisor.length === 0
      ? html`<p class="empty">${t("serviceEmpty")}</p>`
      : html`${table(service.byAdvisor, t("serviceAdvisor"), (row) => row.name ?? t("serviceSomeone"), "advisor")}
          ${table(service.bySite, t("serviceSite"), (row) => siteName(row.key), "site")}`}
  </section>`;
}
