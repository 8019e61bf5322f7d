import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectCommand } from "../../bot/core/commands.ts";
import type { Lang } from "../../bot/core/types.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { withoutIsolates } from "../../bot/text/bidi.ts";
import { RETENTION_MONTHS } from "../../db/retention.ts";
import { channelIdentities, contacts } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * Law 09-08 (issue 21): the notice names each right with the word that exercises it, and
 * each word is a command that works, driven here through the engine against the real
 * database, in the three languages. The deployment's controller and CNDP number come from
 * configuration.
 */
const CONTROLLER = { RAFIQ_CONTROLLER_NAME: "Association Test Rafiq", RAFIQ_CONTROLLER_CONTACT: "dpo@rafiq.test", RAFIQ_CNDP_NUMBER: "D-GC-999/2026" };

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime(CONTROLLER);
});
afterAll(() => runtime.close());

const RIGHTS = ["mydata", "correct", "stop", "delete", "withdraw", "complain"];

/** The words the full notice gives for the rights: the last «…» of each «–» line. */
function rightsNamedIn(notice: string): string[] {
  return notice
    .split("\n")
    .filter((line) => line.startsWith("–"))
    .map((line) => [...line.matchAll(/«\s?([^»]+?)\s?»/g)].at(-1)?.[1] ?? "");
}

async function onboarded(lang: Lang, name: string) {
  const user = uniqueUser(`rights-${lang}`);
  const chat = chatAs(runtime.engine, user);
  await chat.start();
  await chat.choose(`lang:${lang}`);
  await chat.choose("consent:yes");
  await chat.text(name);
  const [identity] = await runtime.database.db
    .select({ contactId: channelIdentities.contactId })
    .from(channelIdentities)
    .where(and(eq(channelIdentities.channel, "cli"), eq(channelIdentities.externalId, user)));
  if (!identity) throw new Error("no identity");
  const contact = async () => (await runtime.database.db.select().from(contacts).where(eq(contacts.id, identity.contactId)))[0]!;
  return { chat, contact };
}

describe.each(["fr", "ar", "ary"] as const)("the rights in the notice (%s)", (lang) => {
  const t = () => runtime.translator.forLang(lang);
  const notice = () => t()("privacy:notice.full", { months: RETENTION_MONTHS });

  it("names the controller, its contact, the CNDP number, the retention and every right as a command", () => {
    const text = withoutIsolates(notice());
    for (const value of Object.values(CONTROLLER)) expect(text).toContain(value);
    expect(text).toContain(String(RETENTION_MONTHS));
    expect(text).toContain("www.cndp.ma");
    const words = rightsNamedIn(text);
    expect(words.map((word) => detectCommand(word)?.command)).toEqual(RIGHTS);
  });

  it("each right's word works: see, correct, object, complain, withdraw, delete", async () => {
    const words = rightsNamedIn(withoutIsolates(notice()));
    const [see, correct, object, erase, withdraw, complain] = words as [string, string, string, string, string, string];

    const { chat, contact } = await onboarded(lang, "Salma");
    expect(texts(await chat.text(see))).toContain(withoutIsolates(t()("privacy:dataTitle")));

    const corrections = await chat.text(correct);
    expect(texts(corrections)).toContain(t()("privacy:correctWhat"));
    await chat.choose("privacy:rename");
    await chat.text("Meryem");
    expect((await contact()).firstName).toBe("Meryem");

    await chat.text(object);
    expect((await contact()).optedOut).toBe(true);

    expect(texts(await chat.text(complain))).toContain("www.cndp.ma");

    const confirmWithdraw = await chat.text(withdraw);
    expect(lastChoices(confirmWithdraw)).toContain("privacy:withdraw-yes");
    await chat.choose("privacy:withdraw-yes");
    const withdrawn = await contact();
    expect(withdrawn.consentedAt).toBeNull();
    expect(withdrawn.firstName).toBeNull();

    const other = await onboarded(lang, "Karim");
    const confirmDelete = await other.chat.text(erase);
    expect(lastChoices(confirmDelete)).toContain("privacy:delete-yes");
    await other.chat.choose("privacy:delete-yes");
    expect((await other.contact()).erasedAt).not.toBeNull();
  });

  it("shows the whole notice from the consent question, then asks again", async () => {
    const chat = chatAs(runtime.engine, uniqueUser(`notice-${lang}`));
    await chat.start();
    const asked = await chat.choose(`lang:${lang}`);
    expect(texts(asked)).toContain(withoutIsolates(CONTROLLER.RAFIQ_CNDP_NUMBER));
    const more = await chat.choose("consent:more");
    expect(texts(more)).toContain(notice());
    expect(lastChoices(more)).toContain("consent:yes");
  });
});

describe("a new notice", () => {
  it("asks again those who agreed to an older version, and records the new one", async () => {
    const { chat, contact } = await onboarded("fr", "Nadia");
    await runtime.database.db.update(contacts).set({ consentVersion: "2026-11" }).where(eq(contacts.id, (await contact()).id));
    const asked = await chat.text("programmes");
    expect(texts(asked)).toContain(runtime.translator.forLang("fr")("privacy:noticeChanged"));
    expect(lastChoices(asked)).toContain("consent:yes");
    await chat.choose("consent:yes");
    expect((await contact()).consentVersion).toBe(runtime.config.CONSENT_VERSION);
    // Asked once: the next message is answered as usual.
    expect(texts(await chat.text("programmes"))).not.toContain(runtime.translator.forLang("fr")("privacy:noticeChanged"));
  });
});

describe("the AI provider", () => {
  it("is named with its country, as a transfer abroad, only when a model is configured", () => {
    const withModel = createTranslator(undefined, { controllerName: "X", controllerContact: "Y", cndpNumber: "Z", ai: { provider: "OpenAI", country: "US" } });
    expect(withModel.forLang("fr")("privacy:notice.full", { months: 24 })).toContain("OpenAI (États-Unis)");
    expect(withModel.forLang("ary")("privacy:notice.full", { months: 24 })).toContain("الولايات المتحدة");
    expect(createTranslator().forLang("fr")("privacy:notice.full", { months: 24 })).not.toContain("OpenAI");
  });
});

describe("speaking to the person in their gender", () => {
  it("asks neutrally until the person said it, then in their gender, from the profile, on every step", async () => {
    const { chat, contact } = await onboarded("ary", "Maryam");
    await chat.choose("cmd:programs");
    const before = await chat.choose("prog:near");
    expect(texts(before)).toContain(runtime.translator.forLang("ary")("programs:whereAreYou"));
    await runtime.database.db.update(contacts).set({ profile: { gender: "female" } }).where(eq(contacts.id, (await contact()).id));
    await chat.choose("cmd:programs");
    const after = await chat.choose("prog:near");
    expect(texts(after)).toContain("فين ساكنة؟");
    expect(texts(after)).not.toContain(runtime.translator.forLang("ary")("programs:whereAreYou"));
  });
});

describe("my data", () => {
  it("lists the project too, asked by the command or in the person's words", async () => {
    const { chat } = await onboarded("fr", "Sara");
    await chat.choose("cmd:project");
    await chat.text("Un atelier de couture");
    for (const asked of ["mes données", "c'est possible de voir ce que vous gardez sur moi ?"]) {
      const data = texts(await chat.text(asked));
      expect(data).toContain("• Projet : Un atelier de couture");
      expect(data).toContain(runtime.translator.forLang("fr")("privacy:fieldMessages"));
    }
  });
});
