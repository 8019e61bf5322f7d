import type { Canvas, MonthlyCostKind, ProjectFlag, ProjectNumbers } from "./types.ts";

/**
 * The numbers an advisor would work out in the first meeting, from the canvas alone.
 * Pure. Every field may be missing (skipped, not asked yet): a figure that needs a
 * missing input is `null`, never a guess, never NaN or Infinity. Amounts that are not
 * finite non-negative numbers (a corrupted canvas) count as missing.
 *
 * - investment = sum of the start-up costs (an empty list is 0: "nothing to buy");
 * - funding need = max(0, investment − own contribution), null unless both are known
 *   (a skipped contribution is unknown, not zero: the advisor asks);
 * - monthly revenue = price × sales per month;
 * - monthly costs = sum of the monthly costs given (an empty list is 0);
 * - monthly margin = revenue − costs;
 * - break-even = ceil(investment / margin) months when the margin is positive (no
 *   investment: 0 months), null when the margin is zero or negative.
 */
export function computeNumbers(canvas: Canvas): ProjectNumbers {
  const investment = canvas.startupCosts ? sum(canvas.startupCosts.map((item) => amount(item.amountMad))) : null;
  const own = amount(canvas.ownContributionMad);
  const price = amount(canvas.priceMad);
  const sales = amount(canvas.salesPerMonth);
  const revenue = price !== null && sales !== null ? cents(price * sales) : null;
  const costs = canvas.monthlyCosts ? sum(canvas.monthlyCosts.map((cost) => amount(cost.amountMad))) : null;
  const margin = revenue !== null && costs !== null ? cents(revenue - costs) : null;
  return {
    investmentMad: investment,
    fundingNeedMad: investment !== null && own !== null ? Math.max(0, cents(investment - own)) : null,
    monthlyRevenueMad: revenue,
    monthlyCostsMad: costs,
    monthlyMarginMad: margin,
    breakEvenMonths: breakEven(investment, margin),
  };
}

function breakEven(investment: number | null, margin: number | null): number | null {
  if (investment === null || margin === null || margin <= 0) return null;
  return investment === 0 ? 0 : Math.ceil(investment / margin);
}

/** Beyond this, the advisor will want to look again at the price, the volume or the costs. */
export const BREAK_EVEN_ALERT_MONTHS = 36;

/** Costs that nearly every activity has; left out while other monthly costs were given, they are flagged. */
const EXPECTED_COSTS = ["rent", "transport", "materials"] as const satisfies readonly MonthlyCostKind[];

/**
 * What does not hold, in the order the sheet shows it. Params (amounts in MAD, keys
 * ending in `Mad` are money):
 * - `price_below_cost` { priceMad, unitCostMad }: the price is below the materials cost
 *   of one sale (materials per month ÷ sales per month);
 * - `negative_margin` { marginMad };
 * - `missing_rent` / `missing_transport` / `missing_materials` {}: the kind was never
 *   answered while other monthly costs were (answered 0 means "none", not missing);
 * - `break_even_beyond_36_months` { months };
 * - `no_break_even` { investmentMad }: something to earn back, and a margin ≤ 0;
 * - `contribution_exceeds_investment` { ownContributionMad, investmentMad }.
 */
export function computeFlags(canvas: Canvas, numbers: ProjectNumbers): ProjectFlag[] {
  const flags: ProjectFlag[] = [];
  const unitCost = materialsPerSale(canvas);
  const price = amount(canvas.priceMad);
  if (price !== null && unitCost !== null && price < unitCost) {
    flags.push({ code: "price_below_cost", params: { priceMad: price, unitCostMad: unitCost } });
  }
  const margin = numbers.monthlyMarginMad;
  if (margin !== null && margin < 0) flags.push({ code: "negative_margin", params: { marginMad: margin } });
  const given = canvas.monthlyCosts ?? [];
  if (given.length > 0) {
    for (const kind of EXPECTED_COSTS) {
      if (!given.some((cost) => cost.kind === kind)) flags.push({ code: `missing_${kind}`, params: {} });
    }
  }
  const months = numbers.breakEvenMonths;
  if (months !== null && months > BREAK_EVEN_ALERT_MONTHS) flags.push({ code: "break_even_beyond_36_months", params: { months } });
  const investment = numbers.investmentMad;
  if (investment !== null && investment > 0 && margin !== null && margin <= 0) {
    flags.push({ code: "no_break_even", params: { investmentMad: investment } });
  }
  const own = amount(canvas.ownContributionMad);
  if (own !== null && investment !== null && own > investment) {
    flags.push({ code: "contribution_exceeds_investment", params: { ownContributionMad: own, investmentMad: investment } });
  }
  return flags;
}

/** Materials cost of one sale, or null when the materials or a positive volume are unknown. */
function materialsPerSale(canvas: Canvas): number | null {
  const sales = amount(canvas.salesPerMonth);
  const materials = canvas.monthlyCosts?.filter((cost) => cost.kind === "materials");
  if (sales === null || sales === 0 || !materials || materials.length === 0) return null;
  return cents(sum(materials.map((cost) => amount(cost.amountMad))) / sales);
}

/**
 * The project's cumulative cash, month by month: month 0 is the investment spent
 * (−investment; the own contribution is where the money comes from, not a gain), then
 * each month adds the margin. `months + 1` points (months 0…12 by default), so the curve
 * crosses zero at the break-even month. Empty when the margin is unknown (nothing
 * honest to draw); an unknown investment counts as none.
 */
export function cumulativeCash(canvas: Canvas, numbers: ProjectNumbers = computeNumbers(canvas), months = 12): number[] {
  const margin = numbers.monthlyMarginMad;
  if (margin === null || !Number.isInteger(months) || months < 0) return [];
  const start = -(numbers.investmentMad ?? 0);
  return Array.from({ length: months + 1 }, (_, month) => cents(start + margin * month));
}

/** A usable amount: finite and not negative, else missing. */
function amount(value: number | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Sum of the known amounts (unknown items add nothing). */
function sum(values: readonly (number | null)[]): number {
  return cents(values.reduce<number>((total, value) => total + (value ?? 0), 0));
}

/** Rounded to the centime, so 0.1 + 0.2 shows as 0.3 and sums compare exactly. */
function cents(value: number): number {
  return Math.round(value * 100) / 100 + 0; // + 0 turns −0 into 0
}
