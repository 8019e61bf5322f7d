import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramSender } from "../../bot/channels/telegram/sender.ts";
import { sendFetch } from "../../bot/channels/telegram/send-fetch.ts";
import { DeliveryError } from "../../bot/core/outbox.ts";
import { createLogger } from "../../lib/logger.ts";
import { startBotApiStub, type BotApiStub } from "./bot-api-stub.ts";

const TOKEN = "123456:SENDER-TEST";
const log = createLogger("silent");

/** A server that answers every request its own way (a proxy's error page, silence). */
async function startRawServer(handle: RequestListener): Promise<{ server: Server; apiRoot: string }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("sending replies to Telegram (grammY on Node's own http client)", () => {
  let stub: BotApiStub;
  beforeAll(async () => {
    stub = await startBotApiStub(TOKEN);
  });
  afterAll(async () => {
    await stub.close();
  });

  it("sends a text with its keyboard and gives back Telegram's message id", async () => {
    const sender = createTelegramSender({ token: TOKEN, apiRoot: stub.url }, log);
    const sent = await sender.send("4242", { kind: "choices", text: "Ahlan <b>Salma</b> & co", choices: [{ id: "cmd:book", label: "Rendez-vous" }] });
    const [call] = stub.sentTo(4242);
    expect(sent.channelMessageId).toBe(String(call?.messageId));
    expect(call?.plainText).toContain("Ahlan <b>Salma</b> & co");
    expect(JSON.stringify(call?.payload.reply_markup)).toContain("cmd:book");
  });

  it("passes Telegram's refusals on as they are: a flood limit waits, a blocked bot is final", async () => {
    const sender = createTelegramSender({ token: TOKEN, apiRoot: stub.url }, log);
    stub.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } });
    const throttled = await sender.send("4243", { kind: "text", text: "one" }).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(DeliveryError);
    expect((throttled as DeliveryError).retryAfterMs).toBe(7_000);
    stub.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const blocked = (await sender.send("4243", { kind: "text", text: "two" }).catch((error: unknown) => error)) as DeliveryError;
    expect([blocked.permanent, blocked.unreachable]).toEqual([true, true]);
  });

  it("takes a proxy's page that is not JSON for a network failure, retried later", async () => {
    const { server, apiRoot } = await startRawServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body>502 Bad Gateway</body></html>");
    });
    try {
      const sender = createTelegramSender({ token: TOKEN, apiRoot }, log);
      const failure = (await sender.send("4244", { kind: "text", text: "hello" }).catch((error: unknown) => error)) as DeliveryError;
      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure.message).toMatch(/^network: /);
      expect(failure.permanent).toBe(false);
    } finally {
      server.close();
    }
  });

  it("gives up on a server that never answers once the signal aborts (grammY's timeout)", async () => {
    const { server, apiRoot } = await startRawServer(() => {
      // Never answers.
    });
    try {
      const started = performance.now();
      const outcome = await sendFetch(`${apiRoot}/bot${TOKEN}/sendMessage`, { method: "POST", body: "{}", signal: AbortSignal.timeout(200) }).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("fails at once when nothing listens", async () => {
    const { server, apiRoot } = await startRawServer(() => {});
    await new Promise((resolve) => server.close(resolve));
    const sender = createTelegramSender({ token: TOKEN, apiRoot }, log);
    const failure = (await sender.send("4245", { kind: "text", text: "hello" }).catch((error: unknown) => error)) as DeliveryError;
    expect(failure.message).toMatch(/^network: /);
  });
});
