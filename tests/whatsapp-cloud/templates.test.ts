import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, parseTemplates, templateMessage } from "../../bot/channels/whatsapp-cloud/templates.ts";
import { sendSchema } from "./graph-schema.ts";

describe("the WhatsApp templates' configuration", () => {
  it("takes the README's names by default and lets each be changed, per language too", () => {
    expect(parseTemplates(undefined)).toEqual(DEFAULT_TEMPLATES);
    const set = parseTemplates(JSON.stringify({ announcement: { name: { fr: "annonce_fr", ar: "annonce_ar", ary: "annonce_darija" }, languages: { fr: "fr", ar: "ar", ary: "ar" } } }));
    const message = templateMessage(set, { template: "announcement", values: { text: "Appel ouvert\nà Khouribga" } }, "ary");
    expect(message.template).toMatchObject({ name: "annonce_darija", language: { code: "ar" } });
    expect(message.template.components).toEqual([{ type: "body", parameters: [{ type: "text", text: "Appel ouvert · à Khouribga" }] }]);
    expect(sendSchema.safeParse({ messaging_product: "whatsapp", to: "212600000000", ...message }).success).toBe(true);
  });

  it("refuses a bad configuration naming the field", () => {
    expect(() => parseTemplates("{")).toThrow(/not valid JSON/);
    expect(() => parseTemplates(JSON.stringify({ meeting_reminder: { name: "Rappel RDV" } }))).toThrow(/meeting_reminder\.name/);
    expect(() => parseTemplates(JSON.stringify({ meeting_reminder: { parameters: ["phone"] } }))).toThrow(/meeting_reminder\.parameters/);
  });
});
