import { and, eq } from "drizzle-orm";
import type { Lang } from "../bot/core/types.ts";
import { isLang } from "../bot/core/types.ts";
import type { Db } from "./client.ts";
import { channelIdentities, contacts } from "./schema/index.ts";

/**
 * The language of the person behind a channel address, or null before they chose one
 * (or never wrote). The web chat uses it to set the page's `lang` and `dir`.
 */
export async function findLanguageByIdentity(db: Db, channel: string, externalId: string): Promise<Lang | null> {
  const [row] = await db
    .select({ language: contacts.language })
    .from(channelIdentities)
    .innerJoin(contacts, eq(contacts.id, channelIdentities.contactId))
    .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, externalId)))
    .limit(1);
  return isLang(row?.language) ? row.language : null;
}
