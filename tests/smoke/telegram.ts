import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { createReport, freePort, startServer, stopServer } from "./support.ts";

/**
 * `npm run test:telegram`: `npm start` as an operator runs it, with Telegram switched on
 * and pointed at a local Bot API emulator — in polling mode, then in webhook mode.
 */
const report = createReport("telegram");
const token = "123456:SMOKE-TEST-TOKEN";
const stub = await startBotApiStub(token);
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-telegram-"));
// On the embedded database by default; with DATABASE_URL (as in CI), on PostgreSQL.
const database: Record<string, string> = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
const base = { DATA_DIR: dataDir, LOG_LEVEL: "error", TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: stub.url, ...database };
let chatId = 500_000_000 + Math.floor(Math.random() * 1_000_000_000);

function startUpdate(): Update {
  chatId += 1;
  const person = { id: chatId, is_bot: false, first_name: "Smoke" };
  return {
    update_id: stub.nextUpdateId(),
    message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Smoke" }, from: person, text: "/start" },
  };
}

const languageKeyboard = (id: number) =>
  stub.waitFor((calls) =>
    calls.find((call) => {
      if (call.method !== "sendMessage" || Number(call.payload.chat_id) !== id) return false;
      const markup = call.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
      const ids = (markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data);
      return ["lang:fr", "lang:ar", "lang:ary"].every((lang) => ids.includes(lang));
    }),
  15_000);

try {
  const port = await freePort();
  let server = await startServer(port, { ...base, TELEGRAM_MODE: "polling" });
  const first = startUpdate();
  stub.pushUpdate(first);
  report.check(Boolean(await languageKeyboard(chatId).catch(() => null)), "polling: /start is answered with an inline keyboard of the three languages");
  report.check(stub.callsTo("setMyCommands").length >= 2, "polling: bot commands are registered per language");
  report.check((await stopServer(server)) === 0, "polling: SIGTERM stops cleanly");

  server = await startServer(port, { ...base, TELEGRAM_MODE: "webhook", PUBLIC_URL: `http://127.0.0.1:${port}` });
  await stub.waitFor(() => stub.webhook, 15_000);
  const wrong = await stub.deliverWebhook(startUpdate(), "not-the-secret");
  report.check(wrong.status === 401, `webhook: a wrong secret gets 401 (got ${wrong.status})`);
  await stub.deliverWebhook(startUpdate()); // warm-up: the first call opens database connections
  const timings: number[] = [];
  let allOk = true;
  // One person after the other, each answered before the next arrives: the time measured
  // is the webhook's own answer, not a queue behind earlier conversations.
  for (let index = 0; index < 5; index += 1) {
    const right = await stub.deliverWebhook(startUpdate());
    allOk &&= right.status === 200;
    timings.push(right.ms);
    allOk &&= Boolean(await languageKeyboard(chatId).catch(() => null));
  }
  const slowest = Math.max(...timings);
  report.check(allOk && slowest < 100, `webhook: the right secret gets 200 within 100 ms and the reply reaches Telegram (5 new people: ${timings.map((ms) => ms.toFixed(0)).join(", ")} ms)`);
  report.check((await stopServer(server)) === 0, "webhook: SIGTERM stops cleanly");
} catch (error) {
  report.fail(error);
} finally {
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
}
report.finish();
