import { z } from "zod";
import type { InboundContent } from "./types.ts";

/** Inbound content as stored; parsed back, never cast, since rows outlive code versions. */
const inboundContentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("choice"), choiceId: z.string() }),
  z.object({ kind: z.literal("start"), payload: z.string().optional() }),
  z.object({ kind: z.literal("media"), media: z.enum(["sticker", "photo", "voice", "audio", "video", "document", "other"]) }),
  z.object({ kind: z.literal("location"), latitude: z.number(), longitude: z.number() }),
  z.object({ kind: z.literal("contact"), phone: z.string() }),
]);

export function parseInboundContent(kind: string, content: unknown): InboundContent | null {
  const parsed = inboundContentSchema.safeParse(content ?? { kind });
  return parsed.success ? parsed.data : null;
}

export { inboundContentSchema };

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate (half an
 * emoji, cut by a client) in jsonb: a message holding one would fail to be stored (and so
 * be lost, or re-sent forever by the channel). Every channel's text passes here: drop
 * U+0000, turn a lone surrogate into U+FFFD; nothing else is changed.
 */
export function storableText(text: string): string {
  return text.replaceAll("\u0000", "").toWellFormed();
}

export function storableContent(content: InboundContent): InboundContent {
  const entries = Object.entries(content).map(([key, value]) => [key, typeof value === "string" ? storableText(value) : value]);
  return Object.fromEntries(entries) as InboundContent;
}
