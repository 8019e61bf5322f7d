import type { ApiTokenScope } from "../../db/schema/index.ts";

/** Writes each scope adds to reading: paths under these prefixes. */
const WRITES: Record<Exclude<ApiTokenScope, "read" | "admin">, readonly string[]> = {
  programs: ["/api/v1/admin/programs"],
  broadcasts: ["/api/v1/admin/broadcasts"],
};

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What an API token may do, on top of its owner's role (which still decides): `read` only
 * reads; `programs` also edits the catalogue; `broadcasts` also writes and sends
 * announcements; `admin` does all the owner's role allows. Checked on every call.
 */
export function tokenAllows(scope: ApiTokenScope, method: string, path: string): boolean {
  if (scope === "admin" || READ_METHODS.has(method.toUpperCase())) return true;
  if (scope === "read") return false;
  return WRITES[scope].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
