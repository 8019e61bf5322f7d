import { serve } from "@hono/node-server";
import { Bot, webhookCallback } from "grammy";
import { Hono } from "hono";
import postgres from "postgres";

/**
 * The baseline of `npm run bench:webhook`: the least a grammY webhook bot backed by
 * PostgreSQL does — store each update with one INSERT, reply once, answer the webhook.
 * Run as its own process, like Rafiq's main.ts, with the same pool size.
 * Env: DATABASE_URL, DATABASE_POOL_SIZE, TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT,
 * TELEGRAM_WEBHOOK_SECRET, PORT.
 */
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const sql = postgres(env("DATABASE_URL"), { max: Number(process.env.DATABASE_POOL_SIZE ?? 5), onnotice: () => {} });
await sql`create table if not exists updates (update_id bigint primary key, chat_id bigint not null, body jsonb not null)`;

const bot = new Bot(env("TELEGRAM_BOT_TOKEN"), { client: { apiRoot: env("TELEGRAM_API_ROOT") } });
bot.on("message:text", async (ctx) => {
  await sql`insert into updates (update_id, chat_id, body) values (${ctx.update.update_id}, ${ctx.chat.id}, ${sql.json(JSON.parse(JSON.stringify(ctx.update)))})`;
  await ctx.reply(`got: ${ctx.message.text}`);
});
await bot.init();

const app = new Hono()
  .get("/health", (c) => c.json({ status: "ok" }))
  .post("/telegram/webhook", webhookCallback(bot, "hono", { secretToken: env("TELEGRAM_WEBHOOK_SECRET") }));
serve({ fetch: app.fetch, port: Number(env("PORT")), hostname: "127.0.0.1" });
process.on("SIGTERM", () => {
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
