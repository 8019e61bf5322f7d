import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang } from "../../bot/core/types.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

const MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];

async function atConsent(lang: Lang) {
  const chat = chatAs(runtime.engine, uniqueUser(`nlu-${lang}`));
  await chat.start();
  await chat.choose(`lang:${lang}`);
  return chat;
}

describe("typed messages understood by meaning", () => {
  it.each([
    ["fr", "oui d'accord"],
    ["ar", "نعم أوافق"],
    ["ary", "wakha"],
  ] as const)("in %s, «%s» answers the consent question with yes", async (lang, typed) => {
    const chat = await atConsent(lang);
    const reply = await chat.text(typed);
    expect(lastChoices(reply)).toEqual(["name:skip"]);
  });

  it.each([
    ["fr", "je voudrais parler à un conseiller svp"],
    ["ar", "أريد التحدث مع مستشار من فضلك"],
    ["ary", "bghit nhder m3a chi mostachar 3afak"],
  ] as const)("in %s, «%s» asks for a person", async (lang, typed) => {
    const chat = await atConsent(lang);
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const reply = await chat.text(typed);
    // Into the queue (its only button: back to the bot), or first the question of which platform.
    const offered = lastChoices(reply);
    expect(offered.length > 0 && offered.every((id) => id === "cmd:bot" || id.startsWith("handoff:site:") || id === "handoff:allsites" || id === "cmd:menu")).toBe(true);
  });

  it("a typed wish to book leads to booking, and the place said in passing is kept", async () => {
    const chat = await atConsent("fr");
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const reply = await chat.text("je veux prendre un rdv avec un conseiller à Khouribga demain");
    expect(lastChoices(reply).some((id) => id.startsWith("book:site:"))).toBe(true);
    expect(lastChoices(reply)[0]).toMatch(/khouribga/);
  });

  it("a typed project idea starts framing the project", async () => {
    const chat = await atConsent("fr");
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const reply = await chat.text("j'ai une idée de projet, je veux ouvrir un atelier de couture, aidez-moi à faire mon business plan");
    expect(lastChoices(reply)).toEqual(["proj:skip"]);
    expect(texts(reply)).toMatch(/idée en une phrase/);
  });

  it("asks for confirmation before deleting, even when the wish is typed plainly", async () => {
    const chat = await atConsent("ary");
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const reply = await chat.text("bghit nms7 lma3loumat dyali kamlin");
    expect(lastChoices(reply)).toEqual(["privacy:delete-yes", "privacy:delete-no"]);
  });

  it("reads a name as a name, not as a command, at the name question", async () => {
    const chat = await atConsent("fr");
    await chat.choose("consent:yes");
    const reply = await chat.text("Merci");
    expect(texts(reply)).toContain("Merci");
    expect(lastChoices(reply)).toEqual(MENU);
  });
});
