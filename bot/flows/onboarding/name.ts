import { cleanText } from "../../core/normalize.ts";

const MAX_NAME_LENGTH = 40;
// "je m'appelle Sara", "ana smiti Sara", "اسمي سارة", "smiti sara": keep only the name.
const NAME_PREFIXES =
  /^(?:je m'?appelle|je suis|moi c'?est|c'?est|mon (?:pre)?nom (?:est|c'?est)|ana smiti|smiti|ana|سميتي|اسمي|إسمي|انا|أنا)\s+/iu;

/**
 * Reads a first name from a typed answer, or null when it does not look like one
 * (empty, only emoji or digits, a whole sentence, a link).
 */
export function readFirstName(text: string): string | null {
  const name = cleanText(text).replace(NAME_PREFIXES, "").replace(/[.!]+$/u, "").trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  if (!/^[\p{L}\p{M}][\p{L}\p{M}' -]*$/u.test(name)) return null;
  if (name.split(/\s+/).length > 3) return null;
  return name.replace(/\s+/g, " ");
}
