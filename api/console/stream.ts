import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { canSee, type ConsoleActor } from "../../bot/conversation/access.ts";
import type { AppDeps } from "../deps.ts";
import type { ConsoleFeed } from "./feed.ts";
import { wakeableSleep } from "../../lib/wakeable-sleep.ts";

/** A comment line this often keeps proxies from closing the stream, and marks the advisor present. */
export const CONSOLE_HEARTBEAT_MS = 25_000;
const RECONNECT_MS = 2_000;

/**
 * Server-Sent Events for one console: `changed` with the ids of conversations (of sites
 * the reader may see) that changed anywhere; the page then re-reads what it shows. While
 * it is open, its advisor counts as present for auto-assignment.
 */
export function streamConsole(c: Context, deps: AppDeps, feed: ConsoleFeed, actor: ConsoleActor) {
  return streamSSE(
    c,
    async (stream) => {
      const pause = wakeableSleep();
      const queued = new Set<string>();
      const unsubscribe = await feed.subscribe((changes) => {
        for (const change of changes) if (canSee(actor, change)) queued.add(change.id);
        if (queued.size > 0) pause.wake();
      });
      stream.onAbort(() => pause.wake());
      c.req.raw.signal.addEventListener("abort", () => stream.abort(), { once: true });
      try {
        await stream.writeSSE({ event: "ready", data: "{}", retry: RECONNECT_MS });
        await deps.conversations.markPresent(actor);
        let lastBeat = Date.now();
        while (!stream.aborted && !stream.closed) {
          if (queued.size > 0) {
            const ids = [...queued];
            queued.clear();
            await stream.writeSSE({ event: "changed", data: JSON.stringify({ ids }) });
          }
          if (Date.now() - lastBeat >= CONSOLE_HEARTBEAT_MS) {
            await stream.write(": ping\n\n");
            await deps.conversations.markPresent(actor);
            lastBeat = Date.now();
          }
          if (queued.size > 0 || stream.aborted) continue;
          await pause.sleep(CONSOLE_HEARTBEAT_MS);
        }
      } finally {
        unsubscribe();
      }
    },
    async (error) => {
      deps.log.warn({ err: error }, "console stream failed; the page will reconnect");
    },
  );
}
