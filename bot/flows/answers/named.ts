import { compileMatcher, type ConceptPhrases, type Matcher } from "../../nlu/matcher.ts";
import { fold, normalizeText } from "../../nlu/normalize.ts";

/**
 * Finds which named things (platforms, programmes) a typed message names, in any script
 * and common spelling: a name or its opening words ("Minassati", "منصتي", "فمنصتي",
 * "مختبر الابتكار الاجتماعي", "Social Innovation Lab"), a short name in brackets ("WEC",
 * "PIE"), or extra words (a town and its spellings). Read through the tolerant matcher, so
 * Arabizi spellings, typos and glued prepositions meet. Pure; compiled once per list.
 */
export interface Named {
  id: string;
  /** Full names, in every language. */
  names: readonly string[];
  /** Other words that name it alone (its id's words, its town's spellings). */
  extra: readonly string[];
}

/** Words that name nothing by themselves (a name's first word is used alone only when distinctive). */
const GENERIC = new Set([
  "centre", "center", "learning", "social", "women", "plateforme", "platform", "programme", "fondation", "foundation", "lab", "innovation",
  "empowerment", "jeunes", "des", "de", "du", "la", "le", "les", "et", "sil", "prix", "national", "accompagnement", "ateliers", "valorisation",
  "sommet", "mit",
  "مركز", "منصه", "المنصه", "برنامج", "البرنامج", "موسسه", "مختبر", "الابتكار", "الشباب", "ديال", "لجامعه", "جامعه", "الجايزه", "الوطنيه", "مواكبه",
  "المرافقه", "ورشات", "الورشات", "تثمين", "قمه", "القمه",
]);

function phrasesOf(entry: Named): { names: string[]; extra: string[] } {
  const phrases = new Set<string>();
  const add = (text: string | undefined) => {
    const folded = text ? fold(text).replace(/[«»"()،,.]/g, " ").replace(/\s+/g, " ").trim() : "";
    if (folded.length >= 3) phrases.add(folded);
  };
  for (const name of entry.names) {
    const words = fold(name).replace(/\([^)]*\)/g, " ").replace(/[«»"]/g, " ").split(/[\s،,]+/).filter(Boolean);
    // The name's opening words: "minassati", "منصتي", "social innovation lab", "مختبر الابتكار الاجتماعي".
    for (let count = 1; count <= Math.min(words.length, 4); count += 1) {
      const start = words.slice(0, count);
      if (count === 1 && (GENERIC.has(start[0]!) || start[0]!.length < 4)) continue;
      if (count === 2 && GENERIC.has(start[0]!) && GENERIC.has(start[1]!)) continue;
      add(start.join(" "));
    }
    for (const inside of name.matchAll(/\(([^)]+)\)/g)) if (!GENERIC.has(fold(inside[1]!))) add(inside[1]);
  }
  const named = [...phrases];
  phrases.clear();
  entry.extra.filter((word) => !GENERIC.has(fold(word))).forEach(add);
  const extra = [...phrases];
  // A town in a name's brackets ("منصتي (خريبكة)") names the town, not the platform: it counts as a town.
  return { names: named.filter((phrase) => !extra.includes(phrase)), extra };
}

/** A name and an extra word are two concepts: a platform named by its own name beats one named by its town. */
const EXTRA = "\u0000extra";

function conceptOf(phrases: readonly string[]): ConceptPhrases {
  const arabic = phrases.filter((phrase) => /[\u0600-\u06ff]/.test(phrase));
  const latin = phrases.filter((phrase) => !/[\u0600-\u06ff]/.test(phrase));
  return { fr: latin, latn: latin, ar: arabic };
}

export interface CompiledNames {
  matcher: Matcher;
  ids: string[];
}

const CACHE = new Map<string, CompiledNames>();
const CACHE_MAX = 32;

export function compileNames(entries: readonly Named[]): CompiledNames {
  const key = JSON.stringify(entries);
  let compiled = CACHE.get(key);
  if (!compiled) {
    const concepts: Record<string, ConceptPhrases> = {};
    for (const entry of entries) {
      const { names, extra } = phrasesOf(entry);
      concepts[entry.id] = conceptOf(names);
      concepts[`${entry.id}${EXTRA}`] = conceptOf(extra);
    }
    compiled = { matcher: compileMatcher(concepts), ids: Object.keys(concepts) };
    if (CACHE.size >= CACHE_MAX) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(key, compiled);
  }
  return compiled;
}

export interface NamedReading {
  /** What the message names, best first; several when it names a town with several, or a shared word. */
  ids: string[];
  /** The message's words outside the names. */
  rest: string;
}

export function findNamed(text: string, compiled: CompiledNames): NamedReading | null {
  const normalized = normalizeText(text);
  const hits = compiled.matcher.match(normalized.tokens);
  // Each thing's weight: the longest stretch of its own name (a name beats a town), plus every
  // separate mention of its extra words ("le centre des femmes à Khouribga": women, Khouribga).
  const weights = new Map<string, number>();
  const spans: { start: number; end: number }[] = [];
  compiled.ids.forEach((concept, index) => {
    const list = hits[index] ?? [];
    if (list.length === 0) return;
    const named = !concept.endsWith(EXTRA);
    const id = named ? concept : concept.slice(0, -EXTRA.length);
    let weight = 0;
    if (named) {
      const best = list.reduce((top, hit) => (hit.end - hit.start + hit.quality / 10 > top.end - top.start + top.quality / 10 ? hit : top));
      weight = best.end - best.start + best.quality / 10 + 0.5;
    } else {
      const taken: { start: number; end: number }[] = [];
      for (const hit of [...list].sort((a, b) => b.end - b.start - (a.end - a.start))) {
        if (taken.some((span) => hit.start < span.end && span.start < hit.end)) continue;
        taken.push(hit);
        weight += hit.end - hit.start + hit.quality / 10;
      }
    }
    spans.push(...list);
    weights.set(id, (weights.get(id) ?? 0) + weight);
  });
  if (weights.size === 0) return null;
  const best = Math.max(...weights.values());
  const top = [...weights].filter(([, weight]) => weight >= best - 0.05).map(([id]) => id);
  const covered = new Set<number>();
  for (const span of spans) for (let index = span.start; index < span.end; index += 1) covered.add(index);
  const rest = normalized.tokens.filter((_, index) => !covered.has(index)).map((token) => token.form).join(" ");
  return { ids: top, rest };
}
