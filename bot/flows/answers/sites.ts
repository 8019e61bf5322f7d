import type { Site } from "../../booking/types.ts";
import { provinceBySlug } from "../../geography/index.ts";
import { compileNames, findNamed, type NamedReading } from "./named.ts";

/**
 * Which platform a typed answer names: its name or the start of it ("Minassati", "منصتي",
 * "مختبر الابتكار الاجتماعي"), its short name ("WEC", "UM6P"), its town or province with
 * their other spellings ("Benguérir", "ابن جرير", "bnjrir", "l3ayoun"), or who it is for
 * (`described`: "le centre des femmes"). Pure.
 */
export function readSites(text: string, sites: readonly Site[], described: Readonly<Record<string, readonly string[]>> = {}): NamedReading | null {
  if (sites.length === 0) return null;
  const entries = sites.map((site) => {
    const province = provinceBySlug(site.province);
    const extra = [...site.id.split("-"), ...(province ? [province.fr, province.ar, ...province.aliases] : []), ...(described[site.id] ?? [])];
    return { id: site.id, names: Object.values(site.name), extra };
  });
  return findNamed(text, compileNames(entries));
}
