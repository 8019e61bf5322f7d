import type { FlowContext, StepResult } from "../types.ts";
import { withPrefix } from "../types.ts";
import { enterMenu } from "./index.ts";

/** The commands that work anywhere, in the person's language, then the menu. */
export function showHelp(ctx: FlowContext): StepResult {
  return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("help:text") }]);
}
