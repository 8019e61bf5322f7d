/**
 * A name as its owner would write it: each word in Latin letters starts with a capital
 * ("hamza el idrissi" → "Hamza El Idrissi"); Arabic script, which has no capitals, and
 * words already capitalised stay as they are. Names saved before this rule (or typed by
 * hand elsewhere) are shown this way too.
 */
export function asWritten(name: string): string {
  // Only what reads as a name (letters, spaces, apostrophes, hyphens): anything else is shown as typed.
  if (!/^[\p{L}\p{M}' -]+$/u.test(name)) return name;
  return name.replace(/(^|[\s'-])(\p{Ll})/gu, (_, before: string, letter: string) => (/[a-zà-ÿ]/.test(letter) ? before + letter.toUpperCase() : before + letter));
}
