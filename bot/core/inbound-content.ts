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
