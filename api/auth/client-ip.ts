import { isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The caller's address, for throttling and the audit log; null when unknown.
 * X-Forwarded-For is only believed behind a proxy we trust (TRUST_PROXY), and then only
 * its last hop: that is the one our proxy appended; earlier hops are whatever the client sent.
 */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
    const last = hops.at(-1);
    if (last && isIP(last)) return last;
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address && isIP(address) ? address : null;
  } catch {
    // app.request() in tests and non-Node runtimes have no socket behind the context.
    return null;
  }
}
