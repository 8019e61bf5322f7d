import type { Conversation } from "../types.ts";

/** Harness check only; replaced by the written conversations. */
export const EXAMPLE: readonly Conversation[] = [
  { id: "ex-fr-verdicts", writing: "fr", goal: "verdicts", opening: "bonjour, est ce que je peux avoir un programme ? j'ai 24 ans" },
  { id: "ex-fr-verdicts2", writing: "fr", goal: "verdicts", opening: "bonjour, est ce que je peux avoir un programme ? j'ai 24 ans" },
  { id: "ex-aryl-move", writing: "ary-latn", goal: "reschedule", start: "meeting", opening: "bghit nbeddel lmaw3id", answers: { day: "lkhmis", time: "f 10" } },
  { id: "ex-aryl-move2", writing: "ary-latn", goal: "reschedule", start: "meeting", opening: "bghit nbeddel lmaw3id", answers: { day: "lkhmis", time: "f 10" } },
];
