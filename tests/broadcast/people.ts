import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { ContactProfile } from "../../db/schema/index.ts";
import { TARGETING_NOTICE_VERSION } from "../../db/segments.ts";

/** One person as a broadcast test needs them: where they chat, in what language, what they said about themselves. */
export interface PersonSpec {
  channel: "web" | "telegram" | "whatsapp";
  /** The channel's id for them (a Telegram chat id, a web token). */
  externalId: string;
  language?: "fr" | "ar" | "ary";
  profile?: ContactProfile;
  consented?: boolean;
  /** The notice they agreed to; by default the first that names targeting. */
  consentVersion?: string;
  optedOut?: boolean;
  erased?: boolean;
  unreachable?: boolean;
}

export interface SeededPerson {
  contactId: string;
  conversationId: string;
  externalId: string;
  channel: string;
}

const BATCH = 500;

/**
 * Writes people straight into the tables (contact, channel identity, conversation), as
 * the engine leaves them after onboarding: thousands in seconds, for segments and the
 * kill test. The flows that produce such rows have their own tests.
 */
export async function seedPeople(db: Db, people: readonly PersonSpec[], at = new Date("2026-03-01T09:00:00Z")): Promise<SeededPerson[]> {
  const seeded: SeededPerson[] = [];
  const when = at.toISOString();
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = people.slice(start, start + BATCH).map((person) => ({
      ...person,
      contactId: randomUUID(),
      identityId: randomUUID(),
      conversationId: randomUUID(),
    }));
    const list = (rows: SQL[]) => sql.join(rows, sql`, `);
    await db.execute(sql`insert into contacts (id, language, profile, consent_version, consented_at, opted_out, erased_at, unreachable_at, created_at, updated_at)
      values ${list(
        batch.map((person) => {
          const consented = person.consented ?? true;
          return sql`(${person.contactId}, ${person.language ?? "fr"}, ${JSON.stringify(person.profile ?? {})}::jsonb, ${consented ? (person.consentVersion ?? TARGETING_NOTICE_VERSION) : null},
            ${consented ? when : null}::timestamptz, ${person.optedOut ?? false}, ${person.erased ? when : null}::timestamptz,
            ${person.unreachable ? when : null}::timestamptz, ${when}, ${when})`;
        }),
      )}`);
    await db.execute(sql`insert into channel_identities (id, contact_id, channel, external_id)
      values ${list(batch.map((person) => sql`(${person.identityId}, ${person.contactId}, ${person.channel}, ${person.externalId})`))}`);
    await db.execute(sql`insert into conversations (id, contact_id, identity_id, channel, last_message_at)
      values ${list(batch.map((person) => sql`(${person.conversationId}, ${person.contactId}, ${person.erased ? null : person.identityId}, ${person.channel}, ${when})`))}`);
    seeded.push(...batch.map((person) => ({ contactId: person.contactId, conversationId: person.conversationId, externalId: person.externalId, channel: person.channel })));
  }
  return seeded;
}
