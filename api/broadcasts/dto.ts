import { composeBroadcast } from "../../bot/broadcast/message.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import type { Translator } from "../../bot/i18n.ts";
import type { BroadcastRow, BroadcastStats } from "../../db/broadcasts.ts";

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** A broadcast as the API shows it: fields by name, never a raw row. */
export function toBroadcastDto(row: BroadcastRow, stats?: BroadcastStats) {
  return {
    id: row.id,
    title: row.title,
    texts: row.texts,
    action: row.action ?? null,
    segment: row.segment,
    status: row.status,
    scheduledAt: iso(row.scheduledAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    cancelledAt: iso(row.cancelledAt),
    recipientCount: row.recipientCount,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(stats ? { stats } : {}),
  };
}

/** What each language's readers will get: the text with its footer, and the button's label. */
export function previewOf(row: Pick<BroadcastRow, "texts" | "action">, translator: Translator) {
  return LANGUAGES.map((lang) => {
    const message = composeBroadcast({ texts: row.texts, action: row.action ?? null }, lang, translator.forLang(lang));
    return { lang, text: message.text, buttons: message.kind === "choices" ? message.choices.map((choice) => choice.label) : [] };
  });
}
