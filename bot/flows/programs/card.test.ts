import { describe, expect, it } from "vitest";
import { buildCatalogue } from "../../programs/catalogue.ts";
import { loadSeedPrograms } from "../../programs/seed.ts";
import { contactView, flowContext } from "../../../tests/helpers/flow-context.ts";
import { showProgramCard } from "./index.ts";

const seed = loadSeedPrograms().find((program) => program.id === "sil-wec-khouribga")!;
const cardText = (lang: "fr" | "ar" | "ary", call: Partial<typeof seed>) => {
  const catalogue = buildCatalogue([{ ...seed, ...call, version: 2 }]);
  const result = showProgramCard(seed.id, flowContext(contactView({ language: lang }), "bot", { catalogue }));
  // French puts a no-break space before a colon; compare with plain spaces.
  return result.messages.map((message) => ("text" in message ? message.text : "")).join("\n").replace(/\u00a0/g, " ");
};

describe("a programme's card", () => {
  it("gives an open call's deadline and a closed call's opening day, with the year, in each language", () => {
    expect(cardText("fr", { status: "open", closesOn: "2027-06-30" })).toContain("Statut : ouvert, jusqu'au 30 juin 2027");
    expect(cardText("fr", { status: "closed", opensOn: "2027-01-01" })).toContain("ouverture le 1er janvier 2027");
    expect(cardText("ar", { status: "open", closesOn: "2027-06-30" })).toContain("إلى غاية 30 يونيو 2027");
    expect(cardText("ary", { status: "open", closesOn: "2027-06-30" })).toContain("حتى ل 30 يونيو 2027");
  });

  it("says the status alone when no date is announced", () => {
    const lines = cardText("fr", { status: "open", closesOn: null }).split("\n");
    expect(lines.filter((line) => line.includes("Statut"))).toEqual(["🕒 Statut : ouvert"]);
  });
});
