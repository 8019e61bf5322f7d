import { placeName } from "../../bot/geography/index.ts";
import type { Catalogue } from "../../bot/programs/catalogue.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import { renderReason } from "../../bot/eligibility/index.ts";
import { verdictLabel } from "../../bot/eligibility/verdict-label.ts";
import type { Translator } from "../../bot/i18n.ts";
import type { ConversationDetail, InboxRow } from "../../db/console.ts";
import type { ConversationRow } from "../../db/conversations.ts";

/**
 * What the console receives: chosen fields, mapped one by one (never raw rows), and
 * message contents turned into what a reader needs (a pressed button shows its label).
 */

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : null);

export function toInboxDto(row: InboxRow) {
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    siteId: row.siteId,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName } : null,
    waitingSince: iso(row.waitingSince),
    handoffRequestedAt: iso(row.handoffRequestedAt),
    lastMessageAt: iso(row.lastMessageAt),
    person: { firstName: row.firstName, language: row.language },
    lastText: row.lastText,
    unanswered: row.unanswered,
    labels: row.labels,
  };
}

export function toConversationStateDto(row: ConversationRow) {
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    siteId: row.siteId,
    assigneeId: row.assigneeId,
    waitingSince: iso(row.waitingSince),
    handoffRequestedAt: iso(row.handoffRequestedAt),
    assignedAt: iso(row.assignedAt),
    firstResponseAt: iso(row.firstResponseAt),
  };
}

type StoredMessage = ConversationDetail["messages"][number];

interface MessageDto {
  id: number;
  at: string;
  direction: "in" | "out";
  author: StoredMessage["author"];
  authorName: string | null;
  /** `text`, `choice`, `start`, `media`, `location`, `contact` in; `text`, `choices`, `link`, `advisor` out. */
  kind: string;
  /** What the reader sees; null when the content was not kept (before consent) or erased. */
  text: string | null;
  choices?: string[];
  url?: string;
  /** Outbound only: pending, sent, delivered or failed. */
  delivery?: string;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

const str = (value: unknown) => (typeof value === "string" ? value : null);

/** Messages in order, each pressed button shown with the label it had on screen. */
export function toMessageDtos(rows: readonly StoredMessage[]): MessageDto[] {
  const labels = new Map<string, string>();
  return rows.map((row) => {
    const content = asRecord(row.content);
    const base = { id: row.id, at: row.createdAt.toISOString(), author: row.author, authorName: row.authorName, kind: row.kind };
    if (row.direction === "outbound") {
      const choices = Array.isArray(content?.choices) ? content.choices.map(asRecord).filter((choice) => choice !== null) : [];
      for (const choice of choices) {
        const id = str(choice.id);
        const label = str(choice.label);
        if (id && label) labels.set(id, label);
      }
      return {
        ...base,
        direction: "out" as const,
        text: str(content?.text),
        ...(choices.length > 0 ? { choices: choices.map((choice) => str(choice.label) ?? "") } : {}),
        ...(str(content?.url) ? { url: str(content?.url)! } : {}),
        delivery: row.status,
      };
    }
    const text =
      content === null
        ? null
        : row.kind === "text"
          ? str(content.text)
          : row.kind === "choice"
            ? (labels.get(str(content.choiceId) ?? "") ?? str(content.choiceId))
            : row.kind === "media"
              ? str(content.media)
              : row.kind === "location"
                ? `${String(content.latitude)}, ${String(content.longitude)}`
                : row.kind === "start"
                  ? (str(content.payload) ?? "")
                  : null;
    return { ...base, direction: "in" as const, text };
  });
}

export function toDetailDto(detail: ConversationDetail, catalogue: Catalogue, staffNames: ReadonlyMap<string, string>, publicUrl: string, translator: Translator) {
  const { contact, project } = detail;
  const sheetToken = project?.sheetToken && !project.sheetRevokedAt ? project.sheetToken : null;
  return {
    conversation: { ...toConversationStateDto(detail.conversation), siteName: detail.siteName, assigneeName: detail.assigneeName },
    person: {
      id: contact.id,
      firstName: contact.firstName,
      language: contact.language,
      phone: contact.phone,
      profile: contact.profile,
      // Province and region slugs as people read them, in both scripts.
      placeNames: Object.fromEntries(
        [contact.profile.province, contact.profile.region]
          .filter((slug): slug is string => typeof slug === "string")
          .map((slug) => [slug, { fr: placeName(slug, "fr") ?? slug, ar: placeName(slug, "ar") ?? slug }]),
      ),
      consent: contact.consentedAt ? { version: contact.consentVersion, at: iso(contact.consentedAt) } : null,
      optedOut: contact.optedOut,
      unreachable: contact.unreachableAt !== null,
      erased: contact.erasedAt !== null,
      entryPoint: contact.entryPoint,
      since: iso(contact.createdAt),
      channels: detail.channels,
      labels: detail.labels,
    },
    messages: toMessageDtos(detail.messages),
    events: detail.events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      type: event.type,
      actor: { kind: event.actorKind, id: event.actorId, name: event.actorName },
      data: event.data,
    })),
    notes: detail.notes.map((note) => ({ id: note.id, at: note.createdAt.toISOString(), authorName: note.authorName, text: note.text })),
    eligibility: detail.eligibility
      ? {
          checkedAt: detail.eligibility.checkedAt.toISOString(),
          results: detail.eligibility.results.map((result) => ({
            programId: result.programId,
            name: catalogue.byId.get(result.programId)?.name ?? null,
            verdict: result.verdict,
            // The chat's words and reason, in each language the console may be read in.
            label: result.label ?? verdictLabel(result),
            reason: result.reason ? Object.fromEntries(LANGUAGES.map((lang) => [lang, renderReason(result.reason!, translator.forLang(lang), lang)])) : null,
          })),
        }
      : null,
    project: project
      ? { idea: project.canvas.idea ?? null, sector: project.canvas.sector ?? null, sheetUrl: sheetToken ? `${publicUrl}/p/${sheetToken}` : null, updatedAt: iso(project.updatedAt) }
      : null,
    appointments: detail.appointments.map((appointment) => ({
      id: appointment.id,
      start: appointment.start.toISOString(),
      end: appointment.end.toISOString(),
      status: appointment.status,
      siteId: appointment.siteId,
      topic: appointment.topic,
    })),
    /** Names of the staff the events mention (assignees), by id. */
    staff: Object.fromEntries(staffNames),
  };
}
