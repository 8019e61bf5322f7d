import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Config } from "../lib/config.ts";
import { publicUrlOf } from "../lib/runtime.ts";
import { errorBody } from "./errors.ts";
import { MAX_JSON_BODY_BYTES, refuseUnsafeText } from "./validate.ts";

/** A year: browsers then refuse plain http to this host, the usual HSTS lifetime. */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Cookies are `Secure` unless people reach the app over plain http on this machine (trying
 * it locally): anywhere else, a session cookie must never travel in clear.
 */
export function cookiesSecure(config: Pick<Config, "PUBLIC_URL" | "PORT">): boolean {
  const url = new URL(publicUrlOf(config));
  return !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
}

/**
 * Headers on every response: `nosniff` (a JSON answer is never run as a script or a page),
 * and HSTS when the public address is https (it is then only ever reached over TLS).
 */
export function securityHeaders(config: Pick<Config, "PUBLIC_URL">): MiddlewareHandler {
  const hsts = config.PUBLIC_URL?.startsWith("https:") ? `max-age=${HSTS_MAX_AGE_S}` : null;
  return async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    if (hsts) c.res.headers.set("Strict-Transport-Security", hsts);
  };
}

/**
 * The body size is enforced while it streams in (and at once from Content-Length), so a
 * huge body is cut off instead of being read whole first. Routes with a larger need (the
 * Telegram webhook) set their own limit and are skipped here.
 */
export function appBodyLimit(skip: ReadonlySet<string>): MiddlewareHandler {
  const limit = limitBody({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: (c) => c.json(errorBody("payload_too_large", `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`), 413),
  });
  return (c, next) => (skip.has(c.req.path) ? next() : limit(c, next));
}

/**
 * Hono's `bodyLimit`, without its cost when the size is known: a request that states its
 * Content-Length (and no Transfer-Encoding, as Node's parser then trusts it) is checked from
 * the header alone. Hono's own middleware first reads `c.req.raw.body`, which makes
 * @hono/node-server build a full WHATWG Request and stream for every request instead of
 * reading the body straight from the socket (5-8 % of Rafiq's CPU on the Telegram webhook).
 * A body of unknown length (chunked) still streams through Hono's counting reader.
 */
export function limitBody(options: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const streamed = bodyLimit(options);
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number(length) > options.maxSize ? Promise.resolve(options.onError(c)) : next();
    }
    return streamed(c, next);
  };
}

/**
 * A path whose escapes decode to U+0000, a lone surrogate or invalid UTF-8 is refused with
 * a 400 before any route reads its parameters into a query.
 */
export function refuseUnsafePath(): MiddlewareHandler {
  return async (c, next) => {
    const raw = new URL(c.req.url).pathname;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return c.json(errorBody("invalid_path", "the address is not valid UTF-8"), 400);
    }
    refuseUnsafeText(decoded);
    return next();
  };
}
