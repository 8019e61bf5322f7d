import { PROFILE_FIELDS } from "../../eligibility/types.ts";
import { describeAnswer } from "../eligibility/results.ts";
import type { FlowContext } from "../types.ts";
import { formatSlot } from "../../booking/format.ts";

/**
 * "My data": everything the database holds about the person, in their language. When a
 * journey starts keeping a new profile field, it appears here through the profile keys.
 */
export function describeStoredData(ctx: FlowContext): string {
  const { t, contact } = ctx;
  const none = t("privacy:notGiven");
  const lines = [
    t("privacy:dataTitle"),
    t("privacy:fieldName", { value: contact.firstName ?? none }),
    t("privacy:fieldLanguage", { value: t("common:languageName") }),
    t("privacy:fieldPhone", { value: contact.phone ?? none }),
    t("privacy:fieldChannels", { value: contact.channels.map((channel) => t(`common:channel.${channel}`)).join(", ") }),
    t("privacy:fieldConsent", {
      date: contact.consentedAt ? formatDate(contact.consentedAt, ctx) : none,
      version: contact.consentVersion ?? none,
    }),
    t(contact.optedOut ? "privacy:announcementsOff" : "privacy:announcementsOn"),
  ];
  for (const field of PROFILE_FIELDS) {
    const value = describeAnswer(field, contact.profile, t, ctx.lang);
    if (value !== null) lines.push(t("privacy:fieldProfile", { field: t(`check:field.${field}`), value }));
  }
  // Meetings and the project are kept too: named here, with what the engine loaded for this turn.
  const meetings = ctx.booking?.appointments ?? [];
  if (meetings.length > 0) lines.push(t("privacy:fieldMeetings", { value: meetings.map((meeting) => formatSlot(meeting.start, ctx.lang)).join(" ; ") }));
  const canvas = ctx.project?.canvas ?? {};
  const idea = typeof canvas.idea === "string" ? canvas.idea : null;
  if (Object.keys(canvas).length > 0) lines.push(t("privacy:fieldProject", { value: idea ?? t("privacy:projectUntitled") }));
  lines.push(t("privacy:fieldMessages"));
  lines.push("", t("privacy:retention"));
  return lines.join("\n");
}

function formatDate(date: Date, ctx: FlowContext): string {
  const locale = ctx.lang === "fr" ? "fr-MA" : "ar-MA";
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "Africa/Casablanca" }).format(date);
}
