import { describe, expect, it } from "vitest";
import type { Site } from "../../booking/types.ts";
import type { HandoffView } from "../../conversation/handoff-view.ts";
import type { InboundContent } from "../../core/types.ts";
import { contactView, flowContext, tr } from "../../../tests/helpers/flow-context.ts";
import { route } from "../router.ts";
import type { FlowState, StepResult } from "../types.ts";
import { stateOf } from "../types.ts";
import { advisorJoined, botIsBack } from "./index.ts";

function site(id: string, province: string): Site {
  const name = { fr: `Site ${id}`, ar: `موقع ${id}`, ary: `بلاصة ${id}` };
  return { id, name, address: name, openingHours: name, province, phone: null, programIds: [], demo: false };
}

const SITES = [site("minassati-khouribga", "khouribga"), site("wec-khouribga", "khouribga"), site("learning-center-laayoune", "laayoune"), site("um6p-sil-benguerir", "rehamna")];
const OPEN = { openNow: true, nextOpeningAt: null };
const CLOSED = { openNow: false, nextOpeningAt: new Date("2026-03-03T08:00:00Z") };
const view = (overrides: Partial<HandoffView> = {}): HandoffView => ({
  sites: SITES,
  appointmentSiteId: null,
  openings: { "minassati-khouribga": OPEN, "learning-center-laayoune": CLOSED },
  ...overrides,
});
const menu: FlowState = stateOf("menu", "main");
const ask: InboundContent = { kind: "choice", choiceId: "cmd:human" };
const ids = (result: StepResult) => result.messages.flatMap((message) => (message.kind === "choices" ? message.choices.map((choice) => choice.id) : []));
const text = (result: StepResult) => result.messages.map((message) => message.text).join("\n");

describe("asking for a person", () => {
  it("goes to the site of the person's next meeting without asking", () => {
    const result = route(menu, ask, flowContext(contactView(), "bot", { handoff: view({ appointmentSiteId: "learning-center-laayoune" }) }));
    expect(result.effects).toEqual([{ type: "requestHandoff", siteId: "learning-center-laayoune", openNow: false }]);
  });

  it("goes to the platform whose link brought the person (t.me/…?start=minassati)", () => {
    const result = route(menu, ask, flowContext(contactView({ entryPoint: "minassati" }), "bot", { handoff: view() }));
    expect(result.effects).toEqual([{ type: "requestHandoff", siteId: "minassati-khouribga", openNow: true }]);
    expect(text(result)).toContain(tr("fr", "handoff:requestedOpen", { site: "Site minassati-khouribga" }));
  });

  it("goes to the only site in the person's region", () => {
    const result = route(menu, ask, flowContext(contactView({ profile: { province: "laayoune" } }), "bot", { handoff: view() }));
    expect(result.effects).toEqual([{ type: "requestHandoff", siteId: "learning-center-laayoune", openNow: false }]);
  });

  it("asks which platform when two are near (Khouribga has two), nearest first, then queues at the one chosen", () => {
    const ctx = flowContext(contactView({ language: "ary", profile: { province: "khouribga" } }), "bot", { handoff: view() });
    const question = route(menu, ask, ctx);
    expect(question.effects).toEqual([]);
    expect(text(question)).toContain(tr("ary", "handoff:whichSite"));
    expect(ids(question).slice(0, 2).sort()).toEqual(["handoff:site:minassati-khouribga", "handoff:site:wec-khouribga"]);
    expect(ids(question)).toContain("cmd:menu");

    const typed = route(question.state, { kind: "text", text: "minassati" }, ctx);
    expect(typed.effects).toEqual([{ type: "requestHandoff", siteId: "minassati-khouribga", openNow: true }]);
    expect(typed.state).toMatchObject({ flow: "handoff", step: "waiting" });
  });

  it("says when an answer can come when the site's advisors are away, in the person's language", () => {
    for (const lang of ["fr", "ar", "ary"] as const) {
      const result = route(menu, ask, flowContext(contactView({ language: lang, profile: { province: "laayoune" } }), "bot", { handoff: view() }));
      const when = lang === "fr" ? "mardi 3 mars à 8 h" : "3 مارس";
      expect(text(result)).toContain(when);
      expect(text(result)).not.toContain("{{");
    }
  });

  it("while waiting outside hours, its rare acknowledgement repeats when the team is back", () => {
    const ctx = flowContext(contactView({ profile: { province: "laayoune" } }), "waiting", { handoff: view() });
    const waiting = stateOf("handoff", "waiting", { siteId: "learning-center-laayoune" });
    const ack = route(waiting, { kind: "text", text: "allô ?" }, ctx);
    expect(text(ack)).toContain(tr("fr", "handoff:stillWaitingClosed", { when: "mardi 3 mars à 8 h" }));
    expect(ids(ack)).toEqual(["cmd:bot"]);
  });
});

describe("while an advisor holds the conversation", () => {
  const held = (lang: "fr" | "ar" | "ary" = "fr") => flowContext(contactView({ language: lang }), "advisor");

  it("still honours «stop» and the erasure's confirmation: a person's rights are never on hold", () => {
    const stopped = route(menu, { kind: "text", text: "stop" }, held());
    expect(stopped.effects).toEqual([{ type: "setOptOut", optedOut: true }]);
    const confirm = route(menu, { kind: "choice", choiceId: "cmd:delete" }, held("ar"));
    expect(ids(confirm)).toEqual(["privacy:delete-yes", "privacy:delete-no"]);
    const erased = route(confirm.state, { kind: "choice", choiceId: "privacy:delete-yes" }, held("ar"));
    expect(erased.effects).toEqual([{ type: "eraseContact" }]);
  });

  it("stays silent on everything else, appointment buttons included", () => {
    for (const input of [{ kind: "choice", choiceId: "appt:ok:00000000-0000-4000-8000-000000000009" }, { kind: "choice", choiceId: "privacy:delete-yes" }, { kind: "text", text: "help" }] as InboundContent[]) {
      expect(route(menu, input, held()).messages).toEqual([]);
    }
  });
});

describe("what the person is told when advisors act", () => {
  it("names the advisor (first name) and the site when one takes over", () => {
    const ctx = flowContext(contactView({ language: "ary" }), "advisor", { handoff: view() });
    const result = advisorJoined(ctx, { firstName: "Samira", siteId: "minassati-khouribga" });
    expect(text(result)).toBe(tr("ary", "handoff:advisorJoinedAt", { name: "Samira", site: "بلاصة minassati-khouribga" }));
  });

  it("says the bot is back and shows the menu when handed back", () => {
    const result = botIsBack(flowContext(contactView()), "released");
    expect(text(result)).toContain(tr("fr", "handoff:released"));
    expect(ids(result)).toContain("cmd:human");
    expect(result.state).toMatchObject({ flow: "menu", step: "main" });
  });

  it("once resolved, asks once how helpful it was (1 to 5 buttons, in each language) and records the answer for the advisor and site", () => {
    for (const lang of ["fr", "ar", "ary"] as const) {
      const ctx = flowContext(contactView({ language: lang }));
      const asked = botIsBack(ctx, "resolved", { advisorId: "advisor-1", siteId: "minassati-khouribga" });
      expect(text(asked)).toContain(tr(lang, "handoff:resolved"));
      expect(text(asked)).toContain(tr(lang, "handoff:rateQuestion"));
      expect(ids(asked)).toEqual(["rate:1", "rate:2", "rate:3", "rate:4", "rate:5", "cmd:menu"]);
      const state = { ...asked.state, offered: asked.messages.flatMap((message) => (message.kind === "choices" ? message.choices : [])) };
      const answered = route(state, { kind: "choice", choiceId: "rate:4" }, ctx);
      expect(answered.effects).toEqual([{ type: "rateService", score: 4, advisorId: "advisor-1", siteId: "minassati-khouribga" }]);
      expect(text(answered)).toContain(tr(lang, "handoff:rateThanks"));
      expect(answered.state).toMatchObject({ flow: "menu", step: "main" });
      // Asked once: the same button pressed again is a stale one.
      expect(route(answered.state, { kind: "choice", choiceId: "rate:4" }, ctx).effects).toEqual([]);
    }
  });

  it("takes a typed number as the rating (a WhatsApp numbered list), and anything else as the menu", () => {
    const ctx = flowContext(contactView());
    const asked = botIsBack(ctx, "resolved", { advisorId: null, siteId: null });
    const state = { ...asked.state, offered: asked.messages.flatMap((message) => (message.kind === "choices" ? message.choices : [])) };
    expect(route(state, { kind: "text", text: "5" }, ctx).effects).toEqual([{ type: "rateService", score: 5, advisorId: null, siteId: null }]);
    const other = route(state, { kind: "text", text: "xqzw" }, ctx);
    expect(other.effects).toEqual([]);
    expect(ids(other)).toContain("cmd:human");
  });
});

describe("while waiting for an advisor", () => {
  it("acknowledges each message once, with «back to the assistant» under it", () => {
    const ctx = flowContext(contactView({ language: "ary" }), "waiting", { handoff: view() });
    const waiting = stateOf("handoff", "waiting", { siteId: "minassati-khouribga", ackedAt: ctx.now.toISOString() });
    for (const said of ["salam", "wach kayn chi wa7ed?"]) {
      const ack = route(waiting, { kind: "text", text: said }, ctx);
      expect(ack.messages).toHaveLength(1);
      expect(text(ack)).toBe(tr("ary", "handoff:received"));
      expect(ids(ack)).toEqual(["cmd:bot"]);
    }
  });
});
