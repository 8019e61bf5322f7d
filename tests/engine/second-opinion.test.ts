import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decide, understand } from "../../bot/nlu/understand.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { PROGRAMS_ANSWER, startOpenAiStub, type OpenAiStub } from "../helpers/openai-stub.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * With OPENAI_API_KEY set, messages the rules cannot place get a second opinion from the
 * model (here: the real openai SDK against a local stub server). Without a usable answer
 * the rules' reading stands and the conversation goes on.
 */

let stub: OpenAiStub;
let runtime: Awaited<ReturnType<typeof openTestRuntime>>;

// The timeout is generous because a busy test machine (other test files on both cores) can
// delay the stub's answer past a tight one, which would test the timeout instead of the answer.
beforeAll(async () => {
  stub = await startOpenAiStub();
  runtime = await openTestRuntime({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: "stub-model", OPENAI_TIMEOUT_MS: "3000" });
});
afterAll(async () => {
  await runtime.close();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

const UNCLEAR = "hmm lghnem w lma3z dakchi li 9elt 0661234567";

async function inMenu() {
  const chat = chatAs(runtime.engine, uniqueUser("llm"));
  await chat.start();
  await chat.choose("lang:ary");
  await chat.choose("consent:yes");
  await chat.choose("name:skip");
  return chat;
}

describe("the language model's second opinion", () => {
  it("is asked only when the rules are unsure", () => {
    expect(decide(understand(UNCLEAR, { languageHint: "ary" }))).toBe("ask");
  });

  it("leads to the journey the model recognised, and never sees the phone number", async () => {
    const chat = await inMenu();
    stub.reply = { kind: "json", content: PROGRAMS_ANSWER };
    const replies = await chat.text(UNCLEAR);
    expect(lastChoices(replies)).toContain("prog:by:need");
    expect(stub.requests).toHaveLength(1);
    expect(JSON.stringify(stub.requests[0]!.body)).not.toMatch(/61 23 45 67|0661234567/);
  });

  it("is not asked about clear messages, buttons or commands", async () => {
    const chat = await inMenu();
    stub.reply = { kind: "json", content: PROGRAMS_ANSWER };
    await chat.text("menu");
    await chat.choose("cmd:programs");
    await chat.text("bghit nhder m3a chi mostachar");
    expect(stub.requests).toHaveLength(0);
  });

  it.each([
    ["a timeout", { kind: "hang" }],
    ["a server error", { kind: "status", status: 500 }],
    ["a refusal", { kind: "refusal" }],
    ["a malformed answer", { kind: "json", content: { intent: "order_pizza" } }],
  ] as const)("after %s, the rules' reading stands and the bot still answers", async (_name, reply) => {
    const chat = await inMenu();
    stub.reply = reply;
    const replies = await chat.text(UNCLEAR);
    expect(stub.requests).toHaveLength(1);
    expect(texts(replies)).not.toBe("");
    expect(lastChoices(replies)).toContain("cmd:eligibility"); // the menu, asked again
  });

  it("never acts on the model's word for deleting data: it asks first", async () => {
    const chat = await inMenu();
    stub.reply = { kind: "json", content: { ...PROGRAMS_ANSWER, intent: "delete_data", confidence: 0.99 } };
    const replies = await chat.text(UNCLEAR);
    expect(lastChoices(replies)).toEqual(["privacy:delete-yes", "privacy:delete-no"]);
  });
});
