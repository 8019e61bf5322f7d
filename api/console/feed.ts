import { conversationSites } from "../../db/conversations.ts";
import type { Database } from "../../db/client.ts";
import { CONVERSATION_CHANNEL } from "../../db/notify.ts";
import type { Logger } from "../../lib/logger.ts";

export interface ConversationChange {
  id: string;
  siteId: string | null;
}

export type ChangeListener = (changes: readonly ConversationChange[]) => void;

/** Notifications arriving this close together are looked up and delivered as one batch. */
const BATCH_MS = 50;

/**
 * The console's live feed in this process: one LISTEN on the database (whichever process
 * made the change), fanned out to every open console. Notifications carry only an id;
 * the feed looks up each batch's sites once, so every stream can keep to the sites its
 * reader may see. Listens while at least one console is open.
 */
export function createConsoleFeed(database: Database, log: Logger) {
  const listeners = new Set<ChangeListener>();
  let stopListening: Promise<() => Promise<void>> | null = null;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  async function flush() {
    timer = null;
    const ids = [...pending];
    pending.clear();
    try {
      const sites = await conversationSites(database.db, ids);
      const changes = ids.map((id) => ({ id, siteId: sites.get(id) ?? null }));
      for (const listener of listeners) listener(changes);
    } catch (error) {
      log.warn({ err: error }, "console feed lookup failed; consoles catch up on their next refresh");
    }
  }

  function onNotify(payload: string) {
    pending.add(payload);
    timer ??= setTimeout(() => void flush(), BATCH_MS);
  }

  return {
    async subscribe(listener: ChangeListener): Promise<() => void> {
      listeners.add(listener);
      stopListening ??= database.listen(CONVERSATION_CHANNEL, onNotify);
      try {
        await stopListening;
      } catch (error) {
        stopListening = null;
        listeners.delete(listener);
        throw error;
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || !stopListening) return;
        const stopping = stopListening;
        stopListening = null;
        void stopping.then((stop) => stop()).catch((error: unknown) => log.warn({ err: error }, "could not stop listening"));
      };
    },
  };
}

export type ConsoleFeed = ReturnType<typeof createConsoleFeed>;
