/**
 * Bidirectional text. A Latin fragment (a site or programme name, an amount, a name, a
 * link) inside an Arabic line is laid out by the Unicode bidi algorithm with its
 * neighbours: «Salam hamza» after an Arabic full stop shows as «hamza Salam», «12.000 :frigo»
 * loses its colon, «📍 Learning…» at the start of a line turns the whole line left-to-right.
 * First-strong isolates (U+2068 … U+2069) keep each fragment in its own order and leave
 * the line's direction to the Arabic around it. Every channel shows them (Telegram,
 * WhatsApp, browsers, calendar apps); none prints them.
 */
export const FSI = "\u2068";
export const PDI = "\u2069";

const LATIN_OR_DIGIT = /[A-Za-z0-9\u00C0-\u024F]/;
const NEEDS_NO_ISOLATE = /[\n\u2066-\u2069]/;
const FIRST_STRONG = /[A-Za-z\u00C0-\u024F\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const ARABIC = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * The value isolated when it is a Latin fragment: Latin letters or digits, and not an
 * Arabic phrase of its own (one that starts with an Arabic letter already reads right to
 * left). Multi-line or already isolated text stays as it is.
 */
export function isolateLatin(value: string): string {
  if (!LATIN_OR_DIGIT.test(value) || NEEDS_NO_ISOLATE.test(value)) return value;
  const first = FIRST_STRONG.exec(value)?.[0];
  if (first && ARABIC.test(first)) return value;
  return `${FSI}${value}${PDI}`;
}

const RLM = "\u200F";

/**
 * Each line of an Arabic text reads right to left, even one made only of an emoji and an
 * isolated Latin name («📍 Learning Center»): its direction would come from its first
 * strong character outside isolates, and it has none, so Telegram and WhatsApp would lay
 * it out left to right. Such a line starts with a right-to-left mark.
 */
export function rightToLeftLines(text: string): string {
  if (!text.includes(FSI)) return text;
  return text
    .split("\n")
    .map((line) => {
      if (!line.includes(FSI)) return line;
      const outside = line.replace(/\u2068[^\u2069]*\u2069/g, "");
      const first = FIRST_STRONG.exec(outside)?.[0];
      return first && ARABIC.test(first) ? line : RLM + line;
    })
    .join("\n");
}

/** Always isolated, whatever it holds: a label typed by the person, whose script we do not guess. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/** Text without the isolates: what a person reads, for matching and for search. */
export function withoutIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069\u200F]/g, "");
}
