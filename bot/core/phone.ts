/**
 * A phone number in international form (+212…), or null when it cannot be one. Moroccan
 * numbers are often written locally (06…, 07…, 05…): those get the +212 prefix.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, "");
  const digits = compact.replace(/^\+|^00/, "");
  if (!/^\d{6,15}$/.test(digits)) return null;
  if (compact.startsWith("+") || compact.startsWith("00")) return `+${digits}`;
  if (/^0[5-7]\d{8}$/.test(digits)) return `+212${digits.slice(1)}`;
  return `+${digits}`;
}
