import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkTemplate, sendSchema, type ApprovedTemplate, type SendRequest } from "./graph-schema.ts";

/**
 * A fake of Meta's Graph API for the WhatsApp Cloud API, on 127.0.0.1 (no maintained
 * emulator installs from the registry). It records every send, checks each against
 * Meta's documented shapes and limits (graph-schema.ts) and the approved templates,
 * enforces the 24-hour window (131047), the number's throughput (130429: a bucket of one
 * second's worth) and the pair limit (131056: `pairBurst` at once, then one per
 * `pairIntervalMs`) when asked, serves media, and sends signed webhooks the way Meta
 * does (non-ASCII escaped as \uXXXX, then HMAC-SHA256 of those bytes).
 */
export interface FakeGraphOptions {
  token: string;
  phoneNumberId: string;
  appSecret: string;
  templates?: ApprovedTemplate[];
  /** Free-form messages only within 24 h of the person's last message (default true). */
  enforceWindow?: boolean;
  throughputPerSecond?: number;
  pair?: { intervalMs: number; burst: number };
  /** After each accepted send, Meta's statuses (sent, delivered, read) to the webhook. */
  statuses?: boolean;
  /** The fake's clock in ms (windows, timestamps); default the real one, moved by advance(). */
  clock?: () => number;
}

export interface RecordedSend {
  to: string;
  request: unknown;
  ok: boolean;
  /** Meta's error code when refused. */
  code?: number;
  error?: string;
  wamid?: string;
  /** performance.now() when it arrived. */
  at: number;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

export type FakeGraph = Awaited<ReturnType<typeof startFakeGraph>>;

export async function startFakeGraph(options: FakeGraphOptions) {
  const sends: RecordedSend[] = [];
  const lastInbound = new Map<string, number>();
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  /** Media ids the app asked about: never one before the person's consent. */
  const mediaLookups: string[] = [];
  let offsetMs = 0;
  let webhookUrl: string | null = null;
  let throughput = { tokens: options.throughputPerSecond ?? 0, at: performance.now() };
  const pairs = new Map<string, { tokens: number; at: number }>();
  const failures: { to: string | null; code: number; message: string }[] = [];
  const statusDeliveries: Promise<unknown>[] = [];
  let counter = 0;

  const now = () => (options.clock ? options.clock() : Date.now()) + offsetMs;
  const server = createServer((req, res) => void handle(req, res).catch((error: unknown) => reply(res, 500, { error: { message: String(error), code: 1 } })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", url).pathname;
    if (req.headers.authorization !== `Bearer ${options.token}`) return reply(res, 401, { error: { message: "Invalid OAuth access token", type: "OAuthException", code: 190 } });
    const bytesMatch = /^\/media-bytes\/([\w.-]+)$/.exec(path);
    if (bytesMatch) {
      const item = media.get(bytesMatch[1] ?? "");
      if (!item) return reply(res, 404, { error: { message: "no such media", code: 100 } });
      res.writeHead(200, { "content-type": item.mimeType, "content-length": String(item.bytes.byteLength) });
      return res.end(item.bytes);
    }
    const messages = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(path);
    if (messages && req.method === "POST") return send(res, messages[1] ?? "", await readBody(req));
    const mediaInfo = /^\/v\d+\.\d+\/([\w.-]+)$/.exec(path);
    if (mediaInfo && req.method === "GET") {
      mediaLookups.push(mediaInfo[1] ?? "");
      const id = mediaInfo[1] ?? "";
      const item = media.get(id);
      if (!item) return reply(res, 404, { error: { message: "Unsupported get request", code: 100 } });
      return reply(res, 200, { id, url: `${url}/media-bytes/${id}`, mime_type: item.mimeType, file_size: item.bytes.byteLength, sha256: "x", messaging_product: "whatsapp" });
    }
    return reply(res, 404, { error: { message: `Unknown path ${path}`, code: 100 } });
  }

  function send(res: ServerResponse, phoneId: string, raw: string) {
    const at = performance.now();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(res, 400, { error: { message: "invalid JSON", code: 100 } });
    }
    const to = typeof body === "object" && body !== null && "to" in body ? String((body as { to: unknown }).to) : "";
    const refuse = (status: number, code: number, message: string) => {
      sends.push({ to, request: body, ok: false, code, error: message, at });
      return reply(res, status, { error: { message, type: "OAuthException", code, error_data: { messaging_product: "whatsapp", details: message } } });
    };
    if (phoneId !== options.phoneNumberId) return refuse(400, 100, `Unsupported post request: phone number ${phoneId}`);
    const parsed = sendSchema.safeParse(body);
    if (!parsed.success) return refuse(400, 100, `(#100) Invalid parameter: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    const request: SendRequest = parsed.data;
    const scripted = failures.findIndex((f) => f.to === null || f.to === request.to);
    if (scripted !== -1) {
      const [failure] = failures.splice(scripted, 1);
      if (failure) return refuse(400, failure.code, failure.message);
    }
    if (options.throughputPerSecond && !takeThroughput(at)) return refuse(400, 130429, "Rate limit hit");
    if (options.pair && !takePair(request.to, at)) return refuse(400, 131056, "(Business Account, Consumer Account) pair rate limit hit");
    if (request.type === "template") {
      const problem = checkTemplate(request, options.templates ?? []);
      if (problem) return refuse(400, problem.code, problem.message);
    } else if ((options.enforceWindow ?? true) && now() - (lastInbound.get(request.to) ?? -Infinity) > WINDOW_MS) {
      return refuse(400, 131047, "Re-engagement message");
    }
    const wamid = `wamid.${randomBytes(12).toString("base64url")}${(counter += 1)}`;
    sends.push({ to: request.to, request, ok: true, wamid, at });
    reply(res, 200, { messaging_product: "whatsapp", contacts: [{ input: request.to, wa_id: request.to }], messages: [{ id: wamid }] });
    if (options.statuses && webhookUrl) statusDeliveries.push(deliverStatuses(wamid, request.to));
  }

  function takeThroughput(at: number): boolean {
    const rate = options.throughputPerSecond ?? 0;
    throughput = { tokens: Math.min(rate, throughput.tokens + ((at - throughput.at) / 1000) * rate), at };
    if (throughput.tokens < 1) return false;
    throughput.tokens -= 1;
    return true;
  }

  function takePair(to: string, at: number): boolean {
    const { intervalMs, burst } = options.pair ?? { intervalMs: 0, burst: 1 };
    const bucket = pairs.get(to) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + (at - bucket.at) / intervalMs);
    bucket.at = at;
    pairs.set(to, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  async function deliverStatuses(wamid: string, to: string) {
    for (const status of ["sent", "delivered", "read"] as const) await webhook(statusPayload(options.phoneNumberId, { wamid, status, to, at: now() }));
  }

  /** Posts a payload to the app's webhook as Meta does; `signature` replaces the right one (a forgery). */
  async function webhook(payload: unknown, signature?: string): Promise<{ status: number; ms: number; body: string }> {
    if (!webhookUrl) throw new Error("no webhook URL set on the fake Graph API");
    const raw = metaJson(payload);
    const started = performance.now();
    const response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature ?? `sha256=${createHmac("sha256", options.appSecret).update(raw).digest("hex")}` },
      body: raw,
    });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  }

  return {
    url,
    now,
    /** Moves the fake's clock (windows, message timestamps) forward. */
    advance(ms: number) {
      offsetMs += ms;
    },
    setWebhook(target: string) {
      webhookUrl = target;
    },
    webhook,
    /** A person's message, signed and posted to the webhook; it opens their window here too. */
    async inbound(from: string, message: Record<string, unknown>, extra: { id?: string } = {}) {
      const id = extra.id ?? `wamid.in.${randomBytes(10).toString("hex")}`;
      lastInbound.set(from, now());
      const result = await webhook(messagePayload(options.phoneNumberId, from, { id, timestamp: String(Math.floor(now() / 1000)), ...message }));
      return { ...result, id };
    },
    /** The person's window closes here (their last message now 25 hours old). */
    expireWindow(from: string) {
      lastInbound.set(from, now() - WINDOW_MS - 3_600_000);
    },
    addMedia(id: string, bytes: Buffer, mimeType: string) {
      media.set(id, { bytes, mimeType });
    },
    /** The next send (to `to`, or anyone) fails with this Meta error code. */
    failNext(code: number, message: string, to: string | null = null) {
      failures.push({ to, code, message });
    },
    sends,
    mediaLookups,
    sentTo: (to: string) => sends.filter((send) => send.ok && send.to === to),
    refused: (code?: number) => sends.filter((send) => !send.ok && (code === undefined || send.code === code)),
    async waitFor<T>(check: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`the fake Graph API did not see it within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await Promise.allSettled(statusDeliveries);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON as Meta sends it: non-ASCII characters escaped as \uXXXX and "/" as "\/". */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\//g, "\\/");
}

function change(phoneNumberId: string, field: string, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "WABA-1", changes: [{ field, value: { messaging_product: "whatsapp", metadata: { display_phone_number: "212500000000", phone_number_id: phoneNumberId }, ...value } }] }],
  };
}

export function messagePayload(phoneNumberId: string, from: string, message: Record<string, unknown>) {
  return change(phoneNumberId, "messages", { contacts: [{ profile: { name: "Test" }, wa_id: from }], messages: [{ from, ...message }] });
}

export function statusPayload(phoneNumberId: string, status: { wamid: string; status: string; to: string; at: number; error?: { code: number; title: string } }) {
  return change(phoneNumberId, "messages", {
    statuses: [
      {
        id: status.wamid,
        status: status.status,
        timestamp: String(Math.floor(status.at / 1000)),
        recipient_id: status.to,
        ...(status.error ? { errors: [status.error] } : {}),
      },
    ],
  });
}

export function preferencePayload(phoneNumberId: string, waId: string, value: "stop" | "resume") {
  return change(phoneNumberId, "user_preferences", {
    contacts: [{ wa_id: waId }],
    user_preferences: [{ wa_id: waId, detail: "User requested to stop marketing messages", category: "marketing_messages", value, timestamp: Math.floor(Date.now() / 1000) }],
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
