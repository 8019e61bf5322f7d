import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { channelIdentities } from "./contacts.ts";

export const staffRole = pgEnum("staff_role", ["admin", "staff", "advisor"]);
export type StaffRole = (typeof staffRole.enumValues)[number];

export const staffUsers = pgTable(
  "staff_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: staffRole("role").notNull(),
    /** argon2id (memory-hard) PHC string. Never leaves the server. */
    passwordHash: text("password_hash").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /** Advisors: how many conversations they hold at once before auto-assignment passes them by. */
    maxOpenConversations: integer("max_open_conversations").notNull().default(5),
    /** Last sign of an open console (its live stream): only advisors seen lately get new conversations. */
    consoleSeenAt: timestamp("console_seen_at", { withTimezone: true }),
    /**
     * Their own chat with the bot (Telegram or web chat), linked with a one-time code from
     * the console: where "someone is waiting" alerts and announcement test sends go.
     */
    notifyIdentityId: uuid("notify_identity_id").references(() => channelIdentities.id, { onDelete: "set null" }),
    /** SHA-256 of the one-time code shown in the console, until it is used or expires. */
    linkCodeHash: text("link_code_hash"),
    linkCodeExpiresAt: timestamp("link_code_expires_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("staff_users_email_key").on(sql`lower(${table.email})`),
    check("staff_users_max_open_conversations_check", sql`${table.maxOpenConversations} between 0 and 200`),
  ],
);

/** Browser sessions: the cookie holds a random token, the table only its SHA-256. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("staff_sessions_user_id_idx").on(table.userId)],
);

/** Bearer tokens for integrations; they act with their owner's role. */
/** read: GET only; programs: also the catalogue's writes; broadcasts: also announcements'; admin: all the owner's role allows. */
export const API_TOKEN_SCOPES = ["read", "programs", "broadcasts", "admin"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** First characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    /** What the token may do (api/auth/token-scope.ts), within its owner's role. */
    scope: text("scope", { enum: API_TOKEN_SCOPES }).notNull().default("read"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Every token expires: a forgotten one in a script or a log must not work forever. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("api_tokens_token_hash_key").on(table.tokenHash)],
);

/** Failed and successful logins, to slow down guessing per email and per address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip"),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("login_attempts_email_at_idx").on(sql`lower(${table.email})`, table.at),
    index("login_attempts_ip_at_idx").on(table.ip, table.at),
  ],
);
