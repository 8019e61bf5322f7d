import type { Context } from "hono";
import type { Db } from "../../../db/client.ts";
import { releaseHeld } from "../../../db/outbox.ts";
import { closeWindow, openConversationOf, recordInboundAt, setMarketingPreference } from "../../../db/whatsapp-cloud.ts";
import { recordStatus, requeueForTemplate } from "../../../db/whatsapp-statuses.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { Engine } from "../../core/engine.ts";
import { decodeWebhook, webhookSchema, type CloudInbound } from "./decode.ts";
import { CLOUD_ERRORS } from "./limits.ts";
import { sameSecret, verifySignature } from "./signature.ts";

export const CLOUD_WEBHOOK_PATH = "/whatsapp/webhook";

export interface CloudWebhookDeps {
  db: Db;
  engine: Pick<Engine, "accept" | "processConversation" | "events">;
  log: Logger;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  /** After a stored message is handled: fetch its media (voice notes, images) if the person consented. */
  onMedia?: (item: { conversationId: string; messageId: number | null; media: { id: string; mimeType: string } }) => Promise<unknown>;
}

export interface CloudWebhook {
  verify(c: Context): Response;
  receive(c: Context): Promise<Response>;
  /** Resolves when the work started after answering Meta is done (tests, shutdown). */
  settled(): Promise<void>;
}

/**
 * Meta's webhook. GET: the subscription handshake (echo `hub.challenge` when the verify
 * token matches, else 403). POST: the signature over the raw bytes first (401 and nothing
 * stored when it fails), then every message is stored (deduplicated on its wamid) and its
 * sender's window moved, every status and preference recorded — and only then 200, at
 * once: the answers are worked out afterwards (engine.processConversation) and leave
 * through the outbox. A database failure answers 500, and Meta sends the call again.
 */
export function createCloudWebhook(deps: CloudWebhookDeps): CloudWebhook {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  async function store(item: CloudInbound) {
    if (item.silent) {
      // A reaction: the window moves, nothing to answer.
      await recordInboundAt(deps.db, item.inbound.externalUserId, item.at);
      const conversationId = await openConversationOf(deps.db, item.inbound.externalUserId);
      return conversationId ? { conversationId, inboundId: null, item } : null;
    }
    const accepted = await deps.engine.accept(item.inbound);
    // Before any answer is sent: the replies read this window. A duplicate moves it too (idempotent).
    await recordInboundAt(deps.db, item.inbound.externalUserId, item.at);
    return { ...accepted, item };
  }

  return {
    verify(c) {
      const mode = c.req.query("hub.mode");
      const challenge = c.req.query("hub.challenge");
      if (mode === "subscribe" && challenge !== undefined && sameSecret(c.req.query("hub.verify_token"), deps.verifyToken)) return c.text(challenge, 200);
      return c.json({ error: { code: "forbidden", message: "wrong verify token" } }, 403);
    },

    async receive(c) {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!verifySignature(raw, c.req.header("x-hub-signature-256"), deps.appSecret)) {
        deps.log.warn("WhatsApp webhook call with a missing or wrong signature: refused, nothing stored");
        return c.json({ error: { code: "bad_signature", message: "X-Hub-Signature-256 does not match" } }, 401);
      }
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        return c.json({ error: { code: "invalid_json", message: "the body is not JSON" } }, 400);
      }
      const body = webhookSchema.safeParse(json);
      if (!body.success) return c.json({ error: { code: "invalid_request", message: "not a WhatsApp webhook payload" } }, 400);
      const events = decodeWebhook(body.data, deps.phoneNumberId);
      if (events.skipped > 0) deps.log.warn({ skipped: events.skipped }, "WhatsApp webhook items not understood: skipped");
      const touched = new Map<string, { inboundIds: number[]; media: { messageId: number | null; media: { id: string; mimeType: string } }[] }>();
      const requeued = new Set<string>();
      try {
        for (const item of events.messages) {
          const stored = await store(item);
          if (!stored) continue;
          const entry = touched.get(stored.conversationId) ?? { inboundIds: [], media: [] };
          if (stored.inboundId !== null) entry.inboundIds.push(stored.inboundId);
          if (stored.inboundId !== null && item.media) entry.media.push({ messageId: stored.inboundId, media: item.media });
          touched.set(stored.conversationId, entry);
        }
        for (const status of events.statuses) {
          const outcome = await recordStatus(deps.db, status);
          if (!outcome.fresh || status.status !== "failed" || status.errorCode !== CLOUD_ERRORS.reEngagement) continue;
          // Meta closed the window before our record did: the message goes again as its template (a template never does).
          if (!outcome.message || outcome.message.templated) continue;
          if (status.recipientId) await closeWindow(deps.db, status.recipientId);
          if (await requeueForTemplate(deps.db, outcome.message.id)) requeued.add(outcome.message.conversationId);
        }
        for (const preference of events.preferences) await setMarketingPreference(deps.db, preference.externalId, preference.stop, preference.at);
      } catch (error) {
        deps.log.error({ err: error }, "a WhatsApp webhook call could not be stored; Meta will send it again");
        return c.json({ error: { code: "internal_error", message: "not stored; please re-send" } }, 500);
      }
      for (const [conversationId, entry] of touched) track(afterwards(conversationId, entry));
      for (const conversationId of requeued) deps.engine.events.emit("outbound", conversationId, "whatsapp");
      return c.json({ ok: true }, 200);
    },

    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  /** After answering Meta: what waited for the person goes, their messages are answered, their media fetched. */
  async function afterwards(conversationId: string, entry: { inboundIds: number[]; media: { messageId: number | null; media: { id: string; mimeType: string } }[] }) {
    try {
      if ((await releaseHeld(deps.db, conversationId)) > 0) deps.engine.events.emit("outbound", conversationId, "whatsapp");
      if (entry.inboundIds.length > 0) await deps.engine.processConversation(conversationId);
    } catch (error) {
      deps.log.error({ err: error, conversationId }, "handling a stored WhatsApp message failed; recovery will retry");
      return;
    }
    for (const media of entry.media) {
      await deps.onMedia?.({ conversationId, ...media }).catch((error: unknown) => deps.log.warn({ err: error, conversationId }, "could not keep a WhatsApp media"));
    }
  }
}
