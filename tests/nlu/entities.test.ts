import { describe, expect, it } from "vitest";
import type { Expecting } from "../../bot/nlu/entities.ts";
import { understand } from "../../bot/nlu/understand.ts";

/** Wednesday 11 June 2025, 10:00 in Casablanca (UTC+1). */
const NOW = new Date("2025-06-11T09:00:00Z");
const entities = (text: string, expecting?: Expecting) => understand(text, { now: NOW, ...(expecting ? { expecting } : {}) }).entities;

describe("ages", () => {
  it.each([
    ["25 ans", 25],
    ["j'ai 25", 25],
    ["jai 19 ans", 19],
    ["3andi 25 3am", 25],
    ["3mri 18 wach ymkn lia?", 18],
    ["عمري 25 سنة", 25],
    ["٢٥ سنة", 25],
    ["عمري ٢٢ عام، واش مقبول؟", 22],
    ["j'ai vingt-cinq ans", 25],
    ["عندي خمسة وعشرين عام", 25],
    ["né en 2001", 24],
    ["je suis née le 12/03/1998", 27],
    ["mzyoud f 2001", 24],
    ["ولدت سنة 2000", 25],
  ])("reads the age in %j", (text, age) => {
    expect(entities(text).age).toBe(age);
  });

  it.each(["j'ai 2 enfants", "j'ai 150 ans", "depuis 15 ans je travaille", "c'est pour les plus de 35 ans ?", "3andi 25 alf"])(
    "finds no age of the person in %j",
    (text) => {
      expect(entities(text).age).toBeUndefined();
    },
  );

  it("reads a bare number as an age only when the bot asked for one", () => {
    expect(entities("24").age).toBeUndefined();
    expect(entities("24", "age").age).toBe(24);
    expect(entities("٢٤", "age").age).toBe(24);
  });
});

describe("places", () => {
  const khouribga = { province: "khouribga", region: "beni-mellal-khenifra" };
  it.each([
    ["Khouribga", khouribga],
    ["خريبكة", khouribga],
    ["khribga", khouribga],
    ["khouribgha", khouribga],
    ["ana mn fkhouribga", khouribga],
    ["بغيت ندير مشروع فخريبكة", khouribga],
    ["je vis à Oued Zem", khouribga],
    ["من وادي زم", khouribga],
    ["Benguérir", { province: "rehamna", region: "marrakech-safi" }],
    ["sakna f ben guerir", { province: "rehamna", region: "marrakech-safi" }],
    ["ساكن فبنجرير", { province: "rehamna", region: "marrakech-safi" }],
    ["Laâyoune", { province: "laayoune", region: "laayoune-sakia-el-hamra" }],
    ["كاين شي تكوين فالعيون؟", { province: "laayoune", region: "laayoune-sakia-el-hamra" }],
    ["Dakhla", { province: "oued-ed-dahab", region: "dakhla-oued-ed-dahab" }],
    ["الداخلة", { province: "oued-ed-dahab", region: "dakhla-oued-ed-dahab" }],
    ["j'habite à Agadir", { province: "agadir-ida-ou-tanane", region: "souss-massa" }],
    ["أسكن في الدار البيضاء", { province: "casablanca", region: "casablanca-settat" }],
    ["casa", { province: "casablanca", region: "casablanca-settat" }],
  ])("resolves %j to its province and region", (text, place) => {
    expect(entities(text)).toMatchObject(place);
  });

  it("gives only the region when a region is named alone", () => {
    expect(entities("des programmes dans la région Souss-Massa ?")).toEqual({ region: "souss-massa" });
    expect(entities("Casablanca-Settat")).toEqual({ region: "casablanca-settat" });
    expect(entities("جهة سوس ماسة")).toEqual({ region: "souss-massa" });
  });

  it("reads names that are also everyday words as places only in context", () => {
    expect(entities("safi").province).toBeUndefined();
    expect(entities("ana f safi").province).toBe("safi");
    expect(entities("j'habite Safi").province).toBe("safi");
    expect(entities("Safi", "place").province).toBe("safi");
    expect(entities("العيون").province).toBeUndefined();
    expect(entities("العيون", "place").province).toBe("laayoune");
    expect(entities("البرامج الجديدة").province).toBeUndefined();
  });

  it("does not take Arabic words one letter away from a place for the place", () => {
    expect(entities("أرغب في إلغاء الحجز").province).toBeUndefined();
    expect(entities("كم عدد سكان المغرب؟").region).toBeUndefined();
  });
});

describe("gender", () => {
  it.each([
    ["je suis une femme", "female"],
    ["je suis une jeune femme de Khénifra", "female"],
    ["ana bent mn khribga", "female"],
    ["ana mra 3ndi 35 3am", "female"],
    ["أنا امرأة", "female"],
    ["أنا بنت من خريبكة", "female"],
    ["je suis un homme de 31 ans", "male"],
    ["ana drri", "male"],
    ["أنا شاب عمري 28 سنة", "male"],
  ])("reads the explicit statement %j", (text, gender) => {
    expect(entities(text).gender).toBe(gender);
  });

  it.each(["je suis née en 2001", "ana sakna f laayoune", "je suis une passionnée de cuisine", "أنا مزيودة ف 2003"])(
    "never guesses gender from grammar in %j",
    (text) => {
      expect(entities(text).gender).toBeUndefined();
    },
  );
});

describe("amounts in dirhams", () => {
  it.each([
    ["20000 dh", 20000, true],
    ["20 000 DH", 20000, true],
    ["20.000 dirhams", 20000, true],
    ["20 alf dirham", 20000, true],
    ["عشرين ألف درهم", 20000, true],
    ["خمسين ألف درهم", 50000, true],
    ["مليون سنتيم", 10000, true],
    ["2 millions de centimes", 20000, true],
    ["2 millions de dirhams", 2000000, true],
    ["alf ryal", 50, true],
    ["15k", 15000, false],
    ["20 alf", 20000, false],
    ["2 melyoun", 20000, false],
    ["jouj melyoun", 20000, false],
    ["1,5 melyoun", 15000, false],
    ["melyoun w nos", 15000, false],
    ["مليون ونص", 15000, false],
    ["20000", 20000, false],
  ])("reads %j as %d DH (unit clear: %s)", (text, amountMad, unitClear) => {
    expect(entities(text)).toMatchObject({ amountMad, amountUnitClear: unitClear });
  });

  it.each(["j'ai 25 ans", "né en 2001", "appelle moi au 0612345678", "rdv à 10h30", "le 15/06"])(
    "finds no amount in %j",
    (text) => {
      expect(entities(text).amountMad).toBeUndefined();
    },
  );
});

describe("dates and times", () => {
  it.each([
    ["demain", "2025-06-12"],
    ["ghedda", "2025-06-12"],
    ["غدا", "2025-06-12"],
    ["après-demain", "2025-06-13"],
    ["ba3d ghedda", "2025-06-13"],
    ["بعد غدا", "2025-06-13"],
    ["lyoum", "2025-06-11"],
    ["lundi", "2025-06-16"],
    ["nhar letnin", "2025-06-16"],
    ["نهار الاثنين", "2025-06-16"],
    ["الاثنين", "2025-06-16"],
    ["nhar tlata", "2025-06-17"],
    ["vendredi", "2025-06-13"],
    ["nhar jem3a", "2025-06-13"],
    ["يوم الخميس", "2025-06-12"],
    ["mercredi", "2025-06-18"],
    ["le 15/06", "2025-06-15"],
    ["12 juin", "2025-06-12"],
  ])("reads %j as %s (from Wednesday 11 June 2025)", (text, date) => {
    expect(entities(text).date).toBe(date);
  });

  it("counts days in Casablanca time, not in UTC", () => {
    // 23:30 UTC on the 11th is 00:30 on the 12th in Casablanca (UTC+1).
    const lateNight = new Date("2025-06-11T23:30:00Z");
    expect(understand("demain", { now: lateNight }).entities.date).toBe("2025-06-13");
  });

  it("does not read tlata (three) or 7ad (someone) as weekdays without nhar", () => {
    expect(entities("3andi tlata d wlad").date).toBeUndefined();
    expect(entities("wach kayn chi 7ad").date).toBeUndefined();
  });

  it.each([
    ["10h", "10:00"],
    ["à 10h30", "10:30"],
    ["10:30", "10:30"],
    ["m3a 10", "10:00"],
    ["الساعة 10", "10:00"],
    ["على الساعة 11", "11:00"],
    ["m3a 3", "15:00"],
    ["m3a 3 w nss", "15:30"],
    ["مع 4 وربع", "16:15"],
    ["9h du matin", "09:00"],
  ])("reads the time %j as %s", (text, time) => {
    expect(entities(text).time).toBe(time);
  });
});

describe("messages that say several things", () => {
  it("reads age and place from the issue's example", () => {
    const result = understand("salam, 3andi 25 3am w bghit ndir mochroo3 f khouribga", { now: NOW });
    expect(result).toMatchObject({
      language: "ary",
      script: "latn",
      intent: "project",
      entities: { age: 25, province: "khouribga", region: "beni-mellal-khenifra" },
    });
  });

  it("fills age and province at once from 'I am 24 and live in Safi'", () => {
    expect(entities("j'ai 24 ans et j'habite à Safi")).toEqual({ age: 24, province: "safi", region: "marrakech-safi" });
    expect(entities("عمري 24 سنة وأسكن في آسفي")).toEqual({ age: 24, province: "safi", region: "marrakech-safi" });
  });

  it("reads a booking request with day and time", () => {
    expect(entities("je voudrais un rdv demain à 10h")).toEqual({ date: "2025-06-12", time: "10:00" });
  });
});
