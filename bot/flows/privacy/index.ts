import type { Outbound } from "../../core/types.ts";
import type { Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";
import { enterMenu } from "../menu/index.ts";
import { reviewMyAnswers } from "../eligibility/index.ts";
import { readFirstName } from "../answers/name.ts";
import { formatSlot } from "../../booking/format.ts";
import { describeStoredData } from "./summary.ts";
import { choiceWith } from "../synonyms.ts";
import { fullNotice } from "../onboarding/index.ts";

/**
 * The person's rights under law 09-08 from the chat, each a command the notice names:
 * see («mes données»), correct («corriger»), object («stop»: no announcements, no
 * targeting), delete («supprimer mes données»), withdraw consent («retirer mon accord»)
 * and complain to the CNDP («cndp»); «plus» shows the whole notice.
 */
export const PRIVACY = "privacy";

export function showMyData(ctx: FlowContext): StepResult {
  const { t, contact } = ctx;
  if (contact.consent !== "given") {
    return withPrefix(enterMenu(ctx), [{ kind: "text", text: t("privacy:nothingStored") }]);
  }
  return {
    state: stateOf(PRIVACY, "data"),
    messages: [
      {
        kind: "choices",
        text: describeStoredData(ctx),
        choices: [
          { id: "privacy:rename", label: t("privacy:correctName") },
          ...(Object.keys(contact.profile).length > 0 ? [{ id: "privacy:answers", label: t("check:reviewAnswers") }] : []),
          contact.optedOut
            ? { id: "privacy:resume", label: t("privacy:resumeAnnouncements") }
            : { id: "cmd:stop", label: t("privacy:stopAnnouncements") },
          // "supprimez tout ça", "ms7 kolchi", "احذف": the data on screen is what they mean.
          choiceWith(ctx, "cmd:delete", "privacy:deleteButton", "privacy:synonyms.delete"),
          { id: "cmd:withdraw", label: t("privacy:withdrawButton") },
          { id: "cmd:menu", label: t("common:backToMenu") },
        ],
      },
    ],
    effects: [],
  };
}

/** The whole notice, then the menu (or the language question for someone who has not chosen one). */
export function showNotice(ctx: FlowContext): StepResult {
  return withPrefix(enterMenu(ctx), [{ kind: "text", text: fullNotice(ctx) }]);
}

/** «Corriger»: what can be corrected, one tap each (the name, the eligibility answers, the project). */
export function showCorrections(ctx: FlowContext): StepResult {
  const { t, contact } = ctx;
  if (contact.consent !== "given") return withPrefix(enterMenu(ctx), [{ kind: "text", text: t("privacy:nothingStored") }]);
  return ask(stateOf(PRIVACY, "data"), t("privacy:correctWhat"), [
    { id: "privacy:rename", label: t("privacy:correctName") },
    { id: "privacy:answers", label: t("check:reviewAnswers") },
    { id: "cmd:project", label: t("project:review") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ]);
}

/** The CNDP, where a complaint goes, and the controller to write to first. */
export function showComplaint(ctx: FlowContext): StepResult {
  return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:complain") }]);
}

/** Withdrawing consent: nothing is kept without it, so what was kept is erased, after a confirmation. */
export function confirmWithdraw(ctx: FlowContext): StepResult {
  if (ctx.contact.consent !== "given") return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:nothingStored") }]);
  return ask(stateOf(PRIVACY, "confirmWithdraw"), ctx.t("privacy:withdrawConfirm"), [
    { id: "privacy:withdraw-yes", label: ctx.t("privacy:withdrawYes") },
    { id: "privacy:delete-no", label: ctx.t("privacy:deleteNo") },
  ]);
}

export function confirmDelete(ctx: FlowContext): StepResult {
  if (ctx.contact.consent !== "given" && !ctx.contact.firstName) {
    return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:nothingStored") }]);
  }
  // What will be lost, named: meetings to come are cancelled with the data.
  const meetings = ctx.booking?.appointments ?? [];
  const lost =
    meetings.length === 1
      ? [ctx.t("privacy:deleteMeeting", { when: formatSlot(meetings[0]!.start, ctx.lang) })]
      : meetings.length > 1
        ? [ctx.t("privacy:deleteMeetings", { when: meetings.map((meeting) => formatSlot(meeting.start, ctx.lang)).join(" ; ") })]
        : [];
  return ask(stateOf(PRIVACY, "confirmDelete"), [ctx.t("privacy:deleteConfirm"), ...lost].join("\n"), [
    { id: "privacy:delete-yes", label: ctx.t("privacy:deleteYes") },
    { id: "privacy:delete-no", label: ctx.t("privacy:deleteNo") },
  ]);
}

export function stopAnnouncements(ctx: FlowContext): StepResult {
  return ask(
    stateOf(PRIVACY, "stopped"),
    ctx.t("privacy:stopped"),
    [
      { id: "privacy:resume", label: ctx.t("privacy:resumeAnnouncements") },
      { id: "cmd:menu", label: ctx.t("common:backToMenu") },
    ],
    [{ type: "setOptOut", optedOut: true }],
  );
}

function resumeAnnouncements(ctx: FlowContext): StepResult {
  return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:resumed") }], [{ type: "setOptOut", optedOut: false }]);
}

function askNewName(ctx: FlowContext): StepResult {
  return {
    state: stateOf(PRIVACY, "rename"),
    messages: [{ kind: "choices", text: ctx.t("privacy:askNewName"), choices: [{ id: "cmd:mydata", label: ctx.t("common:cancel") }] }],
    effects: [],
  };
}

function handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  const choice = input.kind === "choice" ? input.choiceId : null;
  if (choice === "privacy:resume") return resumeAnnouncements(ctx);
  if (state.step === "confirmWithdraw") {
    if (choice === "privacy:withdraw-yes") {
      // The next message starts afresh: the language question, then the notice again.
      return { state: stateOf("onboarding", "language"), messages: [{ kind: "text", text: ctx.t("privacy:withdrawn") }], effects: [{ type: "eraseContact" }] };
    }
    if (choice === "privacy:delete-no") return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:deleteCancelled") }]);
    return withPrefix(confirmWithdraw(ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
  }
  if (state.step === "confirmDelete") {
    if (choice === "privacy:delete-yes") {
      const done: Outbound = { kind: "text", text: ctx.t("privacy:deleted") };
      // The next message starts afresh, with the language question.
      return { state: stateOf("onboarding", "language"), messages: [done], effects: [{ type: "eraseContact" }] };
    }
    if (choice === "privacy:delete-no") return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("privacy:deleteCancelled") }]);
    return withPrefix(confirmDelete(ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
  }
  if (state.step === "rename") {
    const firstName = input.kind === "text" ? (input.answer?.kind === "name" ? input.answer.name : readFirstName(input.text)) : null;
    if (!firstName) return withPrefix(askNewName(ctx), [{ kind: "text", text: ctx.t("onboarding:nameInvalid") }]);
    const renamed = { ...ctx, contact: { ...ctx.contact, firstName } };
    return withPrefix(showMyData(renamed), [{ kind: "text", text: ctx.t("privacy:nameSaved", { name: firstName }) }], [
      { type: "setFirstName", firstName },
    ]);
  }
  if (choice === "privacy:rename") return askNewName(ctx);
  if (choice === "privacy:answers") return reviewMyAnswers(ctx);
  return withPrefix(prompt(state, ctx), [{ kind: "text", text: ctx.t("common:notUnderstood") }]);
}

function prompt(state: FlowState, ctx: FlowContext): StepResult {
  if (state.step === "confirmDelete") return confirmDelete(ctx);
  if (state.step === "confirmWithdraw") return confirmWithdraw(ctx);
  if (state.step === "rename") return askNewName(ctx);
  if (state.step === "stopped") return enterMenu(ctx);
  return showMyData(ctx);
}

export const privacyFlow: Flow = {
  name: PRIVACY,
  prompt,
  handle,
  expects(state) {
    if (state.step === "confirmDelete") return { kinds: ["yesno", "choice"], yes: "privacy:delete-yes", no: "privacy:delete-no" };
    if (state.step === "confirmWithdraw") return { kinds: ["yesno", "choice"], yes: "privacy:withdraw-yes", no: "privacy:delete-no" };
    if (state.step === "rename") return { kinds: ["name", "choice"] };
    return { kinds: ["choice"] };
  },
};
