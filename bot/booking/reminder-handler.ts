import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { getAppointment } from "../../db/booking.ts";
import type { JobRow } from "../../db/jobs.ts";
import { insertOutbound } from "../../db/messages.ts";
import { contacts, conversations } from "../../db/schema/index.ts";
import { getSite } from "../../db/sites.ts";
import { toSite } from "../../db/sites.ts";
import type { JobHandler } from "../core/jobs.ts";
import type { ChannelName, Lang, Outbound } from "../core/types.ts";
import type { Translator } from "../i18n.ts";
import { formatSlot } from "./format.ts";
import { readReminderPayload } from "./reminders.ts";

/**
 * What a reminder says and where it goes: 24 h and 2 h before, in the person's language,
 * on the channel they last wrote from, with buttons to confirm or cancel (the `appt:*`
 * buttons work from any step). It is written to the outbox in the job's transaction, so
 * it is sent once, after a restart too. People who stopped announcements still get
 * reminders of their own appointments: those are not announcements.
 */
export function createReminderHandler(deps: { translator: Translator; onQueued: (conversationId: string, channel: ChannelName) => void }): JobHandler {
  return async (job: JobRow, tx: Db) => {
    const payload = readReminderPayload(job);
    if (!payload) return; // malformed: nothing sensible to send; done
    const appointment = await getAppointment(tx, payload.appointmentId);
    if (!appointment || appointment.status !== "confirmed") return;
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, appointment.contactId)).limit(1);
    if (!contact || contact.erasedAt || contact.unreachableAt) return;
    const [conversation] = await tx
      .select({ id: conversations.id, channel: conversations.channel })
      .from(conversations)
      .where(and(eq(conversations.contactId, contact.id), isNotNull(conversations.identityId), ne(conversations.status, "closed")))
      .orderBy(desc(conversations.lastMessageAt))
      .limit(1);
    if (!conversation) return;
    const siteRow = await getSite(tx, appointment.siteId);
    const site = siteRow ? toSite(siteRow) : null;
    const lang = (contact.language ?? "fr") as Lang;
    const t = deps.translator.forLang(lang);
    const when = formatSlot(appointment.start, lang);
    const siteName = site?.name[lang] ?? appointment.siteId;
    const address = site?.address[lang] ?? "";
    const message: Outbound = {
      kind: "choices",
      text: t(`booking:reminder.${payload.which}`, { when, site: siteName, address }),
      // Outside WhatsApp's 24-hour window, the approved reminder template stands for it (same buttons).
      notice: { template: "meeting_reminder", values: { when, site: siteName, address, name: contact.firstName ?? "" } },
      choices: [
        { id: `appt:ok:${appointment.id}`, label: t("booking:imComing") },
        { id: `appt:move:${appointment.id}`, label: t("booking:reschedule") },
        { id: `appt:cancel:${appointment.id}`, label: t("booking:cancelIt") },
      ],
    };
    await insertOutbound(tx, [
      { conversationId: conversation.id, channel: conversation.channel, replyToId: null, author: "system", kind: message.kind, content: message as unknown as Record<string, unknown> },
    ]);
    // Wake the channel's sender once the job's transaction has committed (the sweep catches it otherwise).
    setImmediate(() => deps.onQueued(conversation.id, conversation.channel as ChannelName));
  };
}
