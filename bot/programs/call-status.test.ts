import { describe, expect, it } from "vitest";
import { callStatusOn } from "./call-status.ts";

describe("a call's status on a day", () => {
  const call = { status: "open" as const, opensOn: "2027-01-05", closesOn: "2027-01-31" };

  it("reads closed before its opening day and after its deadline, open from the one to the other included", () => {
    expect(callStatusOn(call, "2027-01-04")).toBe("closed");
    expect(callStatusOn(call, "2027-01-05")).toBe("open");
    expect(callStatusOn(call, "2027-01-31")).toBe("open");
    expect(callStatusOn(call, "2027-02-01")).toBe("closed");
  });

  it("keeps what staff set when there are no dates, or when they closed it or it is past", () => {
    expect(callStatusOn({ status: "open", opensOn: null, closesOn: null }, "2030-01-01")).toBe("open");
    expect(callStatusOn({ ...call, status: "closed" }, "2027-01-10")).toBe("closed");
    expect(callStatusOn({ ...call, status: "past" }, "2027-01-10")).toBe("past");
  });
});
