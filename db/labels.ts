import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { contactLabels } from "./schema/index.ts";
import { queryRows } from "./sql.ts";

/** Puts a label on a person; false when they already had it. */
export async function addContactLabel(db: Db, input: { contactId: string; label: string; createdBy: string; at: Date }): Promise<boolean> {
  const rows = await db
    .insert(contactLabels)
    .values({ contactId: input.contactId, label: input.label, createdBy: input.createdBy, createdAt: input.at })
    .onConflictDoNothing()
    .returning({ label: contactLabels.label });
  return rows.length > 0;
}

/** Takes a label off a person; false when they did not have it. */
export async function removeContactLabel(db: Db, contactId: string, label: string): Promise<boolean> {
  const rows = await db
    .delete(contactLabels)
    .where(and(eq(contactLabels.contactId, contactId), eq(contactLabels.label, label)))
    .returning({ label: contactLabels.label });
  return rows.length > 0;
}

export async function labelsOfContact(db: Db, contactId: string): Promise<string[]> {
  const rows = await db.select({ label: contactLabels.label }).from(contactLabels).where(eq(contactLabels.contactId, contactId)).orderBy(contactLabels.label);
  return rows.map((row) => row.label);
}

/** Every label in use with how many people carry it: the console's filter and the announcement form offer these. */
export async function listLabelsInUse(db: Db): Promise<{ label: string; people: number }[]> {
  const rows = await queryRows<{ label: string; people: number | string }>(
    db,
    sql`select l.label, count(*) as people from ${contactLabels} l join contacts c on c.id = l.contact_id
        where c.erased_at is null group by l.label order by l.label`,
  );
  return rows.map((row) => ({ label: row.label, people: Number(row.people) }));
}
