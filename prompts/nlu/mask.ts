import { asciiDigits } from "../../bot/nlu/normalize.ts";

/**
 * Masks personal data before any text leaves the server (DESIGN.md, "Trust"): phone
 * numbers (Moroccan and international formats), e-mail addresses, national identity card
 * numbers (CIN, `AB123456`) and names after "je m'appelle", "smiti", "اسمي"… Amounts,
 * ages and dates stay: the model needs them. Pure.
 */

export type MaskKind = "phone" | "email" | "id" | "name";

export interface Masked {
  text: string;
  /** How many of each kind were masked. */
  counts: Record<MaskKind, number>;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// +212 6 12 34 56 78, 00212612345678, +33 (0)6…: international.
const PHONE_INTERNATIONAL = /(?:\+|\b00)\s?\d{1,3}(?:[\s.()-]*\d){7,12}/g;
// 0612345678, 06 12 34 56 78, 06-12-34-56-78, 212612345678.
const PHONE_LOCAL = /(?<!\d)(?:212|0)[5-8](?:[\s.-]?\d){8}(?!\d)/g;
// Any other long run of digits (a number written without the leading 0, an account).
const LONG_NUMBER = /(?<!\d)\d{9,}(?!\d)/g;
// CIN: one or two letters and five or six digits ("AB123456", "J123456", "BK-123456" as
// some type it), not "dh20000".
const CIN = /(?<![\p{L}\p{N}])(?!dh|DH|Dh)[A-Za-z]{1,2}[\s.-]?\d{5,6}(?![\p{L}\p{N}])/gu;
const NAME_INTRO =
  /(je m\s?['’]?\s?appelle|mon (?:pr[ée]?nom|nom) (?:est|c['’]est)|moi c['’]est|smiti|smiyti|smiya dyali|smia dyali|esmi|ismi|my name is|اسمي|إسمي|سميتي|الاسم ديالي|أنا اسمي|انا اسمي)(\s*:?\s+)([\p{L}'’-]+)(\s+(?!(?:et|w|and|mn|men|de|from|j|je|ana|3andi|عندي|من|انا|أنا)(?![\p{L}]))(?!و)[\p{L}'’-]+)?/giu;

export function maskPersonalData(text: string): Masked {
  const counts: Record<MaskKind, number> = { phone: 0, email: 0, id: 0, name: 0 };
  const count = (kind: MaskKind, placeholder: string) => () => {
    counts[kind]++;
    return placeholder;
  };
  const masked = asciiDigits(text)
    .replace(EMAIL, count("email", "[EMAIL]"))
    .replace(PHONE_INTERNATIONAL, count("phone", "[PHONE]"))
    .replace(PHONE_LOCAL, count("phone", "[PHONE]"))
    .replace(LONG_NUMBER, count("phone", "[PHONE]"))
    .replace(CIN, count("id", "[ID]"))
    .replace(NAME_INTRO, (_match, intro: string, space: string) => {
      counts.name++;
      return `${intro}${space}[NAME]`;
    });
  return { text: masked, counts };
}
