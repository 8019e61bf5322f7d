import { describe, expect, it } from "vitest";
import { startOfLocalDay } from "../booking/local-time.ts";
import { fillWeeks, funnelCsv, funnelRange, rangeProblem, totalOf, weekStart, zeroCounts } from "./funnel.ts";

const counts = (started: number, consented = 0) => ({ ...zeroCounts(), started, consented });

describe("funnel rules", () => {
  it("starts weeks on Monday and, by default, shows twelve weeks up to today (local days)", () => {
    expect(weekStart("2027-01-17")).toBe("2027-01-11");
    expect(weekStart("2027-01-11")).toBe("2027-01-11");
    const range = funnelRange(new Date("2027-01-13T12:00:00Z"));
    expect(range).toMatchObject({ from: "2026-10-26", to: "2027-01-13" });
    // Local midnights, whatever offset the time zone data gives Casablanca then.
    expect(range.start).toEqual(startOfLocalDay("2026-10-26"));
    expect(range.end).toEqual(startOfLocalDay("2027-01-14"));
  });

  it("refuses a range that ends before it starts or is longer than 400 days", () => {
    expect(rangeProblem("2027-01-10", "2027-01-01")).toMatch(/before/);
    expect(rangeProblem("2026-01-01", "2027-06-01")).toMatch(/400/);
    expect(rangeProblem("2027-01-01", "2027-01-01")).toBeNull();
  });

  it("gives weeks nobody started in a row of zeros, and sums the groups into the total", () => {
    const filled = fillWeeks([{ key: "2027-01-11", counts: counts(3, 1) }], "2027-01-05", "2027-01-19");
    expect(filled.map((group) => [group.key, group.counts.started])).toEqual([
      ["2027-01-04", 0],
      ["2027-01-11", 3],
      ["2027-01-18", 0],
    ]);
    expect(totalOf([{ key: "a", counts: counts(2, 1) }, { key: null, counts: counts(1, 1) }])).toMatchObject({ started: 3, consented: 2 });
  });

  it("writes CSV a spreadsheet opens safely: quoted fields, no formulas, unknown groups named", () => {
    const csv = funnelCsv("site", [
      { key: "=HYPERLINK(\"x\")", counts: counts(1) },
      { key: null, counts: counts(2) },
    ]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("site,started,consented,eligibility_answered,eligible_found,project_framed,booked,attended");
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",1,0,0,0,0,0,0`);
    expect(lines[2]).toBe("unknown,2,0,0,0,0,0,0");
    expect(lines[3]).toBe("total,3,0,0,0,0,0,0");
  });
});
