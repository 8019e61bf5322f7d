import { describe, expect, it } from "vitest";
import { arabicVariants, fold, latinSkeleton, normalizeText, verbStem } from "../../bot/nlu/normalize.ts";

const forms = (text: string) => normalizeText(text).tokens.map((token) => token.form);

describe("normalisation", () => {
  it("removes Arabic diacritics and tatweel and unifies alef, yeh and teh marbuta", () => {
    expect(fold("أَهْلاً")).toBe("اهلا");
    expect(fold("مـــرحبا")).toBe("مرحبا");
    expect(fold("إلى")).toBe("الي");
    expect(fold("آسفي")).toBe("اسفي");
    expect(fold("مدرسة")).toBe("مدرسه");
    expect(fold("مسؤول")).toBe("مسوول");
    expect(fold("ڭلميم")).toBe("كلميم");
  });

  it("turns Arabic-Indic and Persian digits into ASCII digits", () => {
    expect(fold("عمري ٢٥ سنة")).toBe("عمري 25 سنه");
    expect(fold("۲۵")).toBe("25");
  });

  it("removes French accents and lowercases, keeping punctuation for entities", () => {
    expect(fold("Éligibilité à Fès ?")).toBe("eligibilite a fes ?");
  });

  it("shortens letters repeated for emphasis but never numbers", () => {
    expect(fold("merciiiii")).toBe("merci");
    expect(fold("شكراااا")).toBe("شكرا");
    expect(fold("20000 dh")).toBe("20000 dh");
  });

  it("expands French SMS spellings into words", () => {
    expect(forms("jsuis dispo pr 1 rdv stp")).toEqual(["je", "suis", "disponible", "pour", "1", "rdv", "svp"]);
    expect(forms("bjr, c koi ?")).toEqual(["bonjour", "c", "est", "quoi"]);
    expect(forms("mrc bcp")).toEqual(["merci", "beaucoup"]);
  });

  it("reads rendez-vous in all its spellings as one word", () => {
    for (const text of ["un rendez-vous", "un rendez vous", "un rdv", "un rendevous"]) expect(forms(text)).toEqual(["un", "rdv"]);
  });

  it("gives one spelling to Darija function words written many ways", () => {
    expect(forms("wash n9dr nqder")).toEqual(["wach", "n9der", "n9der"]);
    expect(forms("dial diali")).toEqual(["dyal", "dyali"]);
  });

  it("gives the Arabizi spellings of one word the same skeleton", () => {
    expect(latinSkeleton("machrou3")).toBe(latinSkeleton("mochroo3"));
    expect(latinSkeleton("mashroo3")).toBe(latinSkeleton("mochroo3"));
    expect(latinSkeleton("khribga")).toBe(latinSkeleton("khouribga"));
    expect(latinSkeleton("7bes")).toBe(latinSkeleton("hbes"));
    expect(latinSkeleton("bghyt")).toBe(latinSkeleton("bghit"));
    expect(latinSkeleton("n9der")).toBe(latinSkeleton("nqder"));
    expect(latinSkeleton("mochroo3")).not.toBe(latinSkeleton("moukawala"));
  });

  it("finds the same stem in conjugations of a Darija verb, in both scripts", () => {
    expect(verbStem("ycharko", "latn")).toBe(verbStem("ncharek", "latn"));
    expect(verbStem("يشاركو", "arab")).toBe(verbStem("نشارك", "arab"));
  });

  it("offers the forms of an Arabic word without its clitics and endings", () => {
    expect(arabicVariants("فالعيون")).toEqual(expect.arrayContaining(["العيون", "عيون"]));
    expect(arabicVariants("بياناتي")).toContain("بيانات");
    expect(arabicVariants("والبرامج")).toContain("البرامج");
    expect(arabicVariants("موعدا")).toContain("موعد");
  });

  it("keeps the original text, only without invisible characters", () => {
    const normalized = normalizeText("  Salam!\u200f ");
    expect(normalized.original).toBe("Salam!");
    expect(normalized.tokens.map((token) => token.script)).toEqual(["latn"]);
  });

  it("numbers clauses so that a comma separates a negation from what follows", () => {
    const tokens = normalizeText("ma n9derch, lghi rdv").tokens;
    expect(tokens.map((token) => token.clause)).toEqual([0, 0, 1, 1]);
  });
});
