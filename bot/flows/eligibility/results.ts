import type { Lang } from "../../core/types.ts";
import { renderReason } from "../../eligibility/index.ts";
import type { Profile, ProfileField, ProgramVerdict, Reason } from "../../eligibility/types.ts";
import { verdictLabel } from "../../eligibility/verdict-label.ts";
import { placeName } from "../../geography/index.ts";
import type { Catalogue, CatalogueEntry } from "../../programs/catalogue.ts";
import type { FlowContext, Translate } from "../types.ts";
import { OTHER_COUNTRY, OTHER_VALUE } from "./questions.ts";

/**
 * The verdict list a person reads: where they qualify, where it is still to be checked
 * with the platform, where they nearly qualify, where they do not — each with the reason
 * that decided it. Past programmes are named apart, never offered. Pure.
 */

export interface VerdictGroups {
  eligible: ProgramVerdict[];
  toCheck: ProgramVerdict[];
  nearly: ProgramVerdict[];
  notEligible: ProgramVerdict[];
  past: ProgramVerdict[];
}

export function groupVerdicts(results: readonly ProgramVerdict[], catalogue: Catalogue): VerdictGroups {
  const groups: VerdictGroups = { eligible: [], toCheck: [], nearly: [], notEligible: [], past: [] };
  for (const result of results) {
    const program = catalogue.byId.get(result.programId);
    if (!program) continue;
    if (program.status === "past") groups.past.push(result);
    else groups[GROUP_OF[verdictLabel(result)]].push(result);
  }
  return groups;
}

const GROUP_OF = { eligible: "eligible", to_check: "toCheck", nearly: "nearly", not_eligible: "notEligible" } as const;

function firstReason(result: ProgramVerdict, ctx: FlowContext, decisive: (reason: Reason) => boolean): string | null {
  const reason = result.reasons.find(decisive) ?? result.reasons[0];
  return reason ? renderReason(reason, ctx.t, ctx.lang) : null;
}

function line(program: CatalogueEntry, lang: Lang, reason: string | null): string {
  return reason ? `• ${program.name[lang]} — ${reason}` : `• ${program.name[lang]}`;
}

/** How many programmes a phone screen shows at once: where one qualifies, then what to check first. */
const SHOWN_ELIGIBLE = 5;
const SHOWN_TO_CHECK = 3;

/**
 * The verdicts as they fit a phone: where the person qualifies, the few programmes to
 * check first, and how many others there are (not for them, nearly, past), behind a
 * button. Nobody in Khouribga reads ten lines about programmes in Côte d'Ivoire.
 */
export function describeShortVerdicts(groups: VerdictGroups, catalogue: Catalogue, ctx: FlowContext): { text: string; others: number } {
  const eligible = groups.eligible.slice(0, SHOWN_ELIGIBLE);
  // Nothing to apply to or check: the nearly-there are the useful news.
  const toCheck = groups.toCheck.length > 0 || eligible.length > 0 ? groups.toCheck.slice(0, SHOWN_TO_CHECK) : [];
  const nearly = eligible.length === 0 && toCheck.length === 0 ? groups.nearly.slice(0, SHOWN_TO_CHECK) : [];
  const shown: VerdictGroups = { eligible, toCheck, nearly, notEligible: [], past: [] };
  const total = groups.eligible.length + groups.toCheck.length + groups.nearly.length + groups.notEligible.length + groups.past.length;
  const others = total - eligible.length - toCheck.length - nearly.length;
  if (eligible.length + toCheck.length + nearly.length === 0) return { text: describeVerdicts(groups, catalogue, ctx), others: 0 };
  const text = describeVerdicts(shown, catalogue, ctx);
  return { text: others > 0 ? `${text}\n\n${ctx.t("check:results.others", { count: others })}` : text, others };
}

export function describeVerdicts(groups: VerdictGroups, catalogue: Catalogue, ctx: FlowContext): string {
  const { t, lang } = ctx;
  const name = (result: ProgramVerdict) => catalogue.byId.get(result.programId)!;
  const sections: string[] = [];
  const section = (titleKey: string, results: ProgramVerdict[], reasonOf: (result: ProgramVerdict) => string | null) => {
    if (results.length === 0) return;
    sections.push([t(titleKey), ...results.map((result) => line(name(result), lang, reasonOf(result)))].join("\n"));
  };
  section("check:results.eligible", groups.eligible, () => null);
  section("check:results.toCheck", groups.toCheck, (result) =>
    firstReason(result, ctx, (reason) => reason.kind === "unsure") ?? t("check:results.needsMoreAnswers"),
  );
  section("check:results.nearly", groups.nearly, (result) => firstReason(result, ctx, (reason) => reason.kind !== "unsure" && !reason.met));
  section("check:results.notEligible", groups.notEligible, (result) =>
    firstReason(result, ctx, (reason) => reason.kind !== "unsure" && !reason.met),
  );
  if (groups.past.length > 0) {
    sections.push(t("check:results.past", { names: groups.past.map((result) => name(result).name[lang]).join(", ") }));
  }
  if (sections.length === 0) return t("check:results.none");
  return [t("check:results.title"), ...sections].join("\n\n");
}

/** One answer as the person reads it back: "Khouribga", "24", "Stagiaire de l'OFPPT". */
export function describeAnswer(field: ProfileField, profile: Profile, t: Translate, lang: Lang): string | null {
  const value = profile[field];
  if (value === undefined) return null;
  switch (field) {
    case "province":
    case "region":
      return placeName(String(value), lang) ?? String(value);
    case "country":
      return value === OTHER_COUNTRY ? t("check:otherCountry") : t(`eligibility:value.country.${String(value)}`, { defaultValue: String(value) });
    case "age":
    case "organizationAgeYears":
    case "locality":
      return value === OTHER_VALUE ? t("check:otherPlace") : String(value);
    case "organizationWomenLed":
      return t(value ? "common:yes" : "common:no");
    default:
      return t(`eligibility:value.${field}.${String(value)}`);
  }
}
