/** Longest label: a word or two the team agrees on ("couture", "à rappeler"), not a note. */
export const MAX_LABEL_CHARS = 40;

/**
 * One spelling per label, so that filters and announcement segments find every person who
 * carries it: trimmed, spaces collapsed, lower case. Null when nothing usable is left.
 */
export function normalizeLabel(input: string): string | null {
  const label = input.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(label) || [...label].length > MAX_LABEL_CHARS) return null;
  return label;
}
