import type { Engine } from "../../bot/core/engine.ts";
import type { ChannelName, InboundContent, Outbound } from "../../bot/core/types.ts";

let sequence = 0;

/** Drives the engine like a person on one channel; returns the bot's replies. */
export function chatAs(engine: Engine, user: string, channel: ChannelName = "cli") {
  async function send(content: InboundContent): Promise<Outbound[]> {
    sequence += 1;
    const result = await engine.receive({ channel, externalUserId: user, channelMessageId: `${user}-${sequence}`, content });
    return result.replies.map((reply) => reply.message);
  }
  return {
    text: (text: string) => send({ kind: "text", text }),
    choose: (choiceId: string) => send({ kind: "choice", choiceId }),
    start: (payload?: string) => send(payload ? { kind: "start", payload } : { kind: "start" }),
    send,
  };
}

export function lastChoices(replies: Outbound[]): string[] {
  const last = replies.findLast((reply) => reply.kind === "choices");
  return last && last.kind === "choices" ? last.choices.map((choice) => choice.id) : [];
}

export function texts(replies: Outbound[]): string {
  return replies.map((reply) => reply.text).join("\n");
}

/** A person who chose `lang`, answered the consent question (yes by default) and skipped their name: at the main menu. */
export async function onboardedChat(engine: Engine, user: string, lang: "fr" | "ar" | "ary", consent = true) {
  const chat = chatAs(engine, user);
  await chat.start();
  await chat.choose(`lang:${lang}`);
  await chat.choose(consent ? "consent:yes" : "consent:no");
  if (consent) await chat.choose("name:skip");
  return chat;
}
