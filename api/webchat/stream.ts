import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { findOpenConversation } from "../../db/identities.ts";
import type { AppDeps } from "../deps.ts";
import { readOutboundPage } from "./outbox.ts";
import type { WebAddress } from "./token.ts";
import { wakeableSleep } from "../../lib/wakeable-sleep.ts";

export interface StreamTimings {
  /** Another app process may have written: look at the database at least this often. */
  pollMs: number;
  /** A comment line keeps proxies and phone networks from closing an idle stream. */
  heartbeatMs: number;
}

export const DEFAULT_STREAM_TIMINGS: StreamTimings = { pollMs: 2_000, heartbeatMs: 15_000 };

/** How long EventSource waits before reconnecting after the stream ends. */
const RECONNECT_MS = 3_000;

/**
 * Server-Sent Events with every new outbound message for one person (bot replies, and later
 * advisor replies and reminders). Woken at once by this process's engine, and polling the
 * database so messages written by another process arrive too. `Last-Event-ID` (sent by
 * EventSource when it reconnects) wins over `after` when it is further on.
 */
export function streamOutbound(c: Context, deps: AppDeps, address: WebAddress, after: number, timings: StreamTimings) {
  const lastEventId = Number(c.req.header("last-event-id"));
  let cursor = Number.isSafeInteger(lastEventId) && lastEventId > after ? lastEventId : after;

  return streamSSE(
    c,
    async (stream) => {
      let conversationId: string | null = null;
      let dirty = false; // an event that came while we were reading is not lost
      const pause = wakeableSleep();
      const onOutbound = (id: string) => {
        if (id !== conversationId) return;
        dirty = true;
        pause.wake();
      };
      const stop = () => {
        deps.engine.events.off("outbound", onOutbound);
        pause.wake();
      };
      deps.engine.events.on("outbound", onOutbound);
      stream.onAbort(stop);
      c.req.raw.signal.addEventListener("abort", () => stream.abort(), { once: true });

      try {
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ cursor }), retry: RECONNECT_MS });
        let lastWriteAt = Date.now();
        while (!stream.aborted && !stream.closed) {
          dirty = false;
          // Looked up each round: erasing one's data moves the person to a new conversation.
          conversationId = await findOpenConversation(deps.database.db, "web", address.externalUserId);
          if (conversationId) {
            const page = await readOutboundPage(deps.database.db, conversationId, cursor, deps.clock.now());
            for (const message of page.messages) {
              await stream.writeSSE({ event: "message", id: String(message.id), data: JSON.stringify(message) });
              lastWriteAt = Date.now();
            }
            cursor = page.cursor;
            if (page.more) continue;
          }
          if (Date.now() - lastWriteAt >= timings.heartbeatMs) {
            await stream.write(": ping\n\n");
            lastWriteAt = Date.now();
          }
          if (dirty || stream.aborted) continue;
          await pause.sleep(Math.min(timings.pollMs, timings.heartbeatMs));
        }
      } finally {
        stop();
      }
    },
    async (error) => {
      deps.log.warn({ err: error }, "web chat stream failed; the browser will reconnect");
    },
  );
}
