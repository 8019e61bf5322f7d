import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import { scope, selectInboxRows, type InboxRow } from "./console.ts";
import type { ConversationStatus } from "./schema/index.ts";
import { queryRows } from "./sql.ts";

/**
 * The console's search: people by first name, phone number or the words of their messages
 * (and of the advisors' replies), narrowed by site, language, channel, status, label and
 * assignee. Words go through PostgreSQL full-text search on `rafiq_search_text` (migration
 * 0008_search: no accents, one spelling of Arabic letters, the article off), the same on
 * PostgreSQL and PGlite; each word matches the beginning of a word («financ» finds
 * «financement»), and every word must match.
 */

export interface SearchFilters {
  siteId?: string;
  language?: string;
  channel?: string;
  status?: ConversationStatus;
  label?: string;
  /** A staff id, or "none" for nobody. */
  assigneeId?: string;
}

export interface SearchRow extends InboxRow {
  /** The latest message whose words matched (140 characters), when the words matched a message. */
  matchedText: string | null;
}

/** Results shown at once: a search is refined, not scrolled. */
export const SEARCH_LIMIT = 50;
const MATCH_CHARS = 140;
/** Digits that make a phone search (fewer would match everyone). */
const MIN_PHONE_DIGITS = 4;
/** Words kept from a query; more only slows it down. */
const MAX_WORDS = 8;

/** The words of a query, letters and digits of any script; one-letter words say nothing. */
export function searchWords(query: string): string[] {
  const words = query.normalize("NFC").match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.filter((word) => [...word].length >= 2).slice(0, MAX_WORDS);
}

function phoneDigits(query: string): string | null {
  if (/\p{L}/u.test(query)) return null;
  const digits = query.replace(/\D/g, "");
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

function filterClauses(filters: SearchFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.siteId) where.push(sql`c.site_id = ${filters.siteId}`);
  if (filters.language) where.push(sql`ct.language = ${filters.language}`);
  if (filters.channel) where.push(sql`c.channel = ${filters.channel}`);
  // Erased conversations hold nothing to find: only asked for by name.
  where.push(filters.status ? sql`c.status = ${filters.status}` : sql`c.status <> 'closed'`);
  if (filters.label) where.push(sql`exists (select 1 from contact_labels l where l.contact_id = c.contact_id and l.label = ${filters.label})`);
  if (filters.assigneeId === "none") where.push(sql`c.assignee_id is null`);
  else if (filters.assigneeId) where.push(sql`c.assignee_id = ${filters.assigneeId}`);
  return where;
}

/**
 * Conversations matching `query` (may be empty: filters alone) among the sites the reader
 * sees (`siteIds` null: all), latest first.
 */
export async function searchConversations(db: Db, options: { query: string; filters: SearchFilters; siteIds: readonly string[] | null }): Promise<SearchRow[]> {
  const words = await normalizedWords(db, searchWords(options.query));
  const digits = phoneDigits(options.query);
  const where = [...filterClauses(options.filters), scope(options.siteIds)];
  const ctes: SQL[] = [];
  const sources: SQL[] = [];
  let matchedText = sql`null::text`;
  let join = sql``;
  if (words.length > 0) {
    // Each word a prefix query; quote_literal keeps it one lexeme whatever it holds.
    const tsquery = sql.join(
      words.map((word) => sql`to_tsquery('simple', quote_literal(${word}) || ':*')`),
      sql` && `,
    );
    ctes.push(sql`hits as (
        select m.conversation_id, max(m.id) as message_id from messages m
        where ((m.direction = 'inbound' and m.kind = 'text') or m.author = 'advisor')
          and to_tsvector('simple', rafiq_search_text(m.content->>'text')) @@ (${tsquery})
        group by m.conversation_id)`);
    sources.push(sql`select conversation_id as id from hits`);
    // The first name by its beginning, on the expression index (a literal prefix).
    sources.push(sql`select c.id from contacts ct join conversations c on c.contact_id = ct.id
        where ct.first_name is not null and rafiq_search_text(ct.first_name) like ${`${words.join(" ")}%`}`);
    join = sql`left join hits h on h.conversation_id = c.id left join messages hm on hm.id = h.message_id`;
    matchedText = sql`left(hm.content->>'text', ${MATCH_CHARS})`;
  }
  if (digits) {
    // Written +212 6…, 06… or 6…: the digits after the country code or the leading 0 are what people remember.
    const local = digits.replace(/^(212|0)/, "");
    sources.push(sql`select c.id from contacts ct join conversations c on c.contact_id = ct.id
        where ct.phone is not null and regexp_replace(ct.phone, '[^0-9]', '', 'g') like ${`%${local}%`}`);
  }
  if (sources.length > 0) ctes.push(sql`found as (${sql.join(sources, sql` union `)})`);
  const withClause = ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)}` : sql``;
  const from = sources.length > 0 ? sql`found f join conversations c on c.id = f.id` : sql`conversations c`;
  const rows = await queryRows<{ id: string; matched_text: string | null }>(
    db,
    sql`${withClause}
        select c.id, ${matchedText} as matched_text
        from ${from} join contacts ct on ct.id = c.contact_id ${join}
        where ${sql.join(where, sql` and `)}
        order by c.last_message_at desc nulls last, c.id
        limit ${SEARCH_LIMIT}`,
  );
  if (rows.length === 0) return [];
  const matched = new Map(rows.map((row) => [String(row.id), row.matched_text ?? null]));
  const ids = sql.join([...matched.keys()].map((id) => sql`${id}::uuid`), sql`, `);
  const full = await selectInboxRows(db, sql`c.id in (${ids})`, sql`c.last_message_at desc nulls last, c.id`, SEARCH_LIMIT);
  return full.map((row) => ({ ...row, matchedText: matched.get(row.id) ?? null }));
}

/**
 * The words as the index spells them (the database's own function, so both sides always
 * agree), without those left empty and without the LIKE wildcards.
 */
async function normalizedWords(db: Db, words: string[]): Promise<string[]> {
  if (words.length === 0) return [];
  const rows = await queryRows<{ word: string | null }>(db, sql`select rafiq_search_text(w) as word from unnest(${sql`array[${sql.join(words.map((word) => sql`${word}`), sql`, `)}]::text[]`}) w`);
  return rows.map((row) => (row.word ?? "").replace(/[%_\\\s]/g, "")).filter((word) => word.length > 0);
}
