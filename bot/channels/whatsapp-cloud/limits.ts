import type { ChannelCapabilities } from "../../core/types.ts";

/**
 * Meta's documented limits for WhatsApp Cloud API messages, as data beside the sender
 * (nyaruka/courier keeps each channel's so). Counted in characters (code points).
 */
export const CLOUD_LIMITS = {
  /** A text message's body. */
  textBody: 4096,
  /** The body of an interactive message (buttons, list, CTA URL): we keep every kind to this. */
  interactiveBody: 1024,
  /** Reply buttons: 1 to 3, titles unique. */
  maxReplyButtons: 3,
  replyButtonTitle: 20,
  replyButtonId: 256,
  /** A list: at most 10 rows in all; its opening button's label. */
  maxListRows: 10,
  listButton: 20,
  listRowTitle: 24,
  listRowDescription: 72,
  listRowId: 200,
  listSectionTitle: 24,
  /** A call-to-action URL button's label. */
  ctaDisplayText: 20,
  /** A template's text parameter; Meta refuses new lines, tabs and more than 4 spaces in a row. */
  templateParameter: 1024,
  quickReplyPayload: 256,
} as const;

/** Choices: up to 3 become reply buttons, from 4 to 10 a list, more a numbered text. */
export const MIN_LIST_ROWS = 4;

export const CLOUD_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: CLOUD_LIMITS.textBody,
  maxButtons: CLOUD_LIMITS.maxListRows,
  maxButtonLabelLength: CLOUD_LIMITS.listRowTitle,
};

/**
 * The Graph API's error codes Rafiq acts on, with what each means for a send. Anything
 * else is retried (a 5xx, the network) or fails the message (another 4xx).
 */
export const CLOUD_ERRORS = {
  /** Too many messages from this phone number: pause the number, retry. */
  throughput: 130429,
  /** Too many messages to one person: wait for that pair, retry. */
  pairRate: 131056,
  /** Outside the 24-hour window ("re-engagement message"): a template instead, once. */
  reEngagement: 131047,
  /** Not deliverable to this person (not on WhatsApp, old app, terms not accepted). */
  undeliverable: 131026,
  /** A message type WhatsApp does not support. */
  unsupportedType: 131051,
  /** The person stopped marketing messages from businesses. */
  marketingStopped: 131050,
  /** Meta's own spam-rate limit (too many marketing messages to one person lately). */
  ecosystemLimit: 131049,
  /** Access token expired or wrong. */
  authentication: 190,
} as const;
