import { describe, expect, it } from "vitest";
import { createPacer, type PacerOptions } from "../../bot/channels/whatsapp/pacer.ts";

/** A pacer on a fake clock: sleeping moves time forward, nothing really waits. */
function pacedOnFakeClock(options: Pick<PacerOptions, "minIntervalMs" | "chatIntervalMs" | "jitterMs"> & { random?: () => number }) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const sends: { chat: string; at: number }[] = [];
  const pacer = createPacer({
    ...options,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: options.random ?? (() => 0),
  });
  const send = (chat: string) => pacer.run(chat, async () => void sends.push({ chat, at: now }));
  return { pacer, send, sends, sleeps, advance: (ms: number) => void (now += ms), start: 1_000_000 };
}

const gaps = (times: number[]) => times.slice(1).map((time, index) => time - (times[index] ?? 0));

describe("the WhatsApp pacer", () => {
  it("spaces every send by the global interval, whoever it is for", async () => {
    const paced = pacedOnFakeClock({ minIntervalMs: 1_200, chatIntervalMs: 0, jitterMs: 0 });
    await Promise.all(["a", "b", "c", "d"].map(paced.send));
    expect(paced.sends.map((send) => send.chat)).toEqual(["a", "b", "c", "d"]);
    expect(gaps(paced.sends.map((send) => send.at))).toEqual([1_200, 1_200, 1_200]);
  });

  it("spaces sends to the same chat by the chat interval, while other chats go in between", async () => {
    const paced = pacedOnFakeClock({ minIntervalMs: 100, chatIntervalMs: 1_000, jitterMs: 0 });
    await Promise.all([paced.send("a"), paced.send("a"), paced.send("b"), paced.send("a")]);
    const at = (chat: string) => paced.sends.filter((send) => send.chat === chat).map((send) => send.at - paced.start);
    expect(at("a")).toEqual([0, 1_000, 2_000]);
    expect(at("b")).toEqual([1_100]); // waited its turn in the queue, then only the global interval
  });

  it("sends at once when the last send is long past", async () => {
    const paced = pacedOnFakeClock({ minIntervalMs: 1_200, chatIntervalMs: 800, jitterMs: 0 });
    await paced.send("a");
    paced.advance(5_000);
    await paced.send("a");
    expect(paced.sleeps).toEqual([]);
  });

  it("adds a random pause of up to the jitter to every send, so the rhythm is not regular", async () => {
    const draws = [0, 0.5, 0.999];
    const paced = pacedOnFakeClock({ minIntervalMs: 1_000, chatIntervalMs: 0, jitterMs: 700, random: () => draws.shift() ?? 0 });
    await Promise.all(["a", "b", "c"].map(paced.send));
    expect(paced.sleeps).toEqual([0 + 0, 1_000 + 350, 1_000 + 700].filter((ms) => ms > 0));
    expect(gaps(paced.sends.map((send) => send.at))).toEqual([1_350, 1_700]);
  });

  it("keeps the queue going after a failed send, and reports the failure to its caller", async () => {
    const paced = pacedOnFakeClock({ minIntervalMs: 500, chatIntervalMs: 0, jitterMs: 0 });
    const failing = paced.pacer.run("a", async () => {
      throw new Error("boom");
    });
    const next = paced.send("b");
    await expect(failing).rejects.toThrow("boom");
    await next;
    expect(paced.sends).toEqual([{ chat: "b", at: paced.start + 500 }]);
  });

  it("never runs two sends at the same time", async () => {
    const pacer = createPacer({ minIntervalMs: 0, chatIntervalMs: 0, jitterMs: 0 });
    let running = 0;
    let most = 0;
    const slowSend = () =>
      pacer.run("a", async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      });
    await Promise.all([slowSend(), slowSend(), slowSend()]);
    expect(most).toBe(1);
  });
});
