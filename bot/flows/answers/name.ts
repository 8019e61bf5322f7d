import { cleanText, tidyTypography } from "../../core/normalize.ts";
import { normalizeText } from "../../nlu/normalize.ts";
import { readYesNo } from "./yes-no.ts";
import { says } from "./words.ts";
import { asWritten } from "../../text/names.ts";

const MAX_NAME_LENGTH = 40;
// "je m'appelle Sara", "je m appelle Sara", "ana smiti Sara", "اسمي سارة", "smiti sara", "my name is Sara": keep only the name.
const NAME_PREFIXES =
  /^(?:(?:bonjour|salut|salam|slm|مرحبا|سلام|السلام عليكم)[\s,!.]+)?(?:je m ?'? ?appel+e|j m ?'? ?appel+e|moi c ?'? ?est|mon (?:pre)?nom (?:est|c ?'? ?est)|my name is|i am|i'm|je suis|c ?'? ?est|ana smiti|ana esmi|ana ismi|smiti|smitii|esmi|ismi|ana|انا اسمي|أنا اسمي|انا سميتي|أنا سميتي|سميتي|اسمي|إسمي|انا|أنا)[\s,:]+/iu;
// "… svp", "… من فضلك", "… 3afak", "…, merci": politeness after the name.
const POLITE_SUFFIX = /[\s,]+(?:svp|stp|s'il vous pla[iî]t|merci|3afak|afak|من فضلك|عافاك|شكرا|chokran|please)$/iu;

/**
 * Reads a first name from a typed answer, or null when it does not look like one (empty,
 * only emoji or digits, a whole sentence, a link, "je sais pas", a yes or no). A name in
 * Latin letters gets its capitals ("yassine" → "Yassine"), as the person would write it.
 */
export function readFirstName(text: string): string | null {
  const tidy = tidyTypography(cleanText(text));
  const normalized = normalizeText(tidy);
  if (says(normalized, "dontKnow") || (readYesNo(normalized) && readYesNo(normalized)!.rest === "")) return null;
  let name = tidy.replace(/[.!?…]+$/u, "").trim();
  for (let previous = ""; previous !== name; ) {
    previous = name;
    name = name.replace(NAME_PREFIXES, "").replace(POLITE_SUFFIX, "").trim();
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  if (!/^[\p{L}\p{M}][\p{L}\p{M}' -]*$/u.test(name)) return null;
  if (name.split(/\s+/).length > 3) return null;
  return asWritten(name.replace(/\s+/g, " "));
}
