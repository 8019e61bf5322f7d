import { resolve } from "node:path";
import { z } from "zod";

/**
 * The only place that reads process.env. Everything else receives a parsed Config.
 * Each field documents itself in the README's configuration table; keep both in step.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(5),
  /** PostgreSQL connections kept for storing what webhooks bring, beside the pool, so they answer at once under load. */
  DATABASE_INTAKE_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(2),
  /** Turns one process handles at once; the rest wait their turn in memory, in arrival order, stored already. */
  TURN_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(4),
  /** Under a backlog, the most waiting conversations one transaction handles together; 1 handles each alone. */
  TURN_BATCH_MAX: z.coerce.number().int().min(1).max(100).default(16),
  /** How often an idle server gives V8's spare pages back to the system (lib/memory-trim.ts); 0 never. */
  MEMORY_TRIM_IDLE_S: z.coerce.number().int().min(0).max(3_600).default(30),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, "must be at least 10 characters").optional()),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For hop. */
  TRUST_PROXY: booleanFlag.default(false),
  FLOW_SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * The privacy notice's version: people who agreed to an older one are asked again.
   * 2026-12: the notice names the controller, the CNDP number, recipients, targeting and every right.
   */
  CONSENT_VERSION: z.string().default("2026-12"),
  /**
   * Law 09-08: who answers for the data of this deployment (art. 5), how to reach them and
   * the CNDP's declaration or authorisation number. The notice shows them; `npm start` warns
   * when one is unset outside the embedded demo.
   */
  RAFIQ_CONTROLLER_NAME: optionalString,
  RAFIQ_CONTROLLER_CONTACT: optionalString,
  RAFIQ_CNDP_NUMBER: optionalString,
  /** The language model's provider and its country (ISO code), named in the notice as a transfer abroad. */
  RAFIQ_AI_PROVIDER: z.string().trim().min(1).default("OpenAI"),
  RAFIQ_AI_COUNTRY: z.string().trim().regex(/^[A-Z]{2}$/, "a two-letter country code such as US").default("US"),
  WEBCHAT_ENABLED: booleanFlag.default(true),
  /**
   * Sites allowed to embed the web chat page in a frame (CSP frame-ancestors): space-
   * separated origins such as `https://minassati.ma`, or `'self'` / `'none'`.
   */
  WEBCHAT_FRAME_ANCESTORS: z
    .string()
    .trim()
    .default("'self'")
    .pipe(
      z
        .string()
        .regex(
          /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?)(?:\s+(?:'self'|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?))*$/,
          "space-separated origins (https://partner.ma) or 'self' or 'none'",
        ),
    ),
  /** Abuse limits of the anonymous web chat (per client address, hashed; per session). */
  WEBCHAT_SESSIONS_PER_HOUR_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(60),
  WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  WEBCHAT_MESSAGES_PER_MINUTE_PER_SESSION: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Telegram switches on with a bot token from @BotFather. */
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  /** A local Bot API server or an emulator; Telegram's own by default. */
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  /** Checked on every webhook call (X-Telegram-Bot-Api-Secret-Token); derived from the token when unset. */
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters among A-Z a-z 0-9 _ -").optional(),
  ),
  WHATSAPP_ENABLED: booleanFlag.default(false),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  /** Pacing of WhatsApp sends: the unofficial client is banned when it looks like a bulk sender. */
  WHATSAPP_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_200),
  WHATSAPP_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(2_500),
  WHATSAPP_JITTER_MS: z.coerce.number().int().min(0).max(10_000).default(700),
  /** Which WhatsApp: `web` (whatsapp-web.js, pilots) or `cloud` (Meta's WhatsApp Business Cloud API). */
  WHATSAPP_PROVIDER: z.enum(["web", "cloud"]).default("web"),
  WHATSAPP_CLOUD_ACCESS_TOKEN: optionalString,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString.pipe(z.string().regex(/^\d{5,30}$/, "digits, as Meta shows it").optional()),
  /** Signs every webhook call (X-Hub-Signature-256); the app's secret in Meta's app dashboard. */
  WHATSAPP_CLOUD_APP_SECRET: optionalString,
  /** What Meta echoes when the webhook is verified (any string you also type in Meta's dashboard). */
  WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString,
  /** Meta's Graph API, or a local fake in tests. */
  WHATSAPP_CLOUD_GRAPH_URL: z.url().default("https://graph.facebook.com"),
  WHATSAPP_CLOUD_API_VERSION: z.string().regex(/^v\d+\.\d+$/, "like v23.0").default("v23.0"),
  /** Messages per second for the phone number, all processes together (Meta's default throughput is 80). */
  WHATSAPP_CLOUD_PER_SECOND: z.coerce.number().min(0.1).max(1_000).default(80),
  /** Meta's pair limit: about one message every 6 s to one person, with short bursts. */
  WHATSAPP_CLOUD_PAIR_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(6_000),
  WHATSAPP_CLOUD_PAIR_BURST: z.coerce.number().int().min(1).max(45).default(45),
  /** The number's messaging tier: unique people reached with templates in 24 hours. */
  WHATSAPP_CLOUD_DAILY_TIER: z
    .string()
    .regex(/^(\d+|unlimited)$/, "a number such as 250, 2000, 10000, 100000, or unlimited")
    .transform((value) => (value === "unlimited" ? null : Number(value)))
    .default(250),
  /** Template names, languages and parameters (JSON); see the README. Unset: the names the README gives. */
  WHATSAPP_CLOUD_TEMPLATES: optionalString,
  /** Largest voice note or image downloaded, and how long it is kept. */
  WHATSAPP_CLOUD_MEDIA_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(16 * 1024 * 1024),
  WHATSAPP_CLOUD_MEDIA_KEEP_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /**
   * Announcements per second on Telegram across all processes (Telegram allows about 30
   * per bot; the rest is headroom for replies, which go first).
   */
  BROADCAST_TELEGRAM_PER_SECOND: z.coerce.number().min(0.1).max(1_000).default(25),
  /** Announcements per minute on WhatsApp Web: far slower, an unofficial client is banned when it looks like a bulk sender. */
  BROADCAST_WHATSAPP_PER_MINUTE: z.coerce.number().min(0.1).max(60).default(4),
  /**
   * Meetings to come one person may hold, at one site and in all: sessions are free and
   * anonymous, so without a cap one script could book a platform's whole calendar.
   */
  BOOKING_MAX_PER_SITE: z.coerce.number().int().min(1).max(50).default(1),
  BOOKING_MAX_TOTAL: z.coerce.number().int().min(1).max(100).default(2),
  /** Optional language model (any OpenAI-compatible server): a second opinion on unclear messages. */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** A person waits for the model at most this long; then the bot answers without it. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Project-coach drafts per person per day (Africa/Casablanca): caps the model's cost. */
  COACH_DAILY_CALLS: z.coerce.number().int().min(0).max(1_000).default(5),
});

export type Config = Omit<z.output<typeof configSchema>, "DATA_DIR"> & {
  DATA_DIR: string;
};

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid configuration:\n${issues.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Parses the environment once; throws ConfigError naming every bad field. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`),
    );
  }
  const config = parsed.data;
  if (config.ADMIN_EMAIL && !config.ADMIN_PASSWORD) {
    throw new ConfigError(["ADMIN_PASSWORD: required when ADMIN_EMAIL is set"]);
  }
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_MODE === "webhook" && !config.PUBLIC_URL) {
    throw new ConfigError(["PUBLIC_URL: required when TELEGRAM_MODE=webhook (Telegram must reach the webhook)"]);
  }
  if (config.WHATSAPP_ENABLED && config.WHATSAPP_PROVIDER === "cloud") {
    const required = ["WHATSAPP_CLOUD_ACCESS_TOKEN", "WHATSAPP_CLOUD_PHONE_NUMBER_ID", "WHATSAPP_CLOUD_APP_SECRET", "WHATSAPP_CLOUD_VERIFY_TOKEN"] as const;
    const missing = required.filter((name) => !config[name]);
    if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: required when WHATSAPP_PROVIDER=cloud`));
  }
  return { ...config, DATA_DIR: resolve(config.DATA_DIR) };
}

/** The law 09-08 settings a deployment must give; empty when all are set. */
export function missingControllerSettings(config: Config): string[] {
  return (["RAFIQ_CONTROLLER_NAME", "RAFIQ_CONTROLLER_CONTACT", "RAFIQ_CNDP_NUMBER"] as const).filter((name) => !config[name]);
}

/** For entry points: parse the environment, or print every bad field and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
