import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts.ts";
import { staffUsers } from "./staff.ts";

/**
 * Labels advisors put on a person ("couture", "à rappeler", "coopérative"): found again by
 * the console's filters, and a broadcast segment for staff. Short words chosen by the
 * team, about the person; erased with their data.
 */
export const contactLabels = pgTable(
  "contact_labels",
  {
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** Lower case, trimmed, at most 40 characters (bot/conversation/labels.ts). */
    label: text("label").notNull(),
    createdBy: uuid("created_by").references(() => staffUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.contactId, table.label] }), index("contact_labels_label_idx").on(table.label)],
);
