import { describe, expect, it } from "vitest";
import type { TimeReading } from "../../bot/booking/read-time.ts";
import { matchSlot, partOf, readDayAndTime } from "../../bot/booking/read-time.ts";
import { computeSlots } from "../../bot/booking/slots.ts";
import type { AdvisorSchedule } from "../../bot/booking/types.ts";
import type { Lang } from "../../bot/core/types.ts";

/** Monday 6 April 2026, 09:00 in Casablanca (UTC+1). */
const NOW = new Date("2026-04-06T08:00:00Z");
const OFFERED = ["2026-04-06", "2026-04-07", "2026-04-09", "2026-04-13"];
const read = (text: string, lang: Lang, offeredDays: string[] = OFFERED) => readDayAndTime(text, { now: NOW, lang, offeredDays });

describe("typed days and times", () => {
  it.each<[string, Lang, TimeReading]>([
    // French
    ["demain à 10h", "fr", { date: "2026-04-07", time: "10:00" }],
    ["jeudi après-midi", "fr", { date: "2026-04-09", partOfDay: "afternoon" }],
    ["lundi matin", "fr", { date: "2026-04-13", partOfDay: "morning" }],
    ["mardi 7 avril à 9h", "fr", { date: "2026-04-07", time: "09:00" }],
    ["le 9 à 14 h 30", "fr", { date: "2026-04-09", time: "14:30" }],
    ["à 10", "fr", { time: "10:00" }],
    // Arabic
    ["غدا على الساعة 11", "ar", { date: "2026-04-07", time: "11:00" }],
    ["نهار الخميس بعد الزوال", "ar", { date: "2026-04-09", partOfDay: "afternoon" }],
    ["الاثنين صباحا", "ar", { date: "2026-04-13", partOfDay: "morning" }],
    ["يوم 9 على 10", "ar", { date: "2026-04-09", time: "10:00" }],
    // Darija in Arabic script
    ["غدا على 10 و نص", "ary", { date: "2026-04-07", time: "10:30" }],
    ["نهار الخميس فالعشية", "ary", { date: "2026-04-09", partOfDay: "afternoon" }],
    ["صباح الخير، بغيت نهار الثلاثاء", "ary", { date: "2026-04-07" }],
    ["فالصباح", "ary", { partOfDay: "morning" }],
    // Darija in Latin script
    ["ghedda f 10", "ary", { date: "2026-04-07", time: "10:00" }],
    ["nhar lkhmis l3chiya", "ary", { date: "2026-04-09", partOfDay: "afternoon" }],
    ["lundi sba7", "ary", { date: "2026-04-13", partOfDay: "morning" }],
    ["ghedda 3la 3", "ary", { date: "2026-04-07", time: "15:00" }],
    ["f 9 sba7", "ary", { time: "09:00", partOfDay: "morning" }],
    ["ghedda f 10 w nss", "ary", { date: "2026-04-07", time: "10:30" }],
    // An hour alone, as an answer to "what time?"; 1 to 7 is the afternoon.
    ["10", "fr", { time: "10:00" }],
    ["3", "ary", { time: "15:00" }],
  ])("%j (%s)", (text, lang, expected) => {
    expect(read(text, lang)).toEqual(expected);
  });

  it.each<[string, Lang]>([
    ["merci", "fr"],
    ["sba7 lkhir", "ary"],
    ["3andi 25 ans", "ary"],
    ["شكرا", "ar"],
  ])("finds no day or time in %j", (text, lang) => {
    expect(read(text, lang)).toEqual({});
  });

  it("reads today's weekday as today when today is offered and next week is not", () => {
    expect(read("lundi matin", "fr", ["2026-04-06", "2026-04-07"])).toEqual({ date: "2026-04-06", partOfDay: "morning" });
    expect(read("nhar letnin", "ary", ["2026-04-06", "2026-04-07"])).toEqual({ date: "2026-04-06" });
  });

  it("reads a bare day of the month only among the offered days", () => {
    expect(read("le 13", "fr")).toEqual({ date: "2026-04-13" });
    expect(readDayAndTime("le 13", { now: NOW, lang: "fr" })).toEqual({});
  });
});

describe("matching a reading to slots", () => {
  const advisor = (advisorId: string): AdvisorSchedule => ({
    advisorId,
    siteId: "minassati-khouribga",
    weekly: ([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
      { weekday, start: "09:00", end: "12:00" },
      { weekday, start: "14:00", end: "17:00" },
    ]),
    exceptions: [],
    meetingMinutes: 30,
    bufferMinutes: 10,
    minNoticeMinutes: 60,
    horizonDays: 7,
    dailyCap: 8,
  });
  const slots = computeSlots({ schedules: [advisor("advisor-a"), advisor("advisor-b")], busy: [], now: NOW });
  const iso = (starts: Date[]) => starts.map((start) => start.toISOString());

  it("an exact day and time gives that start once, even with two advisors free", () => {
    expect(iso(matchSlot(slots, { date: "2026-04-07", time: "10:20" }))).toEqual(["2026-04-07T09:20:00.000Z"]);
  });

  it("a time that is not a slot gives nothing", () => {
    expect(matchSlot(slots, { date: "2026-04-07", time: "10:00" })).toEqual([]);
  });

  it("a part of the day gives its starts on that day", () => {
    expect(iso(matchSlot(slots, { date: "2026-04-07", partOfDay: "morning" }))).toEqual([
      "2026-04-07T08:00:00.000Z", "2026-04-07T08:40:00.000Z", "2026-04-07T09:20:00.000Z", "2026-04-07T10:00:00.000Z",
    ]);
    expect(iso(matchSlot(slots, { date: "2026-04-07", partOfDay: "afternoon" }))).toEqual([
      "2026-04-07T13:00:00.000Z", "2026-04-07T13:40:00.000Z", "2026-04-07T14:20:00.000Z", "2026-04-07T15:00:00.000Z",
    ]);
  });

  it("a day alone gives all its starts; a time alone, that time on every day", () => {
    expect(matchSlot(slots, { date: "2026-04-07" })).toHaveLength(8);
    expect(iso(matchSlot(slots, { time: "09:00" }))).toEqual([
      "2026-04-07T08:00:00.000Z", "2026-04-08T08:00:00.000Z", "2026-04-09T08:00:00.000Z",
      "2026-04-10T08:00:00.000Z", "2026-04-13T08:00:00.000Z",
    ]);
  });

  it("an empty reading matches nothing", () => {
    expect(matchSlot(slots, {})).toEqual([]);
  });

  it("reads and matches typed answers end to end", () => {
    expect(iso(matchSlot(slots, read("ghedda f 14h", "ary")))).toEqual(["2026-04-07T13:00:00.000Z"]);
    expect(matchSlot(slots, read("jeudi après-midi", "fr"))).toHaveLength(4);
    expect(iso(matchSlot(slots, read("نهار الخميس على 9", "ary")))).toEqual(["2026-04-09T08:00:00.000Z"]);
  });

  it("splits the day at noon", () => {
    expect(partOf("11:59")).toBe("morning");
    expect(partOf("12:00")).toBe("afternoon");
  });
});
