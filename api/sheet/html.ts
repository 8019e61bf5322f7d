/** Text as HTML text or attribute value: the five characters that could end either. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** FSI…PDI: a name or a label typed in Latin letters keeps its order inside an Arabic sentence. */
export { isolate } from "../../bot/text/bidi.ts";
