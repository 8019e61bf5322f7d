import { and, asc, desc, eq, notInArray, sql, type SQL } from "drizzle-orm";
import { MILESTONES } from "../bot/conversation/events.ts";
import type { BookedAppointment } from "./booking.ts";
import { listAppointments } from "./booking.ts";
import type { Db } from "./client.ts";
import { labelsOfContact } from "./labels.ts";
import { latestEligibility } from "./agenda.ts";
import type { ConversationRow } from "./conversations.ts";
import { getProject, type ProjectRow } from "./projects.ts";
import type { RecordedVerdict } from "./schema/index.ts";
import { channelIdentities, contactLabels, contacts, conversationEvents, conversationNotes, conversations, messages, sites, staffUsers } from "./schema/index.ts";
import { queryRows, toDate } from "./sql.ts";

/**
 * What the advisor console reads: the inbox lists and one conversation with everything
 * beside it. Reads only — every change goes through bot/conversation/service.ts.
 */

export type InboxView = "waiting" | "mine" | "all";

export interface InboxRow {
  id: string;
  status: ConversationRow["status"];
  channel: string;
  siteId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  waitingSince: Date | null;
  handoffRequestedAt: Date | null;
  lastMessageAt: Date | null;
  firstName: string | null;
  language: string | null;
  /** The person's latest typed words (140 characters), or null when none are kept. */
  lastText: string | null;
  /** The person's messages since the team last wrote to them. */
  unanswered: number;
  /** The team's labels on the person. */
  labels: string[];
}

const LIST_LIMIT = 100;
const PREVIEW_CHARS = 140;

export function scope(siteIds: readonly string[] | null) {
  if (siteIds === null) return sql`true`;
  if (siteIds.length === 0) return sql`false`;
  return sql`c.site_id in (${sql.join(siteIds.map((id) => sql`${id}`), sql`, `)})`;
}

function viewFilter(view: InboxView, viewerId: string) {
  switch (view) {
    case "waiting":
      return sql`c.status = 'waiting'`;
    case "mine":
      return sql`c.status in ('waiting', 'advisor') and c.assignee_id = ${viewerId}`;
    case "all":
      return sql`c.status <> 'closed' and (c.status <> 'bot' or c.handoff_requested_at is not null)`;
  }
}

/**
 * One inbox list. `siteIds` null: every site (staff); otherwise only those sites'
 * conversations. The longest-waiting person comes first; "all" is by latest message.
 */
export async function listInbox(db: Db, options: { view: InboxView; viewerId: string; siteIds: readonly string[] | null }): Promise<InboxRow[]> {
  const order = options.view === "all" ? sql`c.last_message_at desc nulls last` : sql`c.waiting_since asc nulls last, c.last_message_at desc nulls last`;
  return selectInboxRows(db, sql`${viewFilter(options.view, options.viewerId)} and ${scope(options.siteIds)}`, order, LIST_LIMIT);
}

/** The person's messages since the team last answered: after the latest advisor reply, or after the message that asked for a person. */
const UNANSWERED = sql`(select count(*) from ${messages} m
  where m.conversation_id = c.id and m.direction = 'inbound'
    and m.id > greatest(
      coalesce((select max(a.id) from ${messages} a where a.conversation_id = c.id and a.author = 'advisor'), 0),
      coalesce(c.handoff_message_id, 0)))`;

/** Inbox rows (as the lists show them) for the conversations `where` picks, in `order`. */
export async function selectInboxRows(db: Db, where: SQL, order: SQL, limit: number): Promise<InboxRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.id, c.status, c.channel, c.site_id, c.assignee_id, u.name as assignee_name, c.waiting_since,
          c.handoff_requested_at, c.last_message_at, ct.first_name, ct.language,
          (select left(m.content->>'text', ${PREVIEW_CHARS}) from ${messages} m
             where m.conversation_id = c.id and m.direction = 'inbound' and m.kind = 'text' and m.content is not null
             order by m.id desc limit 1) as last_text,
          case when c.status in ('waiting', 'advisor') then ${UNANSWERED} else 0 end as unanswered,
          (select array_agg(l.label order by l.label) from ${contactLabels} l where l.contact_id = c.contact_id) as labels
        from ${conversations} c
        join ${contacts} ct on ct.id = c.contact_id
        left join ${staffUsers} u on u.id = c.assignee_id
        where ${where}
        order by ${order}
        limit ${limit}`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    status: row.status as InboxRow["status"],
    channel: String(row.channel),
    siteId: (row.site_id as string | null) ?? null,
    assigneeId: (row.assignee_id as string | null) ?? null,
    assigneeName: (row.assignee_name as string | null) ?? null,
    waitingSince: toDate(row.waiting_since),
    handoffRequestedAt: toDate(row.handoff_requested_at),
    lastMessageAt: toDate(row.last_message_at),
    firstName: (row.first_name as string | null) ?? null,
    language: (row.language as string | null) ?? null,
    lastText: (row.last_text as string | null) ?? null,
    unanswered: Number(row.unanswered ?? 0),
    // Both drivers hand text[] over as an array.
    labels: Array.isArray(row.labels) ? row.labels.map(String) : [],
  }));
}


/** How many conversations each list holds, for the tabs' badges. */
export async function countInbox(db: Db, options: { viewerId: string; siteIds: readonly string[] | null }): Promise<InboxCounts> {
  const [row] = await queryRows<{ waiting: string | number; mine: string | number; all: string | number; unread: string | number }>(
    db,
    sql`select count(*) filter (where ${viewFilter("waiting", options.viewerId)}) as waiting,
          count(*) filter (where ${viewFilter("mine", options.viewerId)}) as mine,
          count(*) filter (where ${viewFilter("all", options.viewerId)}) as "all",
          -- Held by the viewer with a message from the person not yet answered (the tab title's "unread").
          count(*) filter (where c.status = 'advisor' and c.assignee_id = ${options.viewerId} and ${UNANSWERED} > 0) as unread
        from ${conversations} c
        where c.status <> 'closed' and ${scope(options.siteIds)}`,
  );
  return { waiting: Number(row?.waiting ?? 0), mine: Number(row?.mine ?? 0), all: Number(row?.all ?? 0), unread: Number(row?.unread ?? 0) };
}

/** The tabs' badges, and the conversations the viewer holds where the person wrote last. */
export type InboxCounts = Record<InboxView | "unread", number>;

/** Messages shown in one conversation, newest last; older ones are not needed to answer. */
const HISTORY_LIMIT = 300;

export interface ConversationDetail {
  conversation: ConversationRow;
  siteName: { fr: string; ar: string; ary: string } | null;
  assigneeName: string | null;
  contact: typeof contacts.$inferSelect;
  channels: string[];
  labels: string[];
  messages: (typeof messages.$inferSelect & { authorName: string | null })[];
  events: (typeof conversationEvents.$inferSelect & { actorName: string | null })[];
  notes: (typeof conversationNotes.$inferSelect & { authorName: string | null })[];
  eligibility: { checkedAt: Date; results: RecordedVerdict[] } | null;
  project: ProjectRow | null;
  appointments: BookedAppointment[];
}

export async function loadConversationDetail(db: Db, id: string): Promise<ConversationDetail | null> {
  const [head] = await db
    .select({ conversation: conversations, contact: contacts, siteData: sites.data, assigneeName: staffUsers.name })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(sites, eq(sites.id, conversations.siteId))
    .leftJoin(staffUsers, eq(staffUsers.id, conversations.assigneeId))
    .where(eq(conversations.id, id))
    .limit(1);
  if (!head) return null;
  const contactId = head.contact.id;
  const history = await db
    .select({ message: messages, authorName: staffUsers.name })
    .from(messages)
    .leftJoin(staffUsers, eq(staffUsers.id, messages.authorStaffId))
    .where(eq(messages.conversationId, id))
    .orderBy(desc(messages.id))
    .limit(HISTORY_LIMIT);
  const events = await db
    .select({ event: conversationEvents, actorName: staffUsers.name })
    .from(conversationEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, conversationEvents.actorId))
    // The console tells the handoff's story; the funnel's milestones are for the analytics pages.
    .where(and(eq(conversationEvents.conversationId, id), notInArray(conversationEvents.type, [...MILESTONES])))
    .orderBy(asc(conversationEvents.id));
  const notes = await db
    .select({ note: conversationNotes, authorName: staffUsers.name })
    .from(conversationNotes)
    .leftJoin(staffUsers, eq(staffUsers.id, conversationNotes.authorId))
    .where(eq(conversationNotes.conversationId, id))
    .orderBy(asc(conversationNotes.id));
  const channelRows = await db.selectDistinct({ channel: channelIdentities.channel }).from(channelIdentities).where(eq(channelIdentities.contactId, contactId));
  const eligibility = (await latestEligibility(db, [contactId])).get(contactId) ?? null;
  const appointments = await listAppointments(db, { contactId });
  return {
    conversation: head.conversation,
    siteName: head.siteData?.name ?? null,
    assigneeName: head.assigneeName,
    contact: head.contact,
    channels: channelRows.map((row) => row.channel),
    labels: await labelsOfContact(db, contactId),
    messages: history.reverse().map((row) => ({ ...row.message, authorName: row.authorName })),
    events: events.map((row) => ({ ...row.event, actorName: row.actorName })),
    notes: notes.map((row) => ({ ...row.note, authorName: row.authorName })),
    eligibility,
    project: await getProject(db, contactId),
    appointments,
  };
}

/** Advisors who may be given conversations, with how many they hold (for staff's "assign to"). */
export async function listAdvisorLoads(db: Db, siteIds: readonly string[] | null) {
  const rows = await queryRows<{ id: string; name: string; capacity: number; open: string | number; seen: unknown; site_ids: string[] | null }>(
    db,
    sql`select u.id, u.name, u.max_open_conversations as capacity, u.console_seen_at as seen,
          (select count(*) from ${conversations} c where c.assignee_id = u.id and c.status in ('waiting', 'advisor')) as open,
          (select array_agg(s.site_id order by s.site_id) from advisor_sites s where s.staff_user_id = u.id) as site_ids
        from ${staffUsers} u
        where u.role = 'advisor' and u.disabled_at is null
        order by u.name`,
  );
  return rows
    .map((row) => ({ id: row.id, name: row.name, capacity: row.capacity, open: Number(row.open), consoleSeenAt: toDate(row.seen), siteIds: row.site_ids ?? [] }))
    .filter((row) => siteIds === null || row.siteIds.some((id) => siteIds.includes(id)));
}

