import type { Lang } from "../../bot/core/types.ts";
import type { AgendaEntry } from "../../db/agenda.ts";
import type { AdvisorSiteRow, AvailabilityExceptionRow } from "../../db/availability.ts";
import type { SiteRow } from "../../db/sites.ts";
import { toSite } from "../../db/sites.ts";

/** What the booking API returns: chosen fields, never raw rows. */

export function toPublicSiteDto(row: SiteRow, lang: Lang) {
  const site = toSite(row);
  return {
    id: site.id,
    name: site.name[lang],
    address: site.address[lang],
    openingHours: site.openingHours[lang],
    province: site.province,
    phone: site.phone,
    programIds: site.programIds,
    demo: site.demo,
  };
}

export function toAdminSiteDto(row: SiteRow) {
  return {
    ...toSite(row),
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAdvisorSiteDto(row: AdvisorSiteRow) {
  return {
    siteId: row.siteId,
    meetingMinutes: row.meetingMinutes,
    bufferMinutes: row.bufferMinutes,
    minNoticeMinutes: row.minNoticeMinutes,
    horizonDays: row.horizonDays,
    dailyCap: row.dailyCap,
    weekly: row.weekly,
    demo: row.demo,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toExceptionDto(row: AvailabilityExceptionRow) {
  return {
    id: row.id,
    siteId: row.siteId,
    date: row.date,
    kind: row.kind,
    start: row.startTime,
    end: row.endTime,
    note: row.note,
  };
}

/** One appointment for the advisor's agenda, with what they need before the meeting. */
/** `publicUrl`: where the project sheet is served, so the advisor opens the same sheet as the person. */
export function toAgendaDto(entry: AgendaEntry, publicUrl: string) {
  const { appointment, contact } = entry;
  return {
    id: appointment.id,
    status: appointment.status,
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    topic: appointment.topic,
    site: entry.site,
    advisor: entry.advisor,
    cancelReason: appointment.cancelReason,
    changedBy: { kind: appointment.changedByKind, id: appointment.changedBy },
    changedAt: appointment.changedAt.toISOString(),
    createdAt: appointment.createdAt.toISOString(),
    rescheduledFrom: appointment.rescheduledFrom,
    contact: {
      id: contact.id,
      firstName: contact.firstName,
      language: contact.language,
      profile: contact.profile,
      erased: contact.erased,
    },
    eligibility: entry.eligibility
      ? { checkedAt: entry.eligibility.checkedAt.toISOString(), results: entry.eligibility.results }
      : null,
    projectSheetUrl: entry.sheetToken ? `${publicUrl}/p/${entry.sheetToken}` : null,
  };
}
