import type { Db } from "../../db/client.ts";
import type { JobRow } from "../../db/jobs.ts";
import { insertOutbound } from "../../db/messages.ts";
import { getSite, toSite } from "../../db/sites.ts";
import { absentLinkedAdvisors, staffChats, type StaffChat } from "../../db/staff-links.ts";
import type { JobHandler } from "../core/jobs.ts";
import { LANGUAGES, type ChannelName, type Lang, type Outbound } from "../core/types.ts";
import type { Translator } from "../i18n.ts";
import { ONLINE_WINDOW_MS } from "./assignment.ts";

/** The job that tells absent advisors someone waits (scheduled with the request, in its transaction). */
export const WAITING_ALERT_JOB = "staff_alert_waiting";

export function waitingAlertJob(conversationId: string, siteId: string, at: Date) {
  return { kind: WAITING_ALERT_JOB, runAt: at, payload: { conversationId, siteId }, dedupeKey: `${WAITING_ALERT_JOB}:${conversationId}:${at.getTime()}`, maxAttempts: 3 };
}

/** Writes one message to a staff member's own chat with the bot (the outbox sends it on their channel). */
export async function messageStaff(tx: Db, chat: StaffChat, message: Outbound): Promise<void> {
  await insertOutbound(tx, [
    { conversationId: chat.conversationId, channel: chat.channel, replyToId: null, author: "system", kind: message.kind, content: message as unknown as Record<string, unknown> },
  ]);
}

export function staffLang(chat: StaffChat): Lang {
  return LANGUAGES.find((lang) => lang === chat.language) ?? "fr";
}

/**
 * Someone waits at a site: each advisor of that site who linked their Telegram (or web
 * chat) and whose console is closed gets one short message with the console's address.
 * Nothing about the person (no name, no words): a phone's lock screen shows it.
 */
export function createWaitingAlertHandler(deps: { translator: Translator; consoleUrl: string; onQueued: (conversationId: string, channel: ChannelName) => void }): JobHandler {
  return async (job: JobRow, tx: Db) => {
    const siteId = typeof job.payload.siteId === "string" ? job.payload.siteId : null;
    if (!siteId) return;
    const absent = await absentLinkedAdvisors(tx, siteId, new Date(job.runAt.getTime() - ONLINE_WINDOW_MS));
    const siteRow = await getSite(tx, siteId);
    const site = siteRow ? toSite(siteRow) : null;
    for (const chat of await staffChats(tx, absent)) {
      const lang = staffLang(chat);
      const t = deps.translator.forLang(lang);
      await messageStaff(tx, chat, { kind: "text", text: t("staff:someoneWaits", { site: site?.name[lang] ?? siteId, url: deps.consoleUrl }) });
      setImmediate(() => deps.onQueued(chat.conversationId, chat.channel as ChannelName));
    }
  };
}
