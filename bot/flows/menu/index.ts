import { asWritten } from "../../text/names.ts";
import type { Choice } from "../../core/types.ts";
import type { Flow, FlowContext, StepResult } from "../types.ts";
import { stateOf, withPrefix } from "../types.ts";
import { askConsent } from "../onboarding/index.ts";

export const MENU = "menu";

/**
 * The main menu lists only journeys that exist. Each journey added later (eligibility,
 * programmes, project, booking) adds its entry here. Entries that keep personal data are
 * shown only after consent; the others work anonymously.
 */
interface MenuEntry {
  choiceId: string;
  labelKey: string;
  needsConsent: boolean;
}

const ENTRIES: MenuEntry[] = [
  { choiceId: "cmd:eligibility", labelKey: "menu:eligibility", needsConsent: false },
  { choiceId: "cmd:programs", labelKey: "menu:programs", needsConsent: false },
  { choiceId: "cmd:project", labelKey: "menu:project", needsConsent: false },
  { choiceId: "cmd:book", labelKey: "menu:book", needsConsent: false },
  { choiceId: "cmd:appointments", labelKey: "menu:appointments", needsConsent: true },
  { choiceId: "cmd:human", labelKey: "menu:human", needsConsent: true },
  { choiceId: "cmd:mydata", labelKey: "menu:mydata", needsConsent: true },
  { choiceId: "consent:ask", labelKey: "menu:giveConsent", needsConsent: false },
  { choiceId: "cmd:language", labelKey: "menu:language", needsConsent: false },
  { choiceId: "cmd:help", labelKey: "menu:help", needsConsent: false },
];

export function menuChoices(ctx: FlowContext): Choice[] {
  const consented = ctx.contact.consent === "given";
  return ENTRIES.filter((entry) => (entry.choiceId === "consent:ask" ? !consented : !entry.needsConsent || consented)).map(
    (entry) => ({ id: entry.choiceId, label: ctx.t(entry.labelKey) }),
  );
}

export function enterMenu(ctx: FlowContext): StepResult {
  const name = ctx.contact.consent === "given" ? ctx.contact.firstName : null;
  const text = name ? ctx.t("menu:titleNamed", { name: asWritten(name) }) : ctx.t("menu:title");
  return {
    state: stateOf(MENU, "main"),
    messages: [{ kind: "choices", text, choices: menuChoices(ctx) }],
    effects: [],
  };
}

export const menuFlow: Flow = {
  name: MENU,
  prompt: (_state, ctx) => enterMenu(ctx),
  handle(_state, input, ctx) {
    // Most menu buttons are commands (cmd:*) handled by the router before reaching here.
    if (input.kind === "choice" && input.choiceId === "consent:ask") return askConsent(ctx);
    return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("common:notUnderstood") }]);
  },
};
