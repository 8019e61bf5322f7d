import type { Update } from "grammy/types";
import type { BotApiStub, RecordedCall } from "../telegram/bot-api-stub.ts";

/**
 * A person on Telegram, played through the Bot API emulator: types messages, presses the
 * buttons the bot sent, and waits for what the bot sends them.
 */
export function telegramPerson(stub: BotApiStub, firstName: string, chatId = 700_000_000 + Math.floor(Math.random() * 100_000_000)) {
  const from = { id: chatId, is_bot: false, first_name: firstName, language_code: "fr" };
  const chat = { id: chatId, type: "private" as const, first_name: firstName };
  let messageId = 1;
  const text = (value: string): Update => ({
    update_id: stub.nextUpdateId(),
    message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat, from, text: value } as NonNullable<Update["message"]>,
  });
  const press = (data: string, under: RecordedCall): Update => ({
    update_id: stub.nextUpdateId(),
    callback_query: {
      id: String(Math.floor(Math.random() * 2 ** 40)),
      from,
      chat_instance: "1",
      data,
      message: { message_id: under.messageId ?? 0, date: Math.floor(Date.now() / 1000), chat, from: { id: 1, is_bot: true, first_name: "Rafiq" }, text: under.plainText ?? "" },
    },
  });
  /** The latest message the bot sent this person with a button `data`. */
  const withButton = (data: string, timeoutMs = 10_000) =>
    stub.waitFor(() => stub.sentTo(chatId).findLast((call) => JSON.stringify(call.payload.reply_markup ?? {}).includes(`"callback_data":"${data}"`)), timeoutMs);
  return {
    chatId,
    say: (value: string) => stub.pushUpdate(text(value)),
    /** Presses the button `data` under the latest message that has it. */
    async press(data: string) {
      stub.pushUpdate(press(data, await withButton(data)));
    },
    withButton,
    sent: () => stub.sentTo(chatId),
  };
}
