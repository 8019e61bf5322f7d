import { z } from "zod";
import type { InboundContent } from "../../bot/core/types.ts";
import { AppError } from "../../lib/errors.ts";

/** Longest text the web chat accepts; the engine itself only reads short answers. */
export const MAX_TEXT_CHARS = 10_000;

/** The browser makes this id up (random hex); a retried POST carries the same one. */
const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const messageBodySchema = z
  .strictObject({
    token: z.string().max(128),
    clientMessageId: z.string().regex(CLIENT_MESSAGE_ID, "must be 8 to 64 letters, digits, '-' or '_'"),
    text: z.string().optional(),
    choice: z.string().min(1).max(128).optional(),
    start: z.literal(true).optional(),
    // A partner page or poster link says where the person came from (deep-link payload).
    payload: z.string().max(64).regex(/^[\w.:-]*$/, "only letters, digits, '_', '.', ':' and '-'").optional(),
  })
  .superRefine((body, ctx) => {
    const given = [body.text, body.choice, body.start].filter((value) => value !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", message: "send exactly one of text, choice or start", path: [] });
    if (body.payload !== undefined && body.start === undefined) {
      ctx.addIssue({ code: "custom", message: "payload is only accepted with start", path: ["payload"] });
    }
  });

export type MessageBody = z.output<typeof messageBodySchema>;

export function toInboundContent(body: MessageBody): InboundContent {
  if (body.text !== undefined) {
    if (body.text.length > MAX_TEXT_CHARS) {
      throw new AppError("text_too_long", `text is longer than ${MAX_TEXT_CHARS} characters`, 413);
    }
    return { kind: "text", text: body.text };
  }
  if (body.choice !== undefined) return { kind: "choice", choiceId: body.choice };
  return body.payload ? { kind: "start", payload: body.payload } : { kind: "start" };
}

/** `?token=…&after=<message id>`: the cursor is the last message id the page has shown. */
export const cursorQuerySchema = z.object({
  token: z.string().max(128),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});
