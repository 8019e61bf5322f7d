import type { Config } from "../../lib/config.ts";
import type { BroadcastChannel } from "./types.ts";

/**
 * How fast announcements may leave, per channel account, as data. `perSecond` is the
 * long-run rate and `burst` the most sent back to back: with Telegram's limit of about
 * 30 messages in any second, 25/s with a burst of 5 never passes 30 in one second.
 * Each person gets one message per announcement, so Telegram's 1/s per chat holds by
 * construction. Web chat is pulled by its page: no limit (null).
 */
export interface ChannelRate {
  perSecond: number;
  burst: number;
}

export type BroadcastLimits = Record<BroadcastChannel, ChannelRate | null>;

export function broadcastLimits(
  config: Pick<Config, "BROADCAST_TELEGRAM_PER_SECOND" | "BROADCAST_WHATSAPP_PER_MINUTE"> & Partial<Pick<Config, "WHATSAPP_PROVIDER" | "WHATSAPP_CLOUD_PER_SECOND">>,
): BroadcastLimits {
  const telegram = config.BROADCAST_TELEGRAM_PER_SECOND;
  // The Cloud API: the phone number's own rate, shared with replies (the sender takes from the same bucket).
  const cloud = config.WHATSAPP_PROVIDER === "cloud" && config.WHATSAPP_CLOUD_PER_SECOND !== undefined ? config.WHATSAPP_CLOUD_PER_SECOND : null;
  return {
    web: null,
    telegram: { perSecond: telegram, burst: Math.max(1, Math.min(5, Math.floor(telegram / 5))) },
    whatsapp: cloud !== null ? cloudRate(cloud) : { perSecond: config.BROADCAST_WHATSAPP_PER_MINUTE / 60, burst: 1 },
  };
}

/**
 * A WhatsApp Cloud API phone number's rate (Meta's default throughput: 80 messages/s), in
 * bursts of a tenth of a second's worth, for every send on it: replies and announcements.
 */
export function cloudRate(perSecond: number): ChannelRate {
  return { perSecond, burst: Math.max(1, Math.floor(perSecond / 10)) };
}

/** The bucket a channel account's sends share (one bot token, one linked phone). */
export function bucketKey(channel: BroadcastChannel): string {
  return `send:${channel}`;
}
