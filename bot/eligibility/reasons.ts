import type { Lang } from "../core/types.ts";
import type { Translate } from "../flows/types.ts";
import type { Reason } from "./types.ts";

// Placeholder until the eligibility namespace lands: renders `because` or the raw facts.
export function renderReason(reason: Reason, _t: Translate, lang: Lang): string {
  if (reason.kind === "unsure") return reason.text[lang];
  if (reason.because) return reason.because[lang];
  return `${reason.field}: ${String(reason.value)}`;
}

export function listValues(values: readonly string[], _t: Translate, _lang: Lang): string {
  return values.join(", ");
}

export function valueLabel(field: string, value: string, _t: Translate, _lang: Lang): string {
  return `${field}:${value}`;
}
