import { FRENCH_WORDS } from "./markers.ts";
import type { Token } from "./normalize.ts";
import { arabicVariants, latinSkeleton, normalizeText, verbStem } from "./normalize.ts";

/**
 * Finds named concepts (lists of phrases in French, Arabizi and Arabic letters) in a
 * normalised message, tolerant of spelling: Arabizi words meet by consonant skeleton,
 * Arabic words with or without clitics (`و`, `ال`, `ف`, `ب`, `ي`…), and longer words with
 * one or two typos (edit distance with transpositions). Pure once compiled.
 */

/** How phrases are written: French, Darija in Latin letters, anything in Arabic letters. */
export type Writing = "fr" | "latn" | "ar";
export type ConceptPhrases = Partial<Record<Writing, readonly string[]>>;

export interface ConceptHit {
  /** 1 exact; less for a skeleton, clitic-stripped or fuzzy match. */
  quality: number;
  /** First and one-past-last token index covered. */
  start: number;
  end: number;
  clause: number;
}

interface VocabToken {
  writing: Writing;
  form: string;
  skeleton: string;
}

interface Term {
  concept: number;
  vocab: number[];
}

const QUALITY_SKELETON = 0.9;
const QUALITY_CLITIC = 0.95;
const QUALITY_FUZZY = 0.8;
const QUALITY_STEM = 0.85;
/** Skeletons shorter than this collide too often (`had` "this" vs `7ayed` "remove"). */
const MIN_SKELETON = 3;
const LOOKUP_CACHE_MAX = 50_000;
/** The hits of a concept a message does not name (shared, so frozen). */
const NO_HITS: ConceptHit[] = Object.freeze([]) as unknown as ConceptHit[];

export interface Matcher {
  readonly conceptNames: readonly string[];
  conceptId(name: string): number;
  /**
   * Hits per concept id (index into `conceptNames`), best first. Read-only: for a frozen
   * token list the answer is remembered and shared (frozen too).
   */
  match(tokens: readonly Token[]): ConceptHit[][];
}

export function compileMatcher(concepts: Record<string, ConceptPhrases>): Matcher {
  const names = Object.keys(concepts);
  const vocab: VocabToken[] = [];
  const vocabIndex = new Map<string, number>();
  const terms: Term[] = [];
  const index = {
    fr: new Map<string, number[]>(),
    latn: new Map<string, number[]>(),
    skeleton: new Map<string, number[]>(),
    ar: new Map<string, number[]>(),
    /** Stems of the conjugated verbs in the lexicon (ncharek, نشارك): another person or the plural meets them. */
    stem: new Map<string, number[]>(),
  };
  const fuzzy = { fr: new Map<string, number[]>(), skeleton: new Map<string, number[]>(), ar: new Map<string, number[]>() };

  const push = <K>(map: Map<K, number[]>, key: K, id: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  };

  const vocabId = (writing: Writing, token: Token): number => {
    const key = `${writing}:${token.form}`;
    const known = vocabIndex.get(key);
    if (known !== undefined) return known;
    const id = vocab.length;
    const skeleton = writing === "latn" ? latinSkeleton(token.form) : "";
    vocab.push({ writing, form: token.form, skeleton });
    vocabIndex.set(key, id);
    const stem = writing === "fr" ? "" : verbStem(token.form, token.script);
    if (stem && /^[nty\u0646\u062a\u064a]/.test(token.form)) push(index.stem, `${token.script}:${stem}`, id);
    if (writing === "fr" || (writing === "latn" && token.script === "num")) {
      push(index.fr, token.form, id);
      if (token.form.length >= 6) push(fuzzy.fr, bucketKey(token.form), id);
    } else if (writing === "latn") {
      push(index.latn, token.form, id);
      if (skeleton.length >= MIN_SKELETON) push(index.skeleton, skeleton, id);
      if (skeleton.length >= 5) push(fuzzy.skeleton, bucketKey(skeleton), id);
    } else {
      push(index.ar, token.form, id);
      const bare = /^ال(..+)$/.exec(token.form);
      if (bare?.[1]) push(index.ar, bare[1], id);
      if (token.form.length >= 5) push(fuzzy.ar, bucketKey(token.form), id);
    }
    return id;
  };

  names.forEach((name, concept) => {
    const phrases = concepts[name] ?? {};
    for (const writing of ["fr", "latn", "ar"] as const) {
      for (const phrase of phrases[writing] ?? []) {
        const tokens = normalizeText(phrase).tokens;
        if (tokens.length === 0) throw new Error(`empty phrase in concept ${name}`);
        terms.push({ concept, vocab: tokens.map((token) => vocabId(writing, token)) });
      }
    }
  });

  const termsByFirst = new Map<number, number[]>();
  terms.forEach((term, id) => push(termsByFirst, term.vocab[0] ?? -1, id));

  // A word's matches depend on the word alone: looked up once (fuzzy matching is the costly part).
  const lookups = new Map<string, Map<number, number>>();
  function lookup(token: Token): Map<number, number> {
    const cached = lookups.get(token.form);
    if (cached) return cached;
    const found = lookupUncached(token);
    if (lookups.size >= LOOKUP_CACHE_MAX) lookups.clear();
    lookups.set(token.form, found);
    return found;
  }

  function lookupUncached(token: Token): Map<number, number> {
    const found = new Map<number, number>();
    const add = (ids: number[] | undefined, quality: number) => {
      if (!ids) return;
      for (const id of ids) if ((found.get(id) ?? 0) < quality) found.set(id, quality);
    };
    if (token.script === "arab") {
      const variants = arabicVariants(token.form);
      variants.forEach((variant, i) => add(index.ar.get(variant), i === 0 ? 1 : QUALITY_CLITIC));
      if (found.size === 0) {
        const stem = verbStem(token.form, "arab");
        add(index.stem.get(`arab:${stem || token.form}`), QUALITY_STEM);
      }
      if (found.size === 0 && token.form.length >= 5) {
        for (const variant of variants.slice(0, 3)) fuzzyAdd(fuzzy.ar, variant, variant, 1, add);
      }
      return found;
    }
    add(index.fr.get(token.form), 1);
    if (token.script === "num") return found;
    add(index.latn.get(token.form), 1);
    // A French word of the lexicon or of everyday French is not read as Arabizi ("suffit" is not "sift").
    const french = FRENCH_WORDS.has(token.form) || index.fr.has(token.form);
    if (!french && token.skeleton.length >= MIN_SKELETON) add(index.skeleton.get(token.skeleton), QUALITY_SKELETON);
    // Arabizi writes the article and `w`/`f`/`b` onto the word: lmaw3id, fkhouribga, bdarija.
    if (!french && /^[lwfb]/.test(token.form) && token.form.length >= 5) {
      const rest = token.form.slice(1);
      add(index.latn.get(rest), QUALITY_CLITIC);
      const skeleton = latinSkeleton(rest);
      // A longer rest: "bonjourr" is not b + "onjourr" (njara).
      if (skeleton.length > MIN_SKELETON) add(index.skeleton.get(skeleton), QUALITY_SKELETON - 0.05);
    }
    if (found.size === 0 && !french) {
      const stem = verbStem(token.form, "latn");
      add(index.stem.get(`latn:${stem || token.skeleton}`), QUALITY_STEM);
    }
    if (found.size === 0 && !french && token.form.length >= 5) {
      if (token.form.length >= 6) fuzzyAdd(fuzzy.fr, token.form, token.form, token.form.length >= 9 ? 2 : 1, add);
      if (token.skeleton.length >= 5) fuzzyAdd(fuzzy.skeleton, token.skeleton, token.skeleton, 1, add, true);
    }
    return found;
  }

  function fuzzyAdd(
    buckets: Map<string, number[]>,
    key: string,
    word: string,
    maxDistance: number,
    add: (ids: number[], quality: number) => void,
    bySkeleton = false,
  ): void {
    const hits: number[] = [];
    for (let length = key.length - maxDistance; length <= key.length + maxDistance; length++) {
      for (const id of buckets.get(bucketKey(key, length)) ?? []) {
        const entry = vocab[id];
        if (!entry) continue;
        if (boundedDistance(word, bySkeleton ? entry.skeleton : entry.form, maxDistance) <= maxDistance) hits.push(id);
      }
    }
    if (hits.length > 0) add(hits, QUALITY_FUZZY);
  }

  const matched = new WeakMap<readonly Token[], ConceptHit[][]>();
  return {
    conceptNames: names,
    conceptId(name) {
      const id = names.indexOf(name);
      if (id < 0) throw new Error(`unknown concept ${name}`);
      return id;
    },
    match(tokens) {
      // A frozen token list (normalizeText's, remembered per text) is read once: one turn asks
      // about the same message's concepts from several places ("does it say move? late?").
      const frozen = Object.isFrozen(tokens);
      const known = frozen ? matched.get(tokens) : undefined;
      if (known) return known;
      const perToken = tokens.map(lookup);
      // Most concepts are absent from a message: they share one empty list.
      const hits: ConceptHit[][] = new Array<ConceptHit[]>(names.length).fill(NO_HITS);
      perToken.forEach((matches, start) => {
        for (const [first, firstQuality] of matches) {
          for (const termId of termsByFirst.get(first) ?? []) {
            const term = terms[termId];
            if (!term) continue;
            const hit = extend(term, start, firstQuality, perToken, tokens);
            if (!hit) continue;
            if (hits[term.concept] === NO_HITS) hits[term.concept] = [];
            hits[term.concept]?.push(hit);
          }
        }
      });
      for (const list of hits) if (list.length > 1) list.sort((a, b) => b.quality - a.quality || a.start - b.start);
      if (frozen) {
        // Shared with every later reader of the same text: nobody may change it.
        for (const list of hits) Object.freeze(list);
        matched.set(tokens, Object.freeze(hits) as ConceptHit[][]);
      }
      return hits;
    },
  };
}

/** Fuzzy candidates are grouped by first letter and length: typos rarely touch the first letter. */
function bucketKey(word: string, length = word.length): string {
  return `${word[0] ?? ""}${length}`;
}

/** Matches the rest of a term after its first token; one extra word may sit in between. */
function extend(
  term: Term,
  start: number,
  firstQuality: number,
  perToken: ReadonlyArray<Map<number, number>>,
  tokens: readonly Token[],
): ConceptHit | null {
  let quality = firstQuality;
  let position = start + 1;
  let gapUsed = false;
  for (let k = 1; k < term.vocab.length; k++) {
    const want = term.vocab[k] ?? -1;
    let q = perToken[position]?.get(want);
    if (q === undefined && !gapUsed) {
      q = perToken[position + 1]?.get(want);
      if (q !== undefined) {
        gapUsed = true;
        position++;
      }
    }
    if (q === undefined) return null;
    quality = Math.min(quality, q);
    position++;
  }
  return { quality, start, end: position, clause: tokens[start]?.clause ?? 0 };
}

/** Damerau–Levenshtein (optimal string alignment), giving up once above `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[m] ?? max + 1;
}
