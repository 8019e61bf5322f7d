import { describe, expect, it } from "vitest";
import { placeName, PROVINCES, provinceBySlug, provincesOf, REGIONS, regionBySlug } from "../bot/geography/index.ts";
import { normalizeText } from "../bot/nlu/normalize.ts";
import { findPlace } from "../bot/nlu/places.ts";

const SLUG = /^[a-z]+(?:-[a-z]+)*$/;
const isArabic = (name: string) => /[\u0600-\u06FF]/.test(name);

describe("geography data", () => {
  it("has Morocco's 12 regions and 75 provinces and prefectures", () => {
    expect(REGIONS).toHaveLength(12);
    expect(PROVINCES).toHaveLength(75);
    expect(PROVINCES.filter((province) => province.kind === "prefecture").length).toBeGreaterThanOrEqual(13);
  });

  it("uses unique lowercase ASCII hyphenated slugs", () => {
    const slugs = [...REGIONS, ...PROVINCES].map((place) => place.slug);
    for (const slug of slugs) expect(slug).toMatch(SLUG);
    expect(new Set(REGIONS.map((region) => region.slug)).size).toBe(12);
    expect(new Set(PROVINCES.map((province) => province.slug)).size).toBe(75);
  });

  it("puts every province in a known region and every region has provinces", () => {
    for (const province of PROVINCES) expect(regionBySlug(province.region), province.slug).toBeDefined();
    for (const region of REGIONS) expect(provincesOf(region.slug).length, region.slug).toBeGreaterThan(0);
    expect(provincesOf("dakhla-oued-ed-dahab").map((province) => province.slug).sort()).toEqual(["aousserd", "oued-ed-dahab"]);
  });

  it("keeps the slugs the journeys and programmes rely on", () => {
    for (const slug of ["beni-mellal-khenifra", "laayoune-sakia-el-hamra", "dakhla-oued-ed-dahab", "marrakech-safi", "souss-massa", "casablanca-settat"]) {
      expect(regionBySlug(slug), slug).toBeDefined();
    }
    for (const slug of ["khouribga", "laayoune", "oued-ed-dahab", "safi", "agadir-ida-ou-tanane", "rehamna", "casablanca"]) {
      expect(provinceBySlug(slug), slug).toBeDefined();
    }
    expect(provinceBySlug("khouribga")?.region).toBe("beni-mellal-khenifra");
    expect(provinceBySlug("rehamna")?.region).toBe("marrakech-safi");
  });

  it("names every place in French and in Arabic (Darija uses the Arabic name)", () => {
    expect(placeName("khouribga", "fr")).toBe("Khouribga");
    expect(placeName("khouribga", "ar")).toBe("خريبكة");
    expect(placeName("khouribga", "ary")).toBe("خريبكة");
    expect(placeName("laayoune-sakia-el-hamra", "fr")).toBe("Laâyoune-Sakia El Hamra");
    expect(placeName("nowhere", "fr")).toBeUndefined();
    for (const place of [...REGIONS, ...PROVINCES]) {
      expect(isArabic(place.ar), place.slug).toBe(true);
      expect(isArabic(place.fr), place.slug).toBe(false);
    }
  });

  it("finds every province and town under each of its names, after 'à' or 'في'", () => {
    for (const province of PROVINCES) {
      for (const name of [province.fr, province.ar, ...province.aliases]) {
        const text = isArabic(name) ? `في ${name}` : `à ${name}`;
        expect(findPlace(normalizeText(text)).province, `${name} -> ${province.slug}`).toBe(province.slug);
      }
    }
  });

  it("finds every region under each of its names, without a province", () => {
    for (const region of REGIONS) {
      for (const name of [region.fr, region.ar, ...region.aliases]) {
        const found = findPlace(normalizeText(isArabic(name) ? `جهة ${name}` : `région ${name}`));
        expect(found.region, `${name} -> ${region.slug}`).toBe(region.slug);
        expect(found.province, name).toBeUndefined();
      }
    }
  });
});
