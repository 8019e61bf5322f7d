import { z } from "zod";
import type { StoredOutbound } from "../../bot/core/engine.ts";
import type { Outbound } from "../../bot/core/types.ts";
import { renderWithId, type WebMessage } from "../../bot/channels/web/render.ts";
import type { Db } from "../../db/client.ts";
import { listOutboundAfter, markSent } from "../../db/messages.ts";

/** Messages per catch-up page; the page asks again while pages come back full. */
export const PAGE_SIZE = 100;

const choiceSchema = z.object({ id: z.string(), label: z.string(), keywords: z.array(z.string()).optional() });

// Stored contents are JSON from the database: parsed, not cast. Erased rows (null) are skipped.
const outboundSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("choices"), text: z.string(), choices: z.array(choiceSchema) }),
  z.object({ kind: z.literal("link"), text: z.string(), url: z.string(), label: z.string() }),
  z.object({ kind: z.literal("advisor"), text: z.string(), sender: z.string() }),
]) satisfies z.ZodType<Outbound>;

export function toWebMessage(id: number, content: unknown): WebMessage | null {
  const parsed = outboundSchema.safeParse(content);
  return parsed.success ? renderWithId(id, parsed.data) : null;
}

export function renderReplies(replies: StoredOutbound[]): WebMessage[] {
  return replies.map((reply) => toWebMessage(reply.id, reply.message)).filter((message) => message !== null);
}

export interface OutboundPage {
  messages: WebMessage[];
  /** The last message id looked at (shown or skipped): the page's next `after`. */
  cursor: number;
  /** More messages may follow this page. */
  more: boolean;
}

/** Bot and advisor messages after the cursor, rendered for the browser and marked sent. */
export async function readOutboundPage(db: Db, conversationId: string, after: number, at: Date): Promise<OutboundPage> {
  const rows = await listOutboundAfter(db, conversationId, after, PAGE_SIZE);
  const messages = rows.map((row) => toWebMessage(row.id, row.content)).filter((message) => message !== null);
  await markSent(db, messages.map((message) => message.id), at);
  return { messages, cursor: rows.at(-1)?.id ?? after, more: rows.length === PAGE_SIZE };
}
