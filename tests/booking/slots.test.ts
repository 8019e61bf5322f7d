import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { computeSlots, distinctStarts, freeDays, nextFreeSlots, pickAdvisor, slotsOnDay } from "../../bot/booking/slots.ts";
import type { AdvisorSchedule, BusyInterval, Slot } from "../../bot/booking/types.ts";
import { RAMADAN_QUERY } from "./scenario.ts";

/**
 * Every expectation is an explicit UTC instant, so these tests pass under any machine TZ;
 * the last block runs the engine under TZ=UTC and TZ=Asia/Tokyo and compares.
 */

/** Monday 6 April 2026, 08:00 in Casablanca (UTC+1): the fixed clock. */
const NOW = new Date("2026-04-06T07:00:00Z");

function schedule(overrides: Partial<AdvisorSchedule> = {}): AdvisorSchedule {
  return {
    advisorId: "advisor-a",
    siteId: "minassati-khouribga",
    weekly: ([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
      { weekday, start: "09:00", end: "12:00" },
      { weekday, start: "14:00", end: "17:00" },
    ]),
    exceptions: [],
    meetingMinutes: 30,
    bufferMinutes: 10,
    minNoticeMinutes: 0,
    horizonDays: 14,
    dailyCap: 10,
    ...overrides,
  };
}

const busy = (start: string, end: string, advisorId = "advisor-a"): BusyInterval => ({ advisorId, start: new Date(start), end: new Date(end) });

/** Starts (UTC ISO strings) on one local day. */
function startsOn(slots: Slot[], date: string): string[] {
  return slotsOnDay(slots, date).map((slot) => slot.start.toISOString());
}

/** Monday 6 April, UTC+1: 09:00 local is 08:00Z. */
const MONDAY_MORNING = ["2026-04-06T08:00:00.000Z", "2026-04-06T08:40:00.000Z", "2026-04-06T09:20:00.000Z", "2026-04-06T10:00:00.000Z"];
const MONDAY_AFTERNOON = ["2026-04-06T13:00:00.000Z", "2026-04-06T13:40:00.000Z", "2026-04-06T14:20:00.000Z", "2026-04-06T15:00:00.000Z"];

describe("weekly availability", () => {
  it("lays meetings back to back with the buffer between them, each ending within its window", () => {
    const slots = computeSlots({ schedules: [schedule()], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-06")).toEqual([...MONDAY_MORNING, ...MONDAY_AFTERNOON]);
    expect(slots[0]).toEqual({
      siteId: "minassati-khouribga",
      advisorId: "advisor-a",
      start: new Date("2026-04-06T08:00:00Z"),
      end: new Date("2026-04-06T08:30:00Z"),
    });
  });

  it("opens only on the weekdays of the weekly windows", () => {
    const slots = computeSlots({ schedules: [schedule()], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-11")).toEqual([]); // Saturday
    expect(startsOn(slots, "2026-04-12")).toEqual([]); // Sunday
    expect(freeDays(slots)).toEqual([
      "2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10",
      "2026-04-13", "2026-04-14", "2026-04-15", "2026-04-16", "2026-04-17",
      "2026-04-20",
    ]);
  });

  it("sorts by start, then advisor", () => {
    const slots = computeSlots({ schedules: [schedule({ advisorId: "advisor-b" }), schedule()], busy: [], now: NOW });
    expect(slots.slice(0, 2).map((slot) => slot.advisorId)).toEqual(["advisor-a", "advisor-b"]);
    const times = slots.map((slot) => slot.start.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe("exceptions", () => {
  it("an off day without times closes the whole day", () => {
    const slots = computeSlots({ schedules: [schedule({ exceptions: [{ date: "2026-04-07", kind: "off" }] })], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-07")).toEqual([]);
    expect(startsOn(slots, "2026-04-08")).toHaveLength(8);
  });

  it("an off period removes part of a window, and a slot must still fit in what is left", () => {
    const slots = computeSlots({
      schedules: [schedule({ exceptions: [{ date: "2026-04-08", kind: "off", start: "10:00", end: "15:00" }] })],
      busy: [],
      now: NOW,
    });
    // Left: 09:00–10:00 (one slot, the next would end at 10:10) and 15:00–17:00.
    expect(startsOn(slots, "2026-04-08")).toEqual([
      "2026-04-08T08:00:00.000Z",
      "2026-04-08T14:00:00.000Z", "2026-04-08T14:40:00.000Z", "2026-04-08T15:20:00.000Z",
    ]);
  });

  it("an off period with only a start runs to the end of the day", () => {
    const slots = computeSlots({ schedules: [schedule({ exceptions: [{ date: "2026-04-08", kind: "off", start: "11:00" }] })], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-08")).toEqual(["2026-04-08T08:00:00.000Z", "2026-04-08T08:40:00.000Z", "2026-04-08T09:20:00.000Z"]);
  });

  it("an extra window opens a day that is closed every week", () => {
    const slots = computeSlots({ schedules: [schedule({ exceptions: [{ date: "2026-04-11", kind: "extra", start: "10:00", end: "11:00" }] })], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-11")).toEqual(["2026-04-11T09:00:00.000Z"]);
  });

  it("an extra window overlapping a weekly one extends it without doubling slots", () => {
    const slots = computeSlots({ schedules: [schedule({ exceptions: [{ date: "2026-04-06", kind: "extra", start: "11:00", end: "13:00" }] })], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-06").slice(0, 6)).toEqual([...MONDAY_MORNING, "2026-04-06T10:40:00.000Z", "2026-04-06T11:20:00.000Z"]);
    expect(startsOn(slots, "2026-04-06")).toHaveLength(10);
  });

  it("an extra window on a holiday still opens", () => {
    const slots = computeSlots({
      schedules: [schedule({ exceptions: [{ date: "2026-04-07", kind: "off" }, { date: "2026-04-07", kind: "extra", start: "16:00", end: "17:00" }] })],
      busy: [],
      now: NOW,
    });
    expect(startsOn(slots, "2026-04-07")).toEqual(["2026-04-07T15:00:00.000Z"]);
  });
});

describe("buffers and busy intervals", () => {
  it("keeps the buffer around a meeting booked off the grid", () => {
    // 10:00–10:30 local blocks 09:50–10:40: the 09:40 and 10:20 slots go.
    const slots = computeSlots({ schedules: [schedule()], busy: [busy("2026-04-06T09:00:00Z", "2026-04-06T09:30:00Z")], now: NOW });
    expect(startsOn(slots, "2026-04-06").slice(0, 2)).toEqual(["2026-04-06T08:00:00.000Z", "2026-04-06T10:00:00.000Z"]);
  });

  it("a meeting on the grid removes only its own slot", () => {
    const slots = computeSlots({ schedules: [schedule()], busy: [busy("2026-04-06T08:40:00Z", "2026-04-06T09:10:00Z")], now: NOW });
    expect(startsOn(slots, "2026-04-06").slice(0, 3)).toEqual(["2026-04-06T08:00:00.000Z", "2026-04-06T09:20:00.000Z", "2026-04-06T10:00:00.000Z"]);
  });

  it("another advisor's meetings block nothing", () => {
    const slots = computeSlots({ schedules: [schedule()], busy: [busy("2026-04-06T08:00:00Z", "2026-04-06T11:00:00Z", "advisor-b")], now: NOW });
    expect(startsOn(slots, "2026-04-06")).toEqual([...MONDAY_MORNING, ...MONDAY_AFTERNOON]);
  });
});

describe("minimum notice and horizon", () => {
  it("offers nothing that starts sooner than the minimum notice", () => {
    // Now 08:00 local, two hours' notice: from 10:00 local, i.e. 09:00Z.
    const slots = computeSlots({ schedules: [schedule({ minNoticeMinutes: 120 })], busy: [], now: NOW });
    expect(startsOn(slots, "2026-04-06")).toEqual(["2026-04-06T09:20:00.000Z", "2026-04-06T10:00:00.000Z", ...MONDAY_AFTERNOON]);
  });

  it("a notice longer than a day pushes the first day", () => {
    const slots = computeSlots({ schedules: [schedule({ minNoticeMinutes: 24 * 60 })], busy: [], now: NOW });
    expect(freeDays(slots)[0]).toBe("2026-04-07");
    expect(startsOn(slots, "2026-04-07")[0]).toBe("2026-04-07T08:00:00.000Z");
  });

  it("counts the horizon in local days from today, both ends included", () => {
    expect(freeDays(computeSlots({ schedules: [schedule({ horizonDays: 2 })], busy: [], now: NOW }))).toEqual(["2026-04-06", "2026-04-07", "2026-04-08"]);
    expect(freeDays(computeSlots({ schedules: [schedule({ horizonDays: 0 })], busy: [], now: NOW }))).toEqual(["2026-04-06"]);
  });

  it("today is the local day: at 23:30Z on Sunday it is already Monday in Casablanca", () => {
    const slots = computeSlots({ schedules: [schedule({ horizonDays: 0 })], busy: [], now: new Date("2026-04-05T23:30:00Z") });
    expect(freeDays(slots)).toEqual(["2026-04-06"]);
  });

  it("clips to from and to, by start", () => {
    const slots = computeSlots({
      schedules: [schedule()],
      busy: [],
      now: NOW,
      from: new Date("2026-04-07T09:00:00Z"),
      to: new Date("2026-04-08T08:40:00Z"),
    });
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      "2026-04-07T09:20:00.000Z", "2026-04-07T10:00:00.000Z",
      "2026-04-07T13:00:00.000Z", "2026-04-07T13:40:00.000Z", "2026-04-07T14:20:00.000Z", "2026-04-07T15:00:00.000Z",
      "2026-04-08T08:00:00.000Z",
    ]);
  });
});

describe("daily cap", () => {
  it("closes a day once the advisor has as many meetings as the cap", () => {
    const meetings = [busy("2026-04-07T08:00:00Z", "2026-04-07T08:30:00Z"), busy("2026-04-07T13:00:00Z", "2026-04-07T13:30:00Z")];
    const slots = computeSlots({ schedules: [schedule({ dailyCap: 2 })], busy: meetings, now: NOW });
    expect(startsOn(slots, "2026-04-07")).toEqual([]);
    expect(startsOn(slots, "2026-04-08")).toHaveLength(8);
  });

  it("below the cap the day stays open around the meetings", () => {
    const slots = computeSlots({ schedules: [schedule({ dailyCap: 2 })], busy: [busy("2026-04-07T08:00:00Z", "2026-04-07T08:30:00Z")], now: NOW });
    expect(startsOn(slots, "2026-04-07")).toHaveLength(7);
  });

  it("counts meetings by the local day they start, not the UTC day", () => {
    // 23:30Z on Tuesday 7 April is 00:30 on Wednesday in Casablanca.
    const slots = computeSlots({ schedules: [schedule({ dailyCap: 1 })], busy: [busy("2026-04-07T23:30:00Z", "2026-04-08T00:00:00Z")], now: NOW });
    expect(startsOn(slots, "2026-04-07")).toHaveLength(8);
    expect(startsOn(slots, "2026-04-08")).toEqual([]);
  });

  it("counts meetings at every site of the advisor", () => {
    const otherSite = schedule({ siteId: "learning-center-laayoune", weekly: [] });
    const slots = computeSlots({ schedules: [schedule({ dailyCap: 1 }), otherSite], busy: [busy("2026-04-07T15:00:00Z", "2026-04-07T15:30:00Z")], now: NOW });
    expect(startsOn(slots, "2026-04-07")).toEqual([]);
  });
});

describe("two advisors at one site", () => {
  const schedules = [schedule({ advisorId: "advisor-b" }), schedule()];

  it("shows each time once", () => {
    const slots = computeSlots({ schedules, busy: [], now: NOW });
    const monday = slotsOnDay(slots, "2026-04-06");
    expect(monday).toHaveLength(16);
    expect(distinctStarts(monday).map((start) => start.toISOString())).toEqual([...MONDAY_MORNING, ...MONDAY_AFTERNOON]);
  });

  it("books the advisor with fewer meetings that day, ties by id", () => {
    const meetings = [busy("2026-04-06T13:00:00Z", "2026-04-06T13:30:00Z")];
    const slots = computeSlots({ schedules, busy: meetings, now: NOW });
    const nine = new Date("2026-04-06T08:00:00Z");
    expect(pickAdvisor(slots, nine, meetings)?.advisorId).toBe("advisor-b");
    expect(pickAdvisor(slots, nine, [])?.advisorId).toBe("advisor-a");
    // Meetings on other days do not count.
    expect(pickAdvisor(slots, nine, [busy("2026-04-07T08:00:00Z", "2026-04-07T08:30:00Z")])?.advisorId).toBe("advisor-a");
    // Only advisor-b is free at 14:00 local.
    expect(pickAdvisor(slots, new Date("2026-04-06T13:00:00Z"), meetings)).toMatchObject({ advisorId: "advisor-b", siteId: "minassati-khouribga" });
  });

  it("picks nobody at a time nobody is free", () => {
    const slots = computeSlots({ schedules, busy: [], now: NOW });
    expect(pickAdvisor(slots, new Date("2026-04-06T08:10:00Z"), [])).toBeNull();
  });

  it("offers the next free times after a slot was taken", () => {
    const taken = new Date("2026-04-06T09:20:00Z");
    const meetings = [busy("2026-04-06T09:20:00Z", "2026-04-06T09:50:00Z"), busy("2026-04-06T09:20:00Z", "2026-04-06T09:50:00Z", "advisor-b")];
    const slots = computeSlots({ schedules, busy: meetings, now: NOW });
    expect(nextFreeSlots(slots, taken, 3).map((slot) => slot.start.toISOString())).toEqual([
      "2026-04-06T10:00:00.000Z", "2026-04-06T13:00:00.000Z", "2026-04-06T13:40:00.000Z",
    ]);
  });
});

describe("the Ramadan time change", () => {
  const daily = schedule({
    weekly: ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, start: "09:00", end: "10:00" })),
    meetingMinutes: 60,
    bufferMinutes: 0,
    horizonDays: 4,
  });
  const startsFrom = (now: string) => computeSlots({ schedules: [daily], busy: [], now: new Date(now) }).map((slot) => slot.start.toISOString());

  it("09:00 local is 08:00Z before Ramadan and 09:00Z from Sunday 15 February 2026", () => {
    expect(startsFrom("2026-02-13T06:00:00Z")).toEqual([
      "2026-02-13T08:00:00.000Z",
      "2026-02-14T08:00:00.000Z",
      "2026-02-15T09:00:00.000Z",
      "2026-02-16T09:00:00.000Z",
      "2026-02-17T09:00:00.000Z",
    ]);
  });

  it("09:00 local is 09:00Z in Ramadan and 08:00Z again from Sunday 22 March 2026", () => {
    expect(startsFrom("2026-03-20T06:00:00Z")).toEqual([
      "2026-03-20T09:00:00.000Z",
      "2026-03-21T09:00:00.000Z",
      "2026-03-22T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-24T08:00:00.000Z",
    ]);
  });

  it("a week spanning the switch keeps every local rule", () => {
    const slots = computeSlots(RAMADAN_QUERY);
    const startsOnDay = (date: string, advisorId: string) =>
      slotsOnDay(slots, date).filter((slot) => slot.advisorId === advisorId).map((slot) => slot.start.toISOString().slice(11, 16));
    // Monday 16 March (UTC+0), 08:00 now, 90 minutes' notice: from 09:30.
    expect(startsOnDay("2026-03-16", "advisor-a")).toEqual(["10:00", "11:00", "14:00", "15:00"]);
    // Tuesday: the 10:00 meeting and its buffers (09:45–11:00) take one slot only.
    expect(startsOnDay("2026-03-17", "advisor-a")).toEqual(["09:00", "11:00", "14:00", "15:00"]);
    expect(startsOnDay("2026-03-18", "advisor-a")).toEqual([]); // day off
    expect(startsOnDay("2026-03-19", "advisor-a")).toEqual(["10:30", "14:00", "15:00"]); // off until 10:30
    expect(startsOnDay("2026-03-20", "advisor-b")).toEqual([]); // cap of 2 reached
    expect(startsOnDay("2026-03-21", "advisor-a")).toEqual(["10:00", "11:00"]); // extra Saturday window
    expect(startsOnDay("2026-03-21", "advisor-b")).toEqual(["09:00", "09:30", "10:00", "10:30"]);
    // Monday 23 March (UTC+1 again): 09:00–12:00 and 14:00–16:00 local are 08:00–11:00Z and 13:00–15:00Z.
    expect(startsOnDay("2026-03-23", "advisor-a")).toEqual(["08:00", "09:00", "10:00", "13:00", "14:00"]);
    expect(startsOnDay("2026-03-23", "advisor-b")).toEqual(["08:00", "08:30", "09:00", "09:30"]); // off from 11:00 local
    // Tuesday 24 March: advisor-b's 09:00 local meeting; her horizon (8 days) ends that day.
    expect(startsOnDay("2026-03-24", "advisor-b")).toEqual(["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    expect(startsOnDay("2026-03-25", "advisor-b")).toEqual([]);
    expect(startsOnDay("2026-03-26", "advisor-a")).toEqual(["08:00", "09:00", "10:00", "13:00", "14:00"]);
    expect(freeDays(slots).at(-1)).toBe("2026-03-26");
  });
});

describe("independence from the machine's time zone", () => {
  const script = fileURLToPath(new URL("./slots-in-tz.ts", import.meta.url));
  const runUnder = (tz: string) =>
    JSON.parse(execFileSync(process.execPath, [script], { env: { ...process.env, TZ: tz }, encoding: "utf8" })) as { machineOffset: number; slots: string[] };

  it("computes the same slots under TZ=UTC and TZ=Asia/Tokyo, and the same as in this process", () => {
    const utc = runUnder("UTC");
    const tokyo = runUnder("Asia/Tokyo");
    // The TZ really changed the machine's clock in the child…
    expect(utc.machineOffset).toBe(0);
    expect(tokyo.machineOffset).toBe(-540);
    // …and not the slots.
    expect(utc.slots.length).toBeGreaterThan(50);
    expect(tokyo.slots).toEqual(utc.slots);
    const here = computeSlots(RAMADAN_QUERY).map((slot) => `${slot.advisorId} ${slot.start.toISOString()} ${slot.end.toISOString()}`);
    expect(here).toEqual(utc.slots);
  });
});
