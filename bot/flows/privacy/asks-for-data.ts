import { detectCommand } from "../../core/commands.ts";
import { tidyTypography } from "../../core/normalize.ts";
import { normalizeText } from "../../nlu/normalize.ts";
import { says } from "../answers/words.ts";

/**
 * «Mes données», «/mydata», or «c'est possible de voir ce que vous gardez sur moi ?»: the
 * answer lists meetings and the project too, so the engine loads them for this turn.
 */
export function asksForMyData(text: string): boolean {
  return detectCommand(text)?.command === "mydata" || says(normalizeText(tidyTypography(text)), "myData");
}
