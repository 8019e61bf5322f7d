import type { Lang } from "../core/types.ts";
import type { Translate } from "../flows/types.ts";
import { formatMad } from "./money.ts";
import type { ProjectFlag } from "./types.ts";

/**
 * A flag in plain words (`sheet:flags.<code>`), the same in the chat and on the sheet:
 * amounts (params ending in `Mad`) formatted in dirhams, `months` passed as the plural
 * count.
 */
export function describeFlag(flag: ProjectFlag, t: Translate, lang: Lang): string {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flag.params)) {
    options[name] = typeof value === "number" && name.endsWith("Mad") ? formatMad(value, lang) : value;
  }
  if (typeof flag.params.months === "number") options.count = flag.params.months;
  return t(`sheet:flags.${flag.code}`, options);
}
