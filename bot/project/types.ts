import type { Sector } from "../eligibility/types.ts";

/**
 * The project canvas (an income-generating activity, AGR) as the person fills it in the
 * chat, one question at a time, every field optional (skippable, revisable). Amounts are
 * in dirhams (MAD). Shared by the flow, the calculations, the sheet page and the coach.
 */

export const LEGAL_FORMS = ["auto_entrepreneur", "cooperative", "association", "company", "undecided"] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** Kinds of monthly cost the canvas asks about by name (missing ones are flagged). */
export const MONTHLY_COST_KINDS = ["rent", "materials", "transport", "salaries", "other"] as const;
export type MonthlyCostKind = (typeof MONTHLY_COST_KINDS)[number];

export interface CostItem {
  label: string;
  amountMad: number;
}

export interface MonthlyCost {
  kind: MonthlyCostKind;
  amountMad: number;
  /** What the person wrote for `other`. */
  label?: string;
}

export interface Canvas {
  /** The idea in one sentence. */
  idea?: string;
  sector?: Sector;
  /** Who the customers are and where. */
  customers?: string;
  /** What is sold. */
  offer?: string;
  /** Price of one sale (one product or service), MAD. */
  priceMad?: number;
  /** Expected sales per month (units). */
  salesPerMonth?: number;
  /** Start-up costs as a list of items. */
  startupCosts?: CostItem[];
  /** Monthly costs by kind; a kind answered 0 means "none", absent means "not asked yet". */
  monthlyCosts?: MonthlyCost[];
  ownContributionMad?: number;
  legalForm?: LegalForm;
  team?: string;
  worries?: string;
}

export type CanvasField = keyof Canvas;

/** The canvas steps in the order they are asked. */
export const CANVAS_STEPS = [
  "idea",
  "sector",
  "customers",
  "offer",
  "priceMad",
  "salesPerMonth",
  "startupCosts",
  "monthlyCosts",
  "ownContributionMad",
  "legalForm",
  "team",
  "worries",
] as const satisfies readonly CanvasField[];

/** What the assistant computes from the canvas; null when the inputs are missing. */
export interface ProjectNumbers {
  investmentMad: number | null;
  fundingNeedMad: number | null;
  monthlyRevenueMad: number | null;
  monthlyCostsMad: number | null;
  monthlyMarginMad: number | null;
  /** Months of margin to earn back the investment; null when it never happens or is unknown. */
  breakEvenMonths: number | null;
}

export const FLAG_CODES = [
  "price_below_cost",
  "negative_margin",
  "missing_rent",
  "missing_transport",
  "missing_materials",
  "break_even_beyond_36_months",
  "no_break_even",
  "contribution_exceeds_investment",
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

/** Something in the numbers that does not hold, with what is needed to say it in words. */
export interface ProjectFlag {
  code: FlagCode;
  params: Record<string, number | string>;
}
