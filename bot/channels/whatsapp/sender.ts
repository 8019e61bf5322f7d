import { DeliveryError, type ChannelSender } from "../../core/outbox.ts";
import type { ChannelCapabilities } from "../../core/types.ts";
import type { WhatsAppConnection } from "./connection.ts";
import { isPersonChat } from "./decode.ts";
import type { Pacer } from "./pacer.ts";
import { render } from "./render.ts";
import { errorMessage, withTimeout } from "./timeout.ts";

const SEND_TIMEOUT_MS = 60_000;

// What WhatsApp Web says when the number is not (or no longer) on WhatsApp: no retry will help.
const NOT_ON_WHATSAPP = /invalid wid|no lid for user|not a whatsapp user|not registered/i;
// Puppeteer's words for a browser or page that is gone: the session must be restarted.
const BROWSER_GONE = /session closed|target closed|browser has disconnected|protocol error.*(?:closed|detached)/i;

/**
 * The outbox's view of WhatsApp: render, wait for the pacer's turn, send each part.
 * Failures tell the outbox what to do: not connected or a hiccup → retry later; a number
 * not on WhatsApp → never again, and the contact is marked unreachable.
 */
export function createWhatsAppSender(deps: {
  connection: Pick<WhatsAppConnection, "readyClient" | "state" | "reportBroken">;
  pacer: Pacer;
  capabilities: ChannelCapabilities;
  sendTimeoutMs?: number;
}): ChannelSender {
  const timeoutMs = deps.sendTimeoutMs ?? SEND_TIMEOUT_MS;

  function notConnected(): DeliveryError {
    return new DeliveryError(`WhatsApp is not connected (${deps.connection.state().status}); will retry`);
  }

  async function sendPart(chatId: string, text: string): Promise<string> {
    // Checked again at our turn: the session may have dropped while we waited.
    const client = deps.connection.readyClient();
    if (!client) throw notConnected();
    let sent: Awaited<ReturnType<typeof client.sendMessage>>;
    try {
      sent = await withTimeout(client.sendMessage(chatId, text), timeoutMs, `WhatsApp did not confirm the send within ${timeoutMs} ms`);
    } catch (error) {
      const message = errorMessage(error);
      if (NOT_ON_WHATSAPP.test(message)) throw new DeliveryError(`not on WhatsApp: ${message}`, { permanent: true, unreachable: true });
      if (BROWSER_GONE.test(message)) deps.connection.reportBroken(message);
      throw new DeliveryError(message);
    }
    // The library resolves nothing when WhatsApp Web has no chat for the id.
    if (!sent) throw new DeliveryError("WhatsApp found no chat for this number", { permanent: true, unreachable: true });
    return sent.id._serialized;
  }

  return {
    channel: "whatsapp",
    async send(address, message) {
      if (!isPersonChat(address)) throw new DeliveryError(`not a WhatsApp person id: ${address}`, { permanent: true, unreachable: true });
      if (!deps.connection.readyClient()) throw notConnected(); // do not queue behind the pacer for nothing
      // A long text becomes several parts; if a later part fails, the retry sends the earlier ones again (at least once).
      let first: string | undefined;
      for (const part of render(message, deps.capabilities)) {
        const id = await deps.pacer.run(address, () => sendPart(address, part));
        first ??= id;
      }
      return first === undefined ? {} : { channelMessageId: first };
    },
  };
}
