import { Hono } from "hono";
import { RTL_LANGUAGES, type Lang } from "../../bot/core/types.ts";
import { findOpenConversation } from "../../db/identities.ts";
import { findLanguageByIdentity } from "../../db/webchat.ts";
import { markSent } from "../../db/messages.ts";
import type { AppDeps } from "../deps.ts";
import { readJson, readQuery } from "../validate.ts";
import { readOutboundPage, renderReplies } from "./outbox.ts";
import { loadChatPage } from "./page.ts";
import { cursorQuerySchema, messageBodySchema, toInboundContent } from "./schemas.ts";
import { DEFAULT_STREAM_TIMINGS, streamOutbound, type StreamTimings } from "./stream.ts";
import { webchatRateLimits } from "./rate-limit.ts";
import { newToken, webAddress, type WebAddress } from "./token.ts";

const CHANNEL = "web";

/**
 * The web chat: the page at `/`, a session token, messages in and out, and a live stream.
 * The token is the only credential; the engine sees the web identity `sha256:<hash>`.
 */
export function webchatRoutes(deps: AppDeps, timings: StreamTimings = DEFAULT_STREAM_TIMINGS) {
  const page = loadChatPage(deps.config.WEBCHAT_FRAME_ANCESTORS);
  const db = deps.database.db;
  const limits = webchatRateLimits(deps);

  async function languageOf(address: WebAddress) {
    const lang = await findLanguageByIdentity(db, CHANNEL, address.externalUserId);
    return { lang, dir: direction(lang) };
  }

  return new Hono()
    .get("/", (c) => page.serveIndex(c))
    .get("/webchat/:file", (c) => page.serveAsset(c))
    .post("/api/v1/webchat/sessions", async (c) => {
      // Nothing is stored yet: the identity appears with the first message.
      c.header("Cache-Control", "no-store");
      const refused = await limits.newSession(c);
      if (refused) return refused;
      return c.json({ token: newToken() }, 201);
    })
    .post("/api/v1/webchat/messages", async (c) => {
      const body = await readJson(c, messageBodySchema);
      const address = webAddress(body.token);
      const refused = await limits.message(c, address.hash);
      if (refused) return refused;
      const result = await deps.engine.receive({
        channel: CHANNEL,
        externalUserId: address.externalUserId,
        channelMessageId: `${address.hash}:${body.clientMessageId}`,
        content: toInboundContent(body),
      });
      const messages = renderReplies(result.replies);
      await markSent(db, messages.map((message) => message.id), deps.clock.now());
      return c.json({ messages, duplicate: result.duplicate, ...(await languageOf(address)) });
    })
    .get("/api/v1/webchat/messages", async (c) => {
      const query = readQuery(c, cursorQuerySchema);
      const address = webAddress(query.token);
      c.header("Cache-Control", "no-store");
      const conversationId = await findOpenConversation(db, CHANNEL, address.externalUserId);
      const language = await languageOf(address);
      if (!conversationId) return c.json({ messages: [], cursor: query.after, more: false, ...language });
      const outbound = await readOutboundPage(db, conversationId, query.after, deps.clock.now());
      return c.json({ ...outbound, ...language });
    })
    .get("/api/v1/webchat/stream", (c) => {
      const query = readQuery(c, cursorQuerySchema);
      return streamOutbound(c, deps, webAddress(query.token), query.after, timings);
    });
}

function direction(lang: Lang | null): "rtl" | "ltr" {
  return lang && RTL_LANGUAGES.has(lang) ? "rtl" : "ltr";
}
