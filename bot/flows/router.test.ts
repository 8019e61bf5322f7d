import { describe, expect, it } from "vitest";
import type { InboundContent, Lang, MediaKind, Outbound } from "../core/types.ts";
import { contactView, flowContext, tr } from "../../tests/helpers/flow-context.ts";
import { route } from "./router.ts";
import type { FlowState, StepResult } from "./types.ts";

// The router without a database: a hand-made contact and context with the real locales
// (tests/helpers/flow-context.ts), and the flow state a previous step would have left.
const context = flowContext;
const t = tr;

const text = (value: string): InboundContent => ({ kind: "text", text: value });
const choice = (choiceId: string): InboundContent => ({ kind: "choice", choiceId });

function choiceIds(result: StepResult): string[] {
  const last = result.messages.findLast((message) => message.kind === "choices");
  return last && last.kind === "choices" ? last.choices.map((item) => item.id) : [];
}

function firstText(result: StepResult): string {
  const first: Outbound | undefined = result.messages[0];
  return first ? first.text : "";
}

/** A step deep in a journey: correcting one's first name, with a "cancel" button offered. */
function deepState(lang: Lang): FlowState {
  return {
    flow: "privacy",
    step: "rename",
    data: {},
    offered: [{ id: "cmd:mydata", label: t(lang, "common:cancel") }],
  };
}

const CONSENTED_MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];

describe("global commands typed from a deep step", () => {
  const cases: { typed: string; lang: Lang; flow: string; step: string; says: string }[] = [
    { typed: "menu", lang: "fr", flow: "menu", step: "main", says: "menu:titleNamed" },
    { typed: "القائمة", lang: "ar", flow: "menu", step: "main", says: "menu:titleNamed" },
    { typed: "lmenu", lang: "ary", flow: "menu", step: "main", says: "menu:titleNamed" },
    { typed: "/menu", lang: "fr", flow: "menu", step: "main", says: "menu:titleNamed" },
    { typed: "aide", lang: "fr", flow: "menu", step: "main", says: "help:text" },
    { typed: "عاوني", lang: "ary", flow: "menu", step: "main", says: "help:text" },
    { typed: "stop", lang: "fr", flow: "privacy", step: "stopped", says: "privacy:stopped" },
    { typed: "وقف", lang: "ar", flow: "privacy", step: "stopped", says: "privacy:stopped" },
    { typed: "7bes", lang: "ary", flow: "privacy", step: "stopped", says: "privacy:stopped" },
    { typed: "bdel lougha", lang: "ary", flow: "onboarding", step: "language", says: "onboarding:chooseLanguage" },
    { typed: "langue", lang: "fr", flow: "onboarding", step: "language", says: "onboarding:chooseLanguage" },
    { typed: "mes données", lang: "fr", flow: "privacy", step: "data", says: "privacy:dataTitle" },
    { typed: "بياناتي", lang: "ar", flow: "privacy", step: "data", says: "privacy:dataTitle" },
    { typed: "conseiller", lang: "fr", flow: "handoff", step: "waiting", says: "handoff:requested" },
  ];

  it.each(cases)("«$typed» in $lang leads to $flow/$step and answers in that language", ({ typed, lang, flow, step, says }) => {
    const result = route(deepState(lang), text(typed), context(contactView({ language: lang })));
    expect(result.state.flow).toBe(flow);
    expect(result.state.step).toBe(step);
    expect(firstText(result)).toContain(t(lang, says, { name: "Salma" }));
  });

  it("shows the whole menu after «menu», and remembers its choices for typed answers", () => {
    const result = route(deepState("fr"), text("menu"), context(contactView()));
    expect(choiceIds(result)).toEqual(CONSENTED_MENU);
    expect(result.state.offered.map((item) => item.id)).toEqual(CONSENTED_MENU);
    expect(result.effects).toEqual([]);
  });

  it("turns announcements off with «stop» and offers to resume them", () => {
    const result = route(deepState("fr"), text("stop"), context(contactView()));
    expect(result.effects).toEqual([{ type: "setOptOut", optedOut: true }]);
    expect(choiceIds(result)).toContain("privacy:resume");
  });

  it("asks for a person with «conseiller» by making the conversation wait", () => {
    const result = route(deepState("fr"), text("conseiller"), context(contactView()));
    expect(result.effects).toEqual([{ type: "requestHandoff", siteId: null, openNow: false }]);
    expect(choiceIds(result)).toEqual(["cmd:bot"]);
  });

  it("marks «bdel lougha» as a change of language, not a first choice", () => {
    const result = route(deepState("ary"), text("bdel lougha"), context(contactView({ language: "ary" })));
    expect(result.state.data.changing).toBe(true);
    expect(choiceIds(result)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
  });
});

describe("typed answers to the offered choices", () => {
  // The consent question, reached the way a returning person reaches it.
  const newcomer = contactView({ firstName: null, consent: "none", consentVersion: null, consentedAt: null });
  const atConsent = route(null, text("menu"), context(newcomer)).state;

  it("leaves the consent question with its two choices offered", () => {
    expect(atConsent.step).toBe("consent");
    expect(atConsent.offered.map((item) => item.id)).toEqual(["consent:yes", "consent:no", "consent:more"]);
  });

  it("selects the second choice when the person types 2", () => {
    const result = route(atConsent, text("2"), context(newcomer));
    expect(result.effects).toEqual([{ type: "refuseConsent" }]);
    expect(firstText(result)).toBe(t("fr", "onboarding:consentRefused"));
  });

  it("selects the first choice when the person types the Arabic-Indic digit ١", () => {
    const result = route(atConsent, text("١"), context(newcomer));
    expect(result.effects).toEqual([{ type: "giveConsent", version: "2026-11" }]);
  });

  it("selects a choice by its label, whatever the case and accents", () => {
    const result = route(atConsent, text("j'ACCEPTE"), context(newcomer));
    expect(result.effects).toEqual([{ type: "giveConsent", version: "2026-11" }]);
    expect(result.state.step).toBe("name");
  });

  it("selects a choice by its Arabic label", () => {
    const arabic = { ...newcomer, language: "ar" as const };
    const asked = route(null, text("القائمة"), context(arabic)).state;
    const result = route(asked, text("أوافق"), context(arabic));
    expect(result.effects).toEqual([{ type: "giveConsent", version: "2026-11" }]);
    expect(firstText(result)).toBe(t("ar", "onboarding:consentThanks"));
  });

  it("does not treat a number outside the list as a choice", () => {
    const result = route(atConsent, text("7"), context(newcomer));
    expect(result.effects).toEqual([]);
    expect(result.state.step).toBe("consent");
    expect(firstText(result)).toBe(t("fr", "onboarding:consentPickOne"));
  });
});

describe("stale and unknown buttons", () => {
  const atName: FlowState = { flow: "onboarding", step: "name", data: {}, offered: [{ id: "name:skip", label: "Je préfère ne pas le dire" }] };

  it.each(["lang:fr", "consent:yes", "menu:does-not-exist", ""])("re-asks the current question after the button «%s»", (choiceId) => {
    const result = route(atName, choice(choiceId), context(contactView({ firstName: null })));
    expect(firstText(result)).toBe(t("fr", "common:staleChoice"));
    expect(result.state.flow).toBe("onboarding");
    expect(result.state.step).toBe("name");
    expect(choiceIds(result)).toEqual(["name:skip"]);
    expect(result.effects).toEqual([]);
  });

  it("says the stale notice in the person's language", () => {
    const menu = route(null, text("lmenu"), context(contactView({ language: "ary" }))).state;
    const result = route(menu, choice("consent:no"), context(contactView({ language: "ary" })));
    expect(firstText(result)).toBe(t("ary", "common:staleChoice"));
    expect(choiceIds(result)).toEqual(CONSENTED_MENU);
  });
});

describe("before a language is chosen", () => {
  const nobody = contactView({ language: null, firstName: null, consent: "none", consentVersion: null, consentedAt: null });
  const inputs: InboundContent[] = [
    text("menu"),
    text("aide"),
    text("stop"),
    text("conseiller"),
    text("mes données"),
    text("supprimer mes données"),
    text("bdel lougha"),
    choice("cmd:stop"),
    choice("cmd:human"),
    { kind: "start" },
  ];

  it.each(inputs)("answers %j with the language question and changes nothing", (input) => {
    const result = route(deepState("fr"), input, context(nobody));
    expect(result.state).toMatchObject({ flow: "onboarding", step: "language" });
    expect(choiceIds(result)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
    expect(result.effects).toEqual([]);
    // The question is asked in the three languages, since we do not know theirs yet.
    expect(firstText(result)).toContain(t("ar", "onboarding:welcome"));
  });
});

describe("deep links", () => {
  it("keeps the entry point of «/start minassati»", () => {
    const result = route(null, text("/start minassati"), context(contactView()));
    expect(result.effects).toContainEqual({ type: "setEntryPoint", entryPoint: "minassati" });
    expect(firstText(result)).toBe(t("fr", "menu:welcomeBack"));
    expect(choiceIds(result)).toEqual(CONSENTED_MENU);
  });

  it("keeps the entry point of a start signal even before the language is chosen", () => {
    const result = route(null, { kind: "start", payload: "minassati" }, context(contactView({ language: null, consent: "none" })));
    expect(result.effects).toEqual([{ type: "setEntryPoint", entryPoint: "minassati" }]);
    expect(choiceIds(result)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
  });

  it("does not invent an entry point for a bare /start", () => {
    const result = route(null, text("/start"), context(contactView()));
    expect(result.effects).toEqual([]);
  });
});

describe("«stop» counts only as a whole message", () => {
  const menu = route(null, text("menu"), context(contactView())).state;

  it.each(["je veux pas stop mon projet", "stop mon projet", "on ne stop pas"])("«%s» does not stop announcements", (typed) => {
    const result = route(menu, text(typed), context(contactView()));
    expect(result.effects).toEqual([]);
    // Either not understood, or a question first ("you want to stop the announcements?"), or
    // the journey it names (at the menu there is nothing to leave: "mon projet" opens it).
    if (result.state.flow === "switch") return expect(result.state.data.pending).toEqual({ command: "project" });
    if (result.state.flow === "project") return;
    const asked = result.state.flow === "confirm";
    expect(asked ? firstText(result) : result.state).toEqual(asked ? t("fr", "common:confirmStop") : expect.objectContaining({ flow: "menu", step: "main" }));
  });

  it("asks before stopping on a vague «stop», and stops only on «yes»", () => {
    const asked = route(menu, text("on ne stop pas"), context(contactView()));
    expect(asked.state.flow).toBe("confirm");
    expect(asked.effects).toEqual([]);
    const yes = route(asked.state, text("oui"), context(contactView()));
    expect(yes.effects).toEqual([{ type: "setOptOut", optedOut: true }]);
    const no = route(asked.state, { kind: "choice", choiceId: "confirm:no" }, context(contactView()));
    expect(no.effects).toEqual([]);
    expect(no.state).toMatchObject({ flow: "menu", step: "main" });
  });

  it.each(["stop", "STOP", "Stop !", "  stop  "])("«%s» alone stops them", (typed) => {
    const result = route(menu, text(typed), context(contactView()));
    expect(result.effects).toEqual([{ type: "setOptOut", optedOut: true }]);
  });
});

describe("media", () => {
  const atName: FlowState = { flow: "onboarding", step: "name", data: {}, offered: [{ id: "name:skip", label: "Je préfère ne pas le dire" }] };
  const kinds: { media: MediaKind; lang: Lang }[] = [
    { media: "sticker", lang: "fr" },
    { media: "voice", lang: "ar" },
    { media: "photo", lang: "ary" },
    { media: "document", lang: "fr" },
  ];

  it.each(kinds)("answers a $media in $lang with its own reply and asks the question again", ({ media, lang }) => {
    const result = route(atName, { kind: "media", media }, context(contactView({ language: lang, firstName: null })));
    expect(firstText(result)).toBe(t(lang, `common:media.${media}`));
    expect(result.state).toMatchObject({ flow: "onboarding", step: "name" });
    expect(choiceIds(result)).toEqual(["name:skip"]);
    expect(result.messages.at(-1)).toMatchObject({ text: t(lang, "onboarding:askName") });
    expect(result.effects).toEqual([]);
  });

  it("answers a shared location by asking for the place's name, and asks again", () => {
    const result = route(atName, { kind: "location", latitude: 32.88, longitude: -6.9 }, context(contactView({ firstName: null })));
    expect(firstText(result)).toBe(t("fr", "common:location"));
    expect(result.state.step).toBe("name");
  });
});

describe("while an advisor holds the conversation", () => {
  const menu = route(null, text("menu"), context(contactView())).state;
  const inputs: InboundContent[] = [
    text("Bonjour, vous êtes là ?"),
    text("menu"),
    text("conseiller"),
    text("aide"),
    text("1"),
    text(""),
    choice("cmd:menu"),
    choice("old:button"),
    { kind: "media", media: "sticker" },
  ];

  it.each(inputs)("the bot says nothing to %j and keeps the state", (input) => {
    const result = route(menu, input, context(contactView(), "advisor"));
    expect(result.messages).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(result.state).toEqual(menu);
  });

  it("still answers «menu» once the advisor has handed back (control case)", () => {
    const result = route(menu, text("menu"), context(contactView(), "bot"));
    expect(choiceIds(result)).toEqual(CONSENTED_MENU);
  });
});
