import type { Entities, Intent } from "../../bot/nlu/contract.ts";

/**
 * Evaluation cases for the NLU prompt: messages the rules find hard (long, mixed, no
 * keyword), with what a good answer says. Run them against a real model before changing
 * the prompt or the model; the tests check that they stay well-formed. Dates are relative
 * to Wednesday 11 June 2025.
 */
export interface NluEvalCase {
  text: string;
  intent: Intent;
  /** Entities a good answer must contain (others may be null). */
  entities?: Entities;
  /** Personal data that must be masked before the model sees the text. */
  mustMask?: string[];
}

export const NLU_EVAL_CASES: readonly NluEvalCase[] = [
  {
    text: "slt, smiti Yassine, ana mn oued zem w 3ndi wa7ed l'idée dyal tarbiya dial lma3z, ch7al ghadi tkllfni?",
    intent: "project",
    entities: { province: "khouribga" },
    mustMask: ["Yassine"],
  },
  {
    text: "j'ai vu une affiche à la maison des jeunes, c'est pour qui exactement votre truc ? moi j'ai 33 ans",
    intent: "eligibility",
    entities: { age: 33 },
  },
  {
    text: "سمحلي ماغنقدرش نوصل الخميس، عندي امتحان، نقدرو نأجلو؟",
    intent: "cancel_booking",
  },
  {
    text: "اتصلوا بي على 0661234567 أريد أن أتكلم مع شخص مسؤول",
    intent: "human",
    mustMask: ["0661234567"],
  },
  {
    text: "kont baghi nchouf wach kayna chi 7aja dyal lfloss l bnat li bghaw ybdaw projet f laayoune",
    intent: "programs",
    entities: { province: "laayoune" },
  },
  {
    text: "baraka 3lia had lmessages kolla nhar, ma3ndich wa9t",
    intent: "stop",
  },
];
