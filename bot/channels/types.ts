import type { ChannelSender } from "../core/outbox.ts";
import type { ChannelCapabilities, ChannelName } from "../core/types.ts";

/**
 * What every push channel (Telegram, WhatsApp today; the WhatsApp Cloud API later)
 * gives the composition root. Inbound: the adapter decodes the channel's updates into
 * InboundMessages and hands them to `intake` (bot/core/intake.ts). Outbound: the outbox
 * calls `sender.send` with data (Outbound) that the adapter renders within its limits.
 */
export interface ChannelAdapter {
  channel: ChannelName;
  capabilities: ChannelCapabilities;
  sender: ChannelSender;
  /** Connects: starts polling, registers the webhook, opens the WhatsApp session… */
  start(): Promise<void>;
  /** Stops taking new updates; in-flight work finishes from the database. */
  stop(): Promise<void>;
}
