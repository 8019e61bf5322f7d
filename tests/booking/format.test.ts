import { describe, expect, it } from "vitest";
import { formatDay, formatDayAndTime, formatSlot, formatTime } from "../../bot/booking/format.ts";

describe("days in three languages", () => {
  it.each([
    ["2026-03-02", "fr", "lundi 2 mars"],
    ["2026-03-02", "ar", "الاثنين 2 مارس"],
    ["2026-03-02", "ary", "نهار الاثنين 2 مارس"],
    ["2026-03-01", "fr", "dimanche 1er mars"],
    ["2026-03-01", "ar", "الأحد 1 مارس"],
    ["2026-03-01", "ary", "نهار الحد 1 مارس"],
    ["2026-08-14", "fr", "vendredi 14 août"],
    ["2026-08-14", "ar", "الجمعة 14 غشت"],
    ["2026-09-12", "ary", "نهار السبت 12 شتنبر"],
    ["2026-07-01", "ar", "الأربعاء 1 يوليوز"],
    ["2026-11-05", "ary", "نهار الخميس 5 نونبر"],
    ["2026-12-15", "ar", "الثلاثاء 15 دجنبر"],
    ["2026-05-04", "ary", "نهار الاثنين 4 ماي"],
  ] as const)("%s in %s is %j", (date, lang, expected) => {
    expect(formatDay(date, lang)).toBe(expected);
  });
});

describe("times", () => {
  it("writes French hours with h, and half hours as 10 h 30", () => {
    expect(formatTime("10:00", "fr")).toBe("10 h");
    expect(formatTime("10:30", "fr")).toBe("10 h 30");
    expect(formatTime("09:05", "fr")).toBe("9 h 05");
  });

  it("writes Arabic and Darija hours with Western digits", () => {
    expect(formatTime("10:00", "ar")).toBe("10:00");
    expect(formatTime("09:30", "ary")).toBe("9:30");
  });
});

describe("slots", () => {
  it.each([
    ["fr", "lundi 2 mars à 10 h"],
    ["ar", "الاثنين 2 مارس على الساعة 10:00"],
    ["ary", "نهار الاثنين 2 مارس على 10:00"],
  ] as const)("a Ramadan slot (10:00Z is 10:00 local) in %s", (lang, expected) => {
    expect(formatSlot(new Date("2026-03-02T10:00:00Z"), lang)).toBe(expected);
  });

  it.each([
    ["fr", "lundi 6 avril à 10 h 30"],
    ["ar", "الاثنين 6 أبريل على الساعة 10:30"],
    ["ary", "نهار الاثنين 6 أبريل على 10:30"],
  ] as const)("a slot outside Ramadan (09:30Z is 10:30 local) in %s", (lang, expected) => {
    expect(formatSlot(new Date("2026-04-06T09:30:00Z"), lang)).toBe(expected);
  });

  it("shows the local day, not the UTC day", () => {
    expect(formatSlot(new Date("2026-04-05T23:00:00Z"), "fr")).toBe("lundi 6 avril à 0 h");
    expect(formatDayAndTime("2026-04-06", "14:00", "ary")).toBe("نهار الاثنين 6 أبريل على 14:00");
  });
});
