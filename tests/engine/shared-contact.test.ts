import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelIdentities, contacts } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

async function phoneOf(user: string) {
  const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
  const [contact] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, identity?.contactId ?? ""));
  return contact?.phone ?? null;
}

describe("a shared contact card", () => {
  it("links the person's own number to their profile after consent, and shows it in my data", async () => {
    const user = uniqueUser("contact");
    const chat = chatAs(runtime.engine, user, "telegram");
    await chat.start();
    await chat.choose("lang:fr");
    await chat.choose("consent:yes");
    await chat.text("Khadija");
    const saved = await chat.send({ kind: "contact", phone: "06 12 34 56 78" });
    expect(texts(saved)).toMatch(/numéro est enregistré/);
    expect(lastChoices(saved)).toContain("cmd:human"); // the menu is asked again
    expect(await phoneOf(user)).toBe("+212612345678");
    expect(texts(await chat.text("mes données"))).toContain("+212612345678");
  });

  it("keeps no number before consent, and says why", async () => {
    const user = uniqueUser("contact-no");
    const chat = chatAs(runtime.engine, user, "telegram");
    await chat.start();
    await chat.choose("lang:ar");
    await chat.choose("consent:no");
    const reply = await chat.send({ kind: "contact", phone: "+212612345678" });
    expect(texts(reply)).toContain("موافقتك");
    expect(await phoneOf(user)).toBeNull();
  });

  it("answers a shared location by asking for the city's name, in the person's language", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("location"), "telegram");
    await chat.start();
    await chat.choose("lang:ary");
    const reply = await chat.send({ kind: "location", latitude: 32.88, longitude: -6.9 });
    expect(texts(reply)).toContain("المدينة");
    expect(lastChoices(reply)).toEqual(["consent:yes", "consent:no", "consent:more"]);
  });
});
