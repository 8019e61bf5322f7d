/** Inputs longer than this are computed every time: a pasted essay is not worth remembering. */
const MAX_REMEMBERED_LENGTH = 256;

/**
 * A pure function of one string, remembered for its last `max` distinct inputs (the oldest
 * forgotten first). For text normalisers that a turn calls many times on the same few
 * strings — the person's message, the labels of the choices on offer — so they are computed
 * once instead of by every reader. Only for functions whose result nobody mutates.
 */
export function rememberLast<T>(compute: (text: string) => T, max = 2_000): (text: string) => T {
  const remembered = new Map<string, T>();
  return (text) => {
    const known = remembered.get(text);
    if (known !== undefined) return known;
    const value = compute(text);
    if (text.length <= MAX_REMEMBERED_LENGTH) {
      if (remembered.size >= max) remembered.delete(remembered.keys().next().value as string);
      remembered.set(text, value);
    }
    return value;
  };
}
