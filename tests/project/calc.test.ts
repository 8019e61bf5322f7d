import { describe, expect, it } from "vitest";
import { computeFlags, computeNumbers, cumulativeCash } from "../../bot/project/calc.ts";
import { formatMad } from "../../bot/project/money.ts";
import type { Canvas, FlagCode } from "../../bot/project/types.ts";

/** The acceptance project: 50 DH × 400 a month, 30,000 DH to start, 12,000 DH a month, 5,000 DH of one's own. */
const ACCEPTANCE: Canvas = {
  priceMad: 50,
  salesPerMonth: 400,
  startupCosts: [{ label: "machine", amountMad: 30_000 }],
  monthlyCosts: [
    { kind: "rent", amountMad: 3_000 },
    { kind: "materials", amountMad: 6_000 },
    { kind: "transport", amountMad: 1_000 },
    { kind: "salaries", amountMad: 2_000 },
  ],
  ownContributionMad: 5_000,
};

const codes = (canvas: Canvas) => computeFlags(canvas, computeNumbers(canvas)).map((flag) => flag.code);

function allFinite(values: readonly (number | null)[]): boolean {
  return values.every((value) => value === null || Number.isFinite(value));
}

describe("the numbers", () => {
  it("gives the acceptance figures: 30,000 invested, 25,000 to find, 20,000 in, 8,000 margin, break-even in 4 months", () => {
    expect(computeNumbers(ACCEPTANCE)).toEqual({
      investmentMad: 30_000,
      fundingNeedMad: 25_000,
      monthlyRevenueMad: 20_000,
      monthlyCostsMad: 12_000,
      monthlyMarginMad: 8_000,
      breakEvenMonths: 4,
    });
    expect(codes(ACCEPTANCE)).toEqual([]);
  });

  it("sums several start-up items and monthly costs, to the centime", () => {
    const numbers = computeNumbers({
      startupCosts: [
        { label: "a", amountMad: 0.1 },
        { label: "b", amountMad: 0.2 },
      ],
      monthlyCosts: [{ kind: "other", amountMad: 99.99, label: "téléphone" }],
      priceMad: 12.5,
      salesPerMonth: 10,
    });
    expect(numbers).toMatchObject({ investmentMad: 0.3, monthlyCostsMad: 99.99, monthlyRevenueMad: 125, monthlyMarginMad: 25.01, breakEvenMonths: 1 });
  });

  it("leaves every figure null for an empty canvas, and flags nothing", () => {
    expect(computeNumbers({})).toEqual({
      investmentMad: null,
      fundingNeedMad: null,
      monthlyRevenueMad: null,
      monthlyCostsMad: null,
      monthlyMarginMad: null,
      breakEvenMonths: null,
    });
    expect(codes({})).toEqual([]);
    expect(cumulativeCash({})).toEqual([]);
  });

  it("keeps the funding need unknown while the own contribution is skipped, and never below zero", () => {
    expect(computeNumbers({ startupCosts: [{ label: "x", amountMad: 10_000 }] }).fundingNeedMad).toBeNull();
    expect(computeNumbers({ ownContributionMad: 2_000 }).fundingNeedMad).toBeNull();
    expect(computeNumbers({ startupCosts: [{ label: "x", amountMad: 10_000 }], ownContributionMad: 0 }).fundingNeedMad).toBe(10_000);
    expect(computeNumbers({ startupCosts: [{ label: "x", amountMad: 10_000 }], ownContributionMad: 15_000 }).fundingNeedMad).toBe(0);
  });

  it("needs both the price and the volume for the revenue, and the revenue and the costs for the margin", () => {
    expect(computeNumbers({ priceMad: 50 }).monthlyRevenueMad).toBeNull();
    expect(computeNumbers({ salesPerMonth: 400 }).monthlyRevenueMad).toBeNull();
    expect(computeNumbers({ priceMad: 50, salesPerMonth: 400 })).toMatchObject({ monthlyRevenueMad: 20_000, monthlyMarginMad: null, breakEvenMonths: null });
    expect(computeNumbers({ monthlyCosts: [{ kind: "rent", amountMad: 1_000 }] })).toMatchObject({ monthlyCostsMad: 1_000, monthlyMarginMad: null });
  });

  it("treats zeros as answers: nothing to buy breaks even at once, nothing sold gives no revenue", () => {
    const nothingToBuy = computeNumbers({ startupCosts: [], priceMad: 20, salesPerMonth: 10, monthlyCosts: [], ownContributionMad: 0 });
    expect(nothingToBuy).toEqual({
      investmentMad: 0,
      fundingNeedMad: 0,
      monthlyRevenueMad: 200,
      monthlyCostsMad: 0,
      monthlyMarginMad: 200,
      breakEvenMonths: 0,
    });
    const nothingSold = computeNumbers({ priceMad: 50, salesPerMonth: 0, monthlyCosts: [{ kind: "rent", amountMad: 0 }], startupCosts: [] });
    expect(nothingSold).toMatchObject({ monthlyRevenueMad: 0, monthlyCostsMad: 0, monthlyMarginMad: 0, breakEvenMonths: null });
  });

  it("never breaks even on a zero or negative margin", () => {
    const canvas: Canvas = { ...ACCEPTANCE, priceMad: 30 };
    expect(computeNumbers(canvas)).toMatchObject({ monthlyRevenueMad: 12_000, monthlyMarginMad: 0, breakEvenMonths: null });
    expect(computeNumbers({ ...ACCEPTANCE, priceMad: 20 })).toMatchObject({ monthlyMarginMad: -4_000, breakEvenMonths: null });
  });

  it("rounds the break-even up to the month", () => {
    expect(computeNumbers({ ...ACCEPTANCE, startupCosts: [{ label: "x", amountMad: 30_001 }] }).breakEvenMonths).toBe(4);
    expect(computeNumbers({ ...ACCEPTANCE, startupCosts: [{ label: "x", amountMad: 32_001 }] }).breakEvenMonths).toBe(5);
    expect(computeNumbers({ ...ACCEPTANCE, startupCosts: [{ label: "x", amountMad: 8_000 }] }).breakEvenMonths).toBe(1);
  });

  it("counts corrupted amounts (NaN, Infinity, negative) as missing, never as NaN or Infinity", () => {
    const broken: Canvas = {
      priceMad: Number.NaN,
      salesPerMonth: Number.POSITIVE_INFINITY,
      startupCosts: [{ label: "x", amountMad: -5 }, { label: "y", amountMad: 1_000 }],
      monthlyCosts: [{ kind: "materials", amountMad: Number.NaN }],
      ownContributionMad: -1,
    };
    const numbers = computeNumbers(broken);
    expect(allFinite(Object.values(numbers))).toBe(true);
    expect(numbers).toMatchObject({ investmentMad: 1_000, fundingNeedMad: null, monthlyRevenueMad: null, monthlyCostsMad: 0 });
    expect(codes(broken)).toEqual(["missing_rent", "missing_transport"]);
    expect(cumulativeCash(broken).every(Number.isFinite)).toBe(true);
  });
});

describe("the flags", () => {
  const flag = (canvas: Canvas, code: FlagCode) => computeFlags(canvas, computeNumbers(canvas)).find((found) => found.code === code);

  it("flags a price below the materials cost of one sale, with both amounts", () => {
    // 6,000 DH of materials for 400 sales: 15 DH each; selling at 12 DH loses on every sale.
    expect(flag({ ...ACCEPTANCE, priceMad: 12 }, "price_below_cost")).toEqual({ code: "price_below_cost", params: { priceMad: 12, unitCostMad: 15 } });
    expect(flag({ ...ACCEPTANCE, priceMad: 15 }, "price_below_cost")).toBeUndefined();
    // Without materials, or without a volume, there is no unit cost to compare with.
    expect(flag({ priceMad: 1, salesPerMonth: 0, monthlyCosts: [{ kind: "materials", amountMad: 100 }] }, "price_below_cost")).toBeUndefined();
    expect(flag({ priceMad: 1, monthlyCosts: [{ kind: "materials", amountMad: 100 }] }, "price_below_cost")).toBeUndefined();
    expect(flag({ priceMad: 1, salesPerMonth: 10, monthlyCosts: [{ kind: "rent", amountMad: 100 }] }, "price_below_cost")).toBeUndefined();
    expect(flag({ priceMad: 0, salesPerMonth: 10, monthlyCosts: [{ kind: "materials", amountMad: 0 }] }, "price_below_cost")).toBeUndefined();
  });

  it("flags a negative margin, and no break-even when there is an investment to earn back", () => {
    const losing: Canvas = { ...ACCEPTANCE, priceMad: 20 };
    expect(codes(losing)).toEqual(["negative_margin", "no_break_even"]);
    expect(flag(losing, "negative_margin")?.params).toEqual({ marginMad: -4_000 });
    expect(flag(losing, "no_break_even")?.params).toEqual({ investmentMad: 30_000 });
    // A zero margin is not negative, but it never pays the machine back.
    expect(codes({ ...ACCEPTANCE, priceMad: 30 })).toEqual(["no_break_even"]);
    // Nothing invested: nothing to earn back.
    expect(codes({ ...losing, startupCosts: [], ownContributionMad: 0 })).toEqual(["negative_margin"]);
  });

  it("flags rent, transport and materials never answered while other monthly costs were", () => {
    expect(codes({ monthlyCosts: [{ kind: "salaries", amountMad: 2_000 }] })).toEqual(["missing_rent", "missing_transport", "missing_materials"]);
    expect(codes({ monthlyCosts: [{ kind: "rent", amountMad: 1_500 }] })).toEqual(["missing_transport", "missing_materials"]);
    // Answered 0 means "none" (working from home, selling online): not missing.
    expect(codes({ monthlyCosts: [{ kind: "rent", amountMad: 0 }, { kind: "transport", amountMad: 0 }, { kind: "materials", amountMad: 500 }] })).toEqual([]);
    // No monthly costs given at all (or not asked yet): nothing to compare with.
    expect(codes({ monthlyCosts: [] })).toEqual([]);
    expect(codes({ priceMad: 50 })).toEqual([]);
  });

  it("flags a break-even beyond 36 months, not at 36", () => {
    const slow = (investment: number): Canvas => ({ ...ACCEPTANCE, startupCosts: [{ label: "local", amountMad: investment }] });
    expect(computeNumbers(slow(288_000)).breakEvenMonths).toBe(36);
    expect(codes(slow(288_000))).toEqual([]);
    expect(flag(slow(288_001), "break_even_beyond_36_months")).toEqual({ code: "break_even_beyond_36_months", params: { months: 37 } });
  });

  it("flags an own contribution larger than the investment", () => {
    const rich: Canvas = { ...ACCEPTANCE, ownContributionMad: 40_000 };
    expect(codes(rich)).toEqual(["contribution_exceeds_investment"]);
    expect(flag(rich, "contribution_exceeds_investment")?.params).toEqual({ ownContributionMad: 40_000, investmentMad: 30_000 });
    expect(codes({ ...ACCEPTANCE, ownContributionMad: 30_000 })).toEqual([]);
    expect(codes({ ownContributionMad: 40_000 })).toEqual([]);
    expect(codes({ startupCosts: [], ownContributionMad: 1 })).toEqual(["contribution_exceeds_investment"]);
  });
});

describe("the cumulative cash", () => {
  it("starts at minus the investment and adds the margin each month: 13 points, crossing zero at the break-even", () => {
    const cash = cumulativeCash(ACCEPTANCE, computeNumbers(ACCEPTANCE));
    expect(cash).toHaveLength(13);
    expect(cash.slice(0, 6)).toEqual([-30_000, -22_000, -14_000, -6_000, 2_000, 10_000]);
    expect(cash[12]).toBe(66_000);
    expect(cash.findIndex((value) => value >= 0)).toBe(computeNumbers(ACCEPTANCE).breakEvenMonths);
  });

  it("takes another horizon, counts an unknown investment as none, and draws nothing without a margin", () => {
    expect(cumulativeCash(ACCEPTANCE, computeNumbers(ACCEPTANCE), 3)).toEqual([-30_000, -22_000, -14_000, -6_000]);
    const noInvestment: Canvas = { priceMad: 10, salesPerMonth: 10, monthlyCosts: [] };
    expect(cumulativeCash(noInvestment, computeNumbers(noInvestment), 2)).toEqual([0, 100, 200]);
    expect(cumulativeCash({ startupCosts: [{ label: "x", amountMad: 5 }] })).toEqual([]);
    expect(cumulativeCash(ACCEPTANCE, computeNumbers(ACCEPTANCE), -1)).toEqual([]);
  });

  it("goes down month after month on a losing project", () => {
    const losing: Canvas = { ...ACCEPTANCE, priceMad: 20 };
    const cash = cumulativeCash(losing);
    expect(cash[0]).toBe(-30_000);
    expect(cash[12]).toBe(-78_000);
  });
});

describe("money in each language", () => {
  it("writes dirhams the way people read them", () => {
    expect(formatMad(30_000, "fr")).toBe("30\u202F000\u00A0DH");
    expect(formatMad(30_000, "ar")).toBe("30.000\u00A0درهم");
    expect(formatMad(30_000, "ary")).toBe("30.000\u00A0درهم");
    expect(formatMad(12.5, "fr")).toBe("12,5\u00A0DH");
    expect(formatMad(0, "ar")).toBe("0\u00A0درهم");
    expect(formatMad(-0, "fr")).toBe("0\u00A0DH");
    expect(formatMad(-8_000, "fr")).toBe("-8\u202F000\u00A0DH");
    expect(formatMad(Number.NaN, "fr")).toBe("0\u00A0DH");
    // In Arabic the signed number is isolated left to right, so the minus stays before the digits.
    expect(formatMad(-8_000, "ar")).toBe("\u2066-8.000\u2069\u00A0درهم");
    expect(formatMad(-0.5, "ary")).toBe("\u2066-0,5\u2069\u00A0درهم");
  });
});
