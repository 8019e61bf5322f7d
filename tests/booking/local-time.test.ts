import { describe, expect, it } from "vitest";
import {
  addLocalDays,
  instantAt,
  isLocalDate,
  isLocalTime,
  isoWeekday,
  localDateOf,
  localDaysBetween,
  localTimeOf,
  minutesOfDay,
  offsetMinutesAt,
  startOfLocalDay,
} from "../../bot/booking/local-time.ts";

const at = (iso: string) => new Date(iso);

describe("Casablanca's offset, from the tz data", () => {
  it("is UTC+1 most of the year and UTC+0 during Ramadan", () => {
    expect(localTimeOf(at("2026-02-10T10:00:00Z"))).toBe("11:00");
    expect(localTimeOf(at("2026-02-20T10:00:00Z"))).toBe("10:00");
    expect(localTimeOf(at("2026-04-06T10:00:00Z"))).toBe("11:00");
  });

  it("switches to UTC+0 at 02:00Z on 15 February 2026 and back at 02:00Z on 22 March 2026", () => {
    expect(offsetMinutesAt(at("2026-02-15T01:59:00Z"))).toBe(60);
    expect(offsetMinutesAt(at("2026-02-15T02:00:00Z"))).toBe(0);
    expect(offsetMinutesAt(at("2026-03-22T01:59:00Z"))).toBe(0);
    expect(offsetMinutesAt(at("2026-03-22T02:00:00Z"))).toBe(60);
  });
});

describe("instants to local dates and times", () => {
  it("reads the local date, which may differ from the UTC date", () => {
    expect(localDateOf(at("2026-04-02T23:30:00Z"))).toBe("2026-04-03");
    expect(localTimeOf(at("2026-04-02T23:30:00Z"))).toBe("00:30");
    expect(localDateOf(at("2026-03-02T23:30:00Z"))).toBe("2026-03-02");
  });

  it("drops seconds", () => {
    expect(localTimeOf(at("2026-04-06T08:59:59.999Z"))).toBe("09:59");
  });
});

describe("local dates and times to instants", () => {
  it("reads a wall-clock time with the offset of that day", () => {
    expect(instantAt("2026-02-13", "09:00")).toEqual(at("2026-02-13T08:00:00Z"));
    expect(instantAt("2026-02-20", "09:00")).toEqual(at("2026-02-20T09:00:00Z"));
    expect(instantAt("2026-03-23", "09:00")).toEqual(at("2026-03-23T08:00:00Z"));
  });

  it("takes the earlier instant for a time that happens twice (clocks set back)", () => {
    // 15 February 2026: 03:00 (UTC+1) becomes 02:00 (UTC+0); 02:30 happens at 01:30Z and 02:30Z.
    expect(instantAt("2026-02-15", "02:30")).toEqual(at("2026-02-15T01:30:00Z"));
    expect(instantAt("2026-02-15", "03:00")).toEqual(at("2026-02-15T03:00:00Z"));
  });

  it("moves a time that never happens (clocks set forward) past the jump", () => {
    // 22 March 2026: 02:00 (UTC+0) becomes 03:00 (UTC+1); 02:30 does not exist and reads as 03:30.
    expect(instantAt("2026-03-22", "02:30")).toEqual(at("2026-03-22T02:30:00Z"));
    expect(localTimeOf(instantAt("2026-03-22", "02:30"))).toBe("03:30");
    expect(instantAt("2026-03-22", "03:00")).toEqual(at("2026-03-22T02:00:00Z"));
  });

  it("round-trips every quarter hour across both switches", () => {
    for (const date of ["2026-02-14", "2026-02-15", "2026-02-16", "2026-03-21", "2026-03-22", "2026-03-23"]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
        if (date === "2026-03-22" && time >= "02:00" && time < "03:00") continue; // the gap
        const instant = instantAt(date, time);
        expect([localDateOf(instant), localTimeOf(instant)]).toEqual([date, time]);
      }
    }
  });

  it("accepts 24:00 as the midnight ending a day", () => {
    expect(instantAt("2026-04-06", "24:00")).toEqual(startOfLocalDay("2026-04-07"));
    expect(startOfLocalDay("2026-04-07")).toEqual(at("2026-04-06T23:00:00Z"));
  });
});

describe("calendar arithmetic", () => {
  it("adds calendar days across months, years and the switch", () => {
    expect(addLocalDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(addLocalDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addLocalDays("2026-03-21", 1)).toBe("2026-03-22");
    expect(addLocalDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(localDaysBetween("2026-02-27", "2026-03-02")).toBe(3);
  });

  it("gives ISO weekdays, Monday 1 to Sunday 7", () => {
    expect(isoWeekday("2026-04-06")).toBe(1);
    expect(isoWeekday("2026-04-11")).toBe(6);
    expect(isoWeekday("2026-04-12")).toBe(7);
  });

  it("validates dates and times", () => {
    expect(isLocalDate("2026-02-28")).toBe(true);
    expect(isLocalDate("2026-02-30")).toBe(false);
    expect(isLocalDate("2026-2-3")).toBe(false);
    expect(isLocalTime("09:30")).toBe(true);
    expect(isLocalTime("24:00")).toBe(false);
    expect(isLocalTime("9:30")).toBe(false);
    expect(minutesOfDay("24:00")).toBe(1440);
    expect(() => minutesOfDay("25:00")).toThrow(RangeError);
    expect(() => addLocalDays("2026-02-30", 1)).toThrow(RangeError);
  });
});
