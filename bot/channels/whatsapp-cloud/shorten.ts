/**
 * Shortens a label to at most `max` characters on a word boundary, ending with "…", or
 * returns null when even its first word does not fit: a word is never cut in half (the
 * caller then picks a roomier form). Characters are code points: an Arabic letter or an
 * emoji is never split.
 */
export function shortenOnWord(label: string, max: number): string | null {
  const text = label.trim().replace(/\s+/g, " ");
  if ([...text].length <= max) return text;
  const words = text.split(" ");
  let kept = "";
  for (const word of words) {
    const next = kept ? `${kept} ${word}` : word;
    if ([...next].length + 1 > max) break;
    kept = next;
  }
  // Do not end on a dangling separator or punctuation: "Oui," reads better as "Oui…".
  kept = kept.replace(/[\s,;:–—-]+$/u, "");
  return kept ? `${kept}…` : null;
}

export function length(text: string): number {
  return [...text].length;
}
