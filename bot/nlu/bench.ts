import { HELDOUT_PATH, loadDataset, TRAIN_PATH } from "./eval.ts";
import { understand } from "./understand.ts";

/**
 * Utterances understood per second on one core, without the language-model fallback
 * (rules + the learned intent model): the labelled sets, repeated for a few seconds after
 * a warm-up. Words are looked up once and remembered, as in a running bot, so the first
 * pass (cold caches, code not yet optimised) is reported too. `node bot/nlu/bench.ts [seconds]`.
 */

export interface BenchResult {
  utterances: number;
  seconds: number;
  perSecond: number;
  /** The very first pass over the texts: nothing cached, nothing optimised yet. */
  firstPassPerSecond: number;
}

export function bench(texts: readonly string[], seconds: number): BenchResult {
  const now = new Date("2025-06-11T09:00:00Z");
  const firstStart = performance.now();
  for (const text of texts) understand(text, { now });
  const firstPassPerSecond = texts.length / ((performance.now() - firstStart) / 1000);
  const warmUpEnd = performance.now() + 500;
  for (let i = 0; performance.now() < warmUpEnd; i++) understand(texts[i % texts.length] ?? "", { now });
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const text of texts) understand(text, { now });
    count += texts.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { utterances: count, seconds: elapsed, perSecond: count / elapsed, firstPassPerSecond };
}

if (import.meta.main) {
  const seconds = Number(process.argv[2] ?? 3);
  const texts = [...loadDataset(TRAIN_PATH), ...loadDataset(HELDOUT_PATH)].map((item) => item.text);
  const result = bench(texts, Number.isFinite(seconds) && seconds > 0 ? seconds : 3);
  console.log(
    `NLU bench: ${result.utterances} utterances in ${result.seconds.toFixed(2)} s on one core, ` +
      `${Math.round(result.perSecond)} utterances/s (${texts.length} distinct, rules + intent model, no LLM; ` +
      `first pass, cold: ${Math.round(result.firstPassPerSecond)}/s)`,
  );
}
