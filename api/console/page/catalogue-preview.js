// The live preview of a programme's rules: the verdicts the rules being typed would give
// a few sample profiles, asked of the server (the same engine as the chat) before saving.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api.js";
import { html, translate, verdictName } from "./ui.js";

/** Sample people, in the eligibility profile's vocabulary (README: the profile fields). */
export const SAMPLE_PROFILES = [
  { key: "youngKhouribga", profile: { age: 24, gender: "male", country: "MA", province: "khouribga", status: "unemployed", organizationType: "none" } },
  {
    key: "womanCoop",
    profile: { age: 29, gender: "female", country: "MA", province: "laayoune", status: "self_employed", organizationType: "cooperative", organizationAgeYears: 2, organizationWomenLed: true },
  },
  { key: "olderCasablanca", profile: { age: 37, gender: "male", country: "MA", province: "casablanca", status: "employed", organizationType: "none" } },
  { key: "studentDakhla", profile: { age: 20, gender: "female", country: "MA", province: "oued-ed-dahab", status: "student", organizationType: "none" } },
  { key: "unknown", profile: {} },
];

const PREVIEW_DELAY_MS = 300;

export function RulesPreview({ lang, rulesText }) {
  const t = (key, vars) => translate(lang, `catalogue:${key}`, vars);
  const [results, setResults] = useState(null);
  const [problem, setProblem] = useState(null);
  const timer = useRef(null);
  const latest = useRef(0);

  useEffect(() => {
    clearTimeout(timer.current);
    let rules;
    try {
      rules = JSON.parse(rulesText);
    } catch (error) {
      setProblem(t("rulesInvalid", { message: error.message }));
      return;
    }
    timer.current = setTimeout(async () => {
      const request = ++latest.current;
      try {
        const answer = await api("/api/v1/admin/programs/preview", { method: "POST", body: { rules, profiles: SAMPLE_PROFILES.map((sample) => sample.profile), lang } });
        if (request !== latest.current) return;
        setResults(answer.results);
        setProblem(null);
      } catch (error) {
        if (request !== latest.current) return;
        setProblem(t("rulesInvalid", { message: error instanceof ApiError ? error.message : String(error) }));
      }
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [rulesText, lang]);

  return html`<div class="rules-preview" data-preview>
    <h3>${t("preview")}</h3>
    ${problem && html`<p class="problem" role="alert" data-rules-problem>${problem}</p>`}
    <table>
      <thead><tr><th scope="col">${t("profile")}</th><th scope="col">${t("verdict")}</th><th scope="col">${t("reason")}</th></tr></thead>
      <tbody>
        ${SAMPLE_PROFILES.map((sample, index) => {
          const result = results?.[index];
          return html`<tr data-sample=${sample.key} class=${problem ? "stale" : ""}>
            <th scope="row">${t(`sample_${sample.key}`)}</th>
            <td><span class=${`verdict verdict-${result?.verdict ?? "none"}`} data-verdict=${result?.verdict ?? ""}>${result ? verdictName(lang, result.label ?? result.verdict) : "…"}</span></td>
            <td>${result?.reasons?.join(" · ") ?? ""}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
