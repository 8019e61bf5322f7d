import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminWhatsAppRoutes } from "../../api/admin/whatsapp-routes.ts";
import { createApp } from "../../api/app.ts";
import { DeliveryError } from "../../bot/core/outbox.ts";
import { auditLog } from "../../db/schema/index.ts";
import { addStaff, jsonOf, loginCookie } from "../api/staff-helpers.ts";
import { lastChoiceIds, webChat } from "../webchat/web-client.ts";
import { FakeWhatsAppClient, incoming, uniqueChatId } from "./fake-client.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { openWhatsApp, until, type TestRuntime, type WhatsAppHarness } from "./harness.ts";

let runtime: TestRuntime;
let wa: WhatsAppHarness | undefined;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());
afterEach(async () => {
  await wa?.close();
  wa = undefined;
});

const QR = "2@Fak3QrRef0123456789,c3RhdGljS2V5QmFzZTY0,aWRlbnRpdHlLZXk=,YWR2U2VjcmV0,1";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A session that is not paired: initialize shows a QR code, as WhatsApp Web does. */
function unpairedClient(): FakeWhatsAppClient {
  const client = new FakeWhatsAppClient();
  client.onInitialize = async (self) => {
    self.emit("qr", QR);
  };
  return client;
}

/**
 * The app with the routes under /api/v1/admin/whatsapp. Until api/app.ts mounts them from
 * `deps.whatsapp`, the test mounts them itself; once it does, its mount answers first.
 */
function appWith(harness: WhatsAppHarness, whatsapp: Parameters<typeof adminWhatsAppRoutes>[1]) {
  const deps = { ...harness.runtime, whatsapp };
  const app = createApp(deps);
  app.route("/api/v1/admin/whatsapp", adminWhatsAppRoutes(deps, whatsapp));
  return app;
}

describe("pairing", () => {
  it("keeps the QR code, prints it in the terminal, and serves it as a PNG to an admin only", async () => {
    wa = await openWhatsApp(runtime, { client: unpairedClient(), waitReady: false });
    const harness = wa;
    await until(() => harness.channel.state().status === "qr", "the QR state");
    expect(harness.channel.state()).toMatchObject({ status: "qr", qrAvailable: true, reconnectAttempts: 0 });
    expect(harness.qrPrinted).toEqual([QR]);
    expect(harness.logs.lines.some((line) => line.adminQrPath === "/api/v1/admin/whatsapp/qr")).toBe(true);

    const app = appWith(harness, harness.channel);
    const anonymous = await app.request("/api/v1/admin/whatsapp/qr");
    expect(anonymous.status).toBe(401);
    const advisor = await addStaff(harness.runtime.database, "advisor", harness.runtime.clock.now());
    const forbidden = await app.request("/api/v1/admin/whatsapp/qr", { headers: { cookie: await loginCookie(app, advisor) } });
    expect(forbidden.status).toBe(403);
    expect((await app.request("/api/v1/admin/whatsapp/status", { headers: { cookie: await loginCookie(app, advisor) } })).status).toBe(403);

    const admin = await addStaff(harness.runtime.database, "admin", harness.runtime.clock.now());
    const cookie = await loginCookie(app, admin);
    const png = await app.request("/api/v1/admin/whatsapp/qr", { headers: { cookie } });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const audited = await harness.runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "whatsapp.qr_viewed"), eq(auditLog.actorId, admin.id)));
    expect(audited).toHaveLength(1);

    const status = await app.request("/api/v1/admin/whatsapp/status", { headers: { cookie } });
    expect(await jsonOf(status)).toEqual({
      enabled: true,
      status: "qr",
      qrAvailable: true,
      since: harness.runtime.clock.now().toISOString(),
      reconnectAttempts: 0,
    });

    // Scanned: the QR code is gone.
    harness.client.emit("authenticated");
    harness.client.emit("ready");
    expect(harness.channel.state()).toMatchObject({ status: "ready", qrAvailable: false });
    const gone = await app.request("/api/v1/admin/whatsapp/qr", { headers: { cookie } });
    expect(gone.status).toBe(404);
    expect(await jsonOf(gone)).toMatchObject({ error: { code: "no_qr" } });
  });

  it("says WhatsApp is disabled when the channel is off", async () => {
    wa = await openWhatsApp(runtime);
    const app = appWith(wa, null);
    const admin = await addStaff(wa.runtime.database, "admin", wa.runtime.clock.now());
    const cookie = await loginCookie(app, admin);
    expect(await jsonOf(await app.request("/api/v1/admin/whatsapp/status", { headers: { cookie } }))).toEqual({ enabled: false });
    const qr = await app.request("/api/v1/admin/whatsapp/qr", { headers: { cookie } });
    expect(qr.status).toBe(404);
    expect(await jsonOf(qr)).toMatchObject({ error: { code: "no_qr" } });
  });
});

describe("staying connected", () => {
  it("logs a disconnect and reconnects: the old client is closed and initialized again", async () => {
    wa = await openWhatsApp(runtime);
    const harness = wa;
    expect(harness.client.initializeCalls).toBe(1);
    harness.client.emit("disconnected", "CONFLICT");
    expect(harness.channel.state()).toMatchObject({ status: "disconnected", lastError: "disconnected: CONFLICT", reconnectAttempts: 1 });

    await until(() => harness.client.initializeCalls === 2, "a second initialize");
    expect(harness.client.destroyCalls).toBeGreaterThanOrEqual(1);
    await until(() => harness.channel.state().status === "ready", "ready again");
    expect(harness.channel.state().reconnectAttempts).toBe(0);
    const logged = harness.logs.messages();
    expect(logged).toContain("WhatsApp disconnected");
    expect(logged).toContain("WhatsApp reconnecting: closing the old client, starting a new one");

    // And the conversation goes on.
    const chat = uniqueChatId();
    expect(await harness.exchange(incoming(chat, { body: "salam" }))).toHaveLength(1);
  });

  it("starts even when Chromium cannot be launched, keeps retrying, and the web chat still answers", async () => {
    const client = new FakeWhatsAppClient();
    client.onInitialize = async () => {
      throw new Error("Browser was not found at the configured executablePath (/usr/bin/chromium)");
    };
    wa = await openWhatsApp(runtime, { client, waitReady: false });
    const harness = wa;
    await until(() => harness.channel.state().status === "failed", "the failed state");
    expect(harness.channel.state()).toMatchObject({ status: "failed", qrAvailable: false, lastError: expect.stringContaining("executablePath") });
    await until(() => client.initializeCalls >= 3, "retries in the background");
    expect(harness.channel.state().reconnectAttempts).toBeGreaterThanOrEqual(2);

    const web = await webChat(createApp(harness.runtime));
    expect(lastChoiceIds((await web.start()).messages)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);

    await harness.channel.stop();
    const calls = client.initializeCalls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.initializeCalls).toBe(calls); // stop() ends the retries
  });
});

describe("sending", () => {
  it("asks the outbox to retry later while WhatsApp is not connected", async () => {
    wa = await openWhatsApp(runtime, { client: unpairedClient(), waitReady: false });
    const harness = wa;
    await until(() => harness.channel.state().status === "qr", "the QR state");
    const failure = await harness.channel.sender.send(uniqueChatId(), { kind: "text", text: "hello" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ permanent: false, unreachable: false });
  });

  it("gives up for good, and marks the person unreachable, when the number is not on WhatsApp", async () => {
    wa = await openWhatsApp(runtime);
    const invalid = await wa.channel.sender.send("120363041234567890@g.us", { kind: "text", text: "x" }).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ permanent: true, unreachable: true });
    wa.client.onSend = () => new Error("Evaluation failed: Error: wid error: invalid wid");
    const thrown = await wa.channel.sender.send(uniqueChatId(), { kind: "text", text: "x" }).catch((error: unknown) => error);
    expect(thrown).toMatchObject({ permanent: true, unreachable: true });
    wa.client.onSend = () => "no-chat";
    const noChat = await wa.channel.sender.send(uniqueChatId(), { kind: "text", text: "x" }).catch((error: unknown) => error);
    expect(noChat).toMatchObject({ permanent: true, unreachable: true });
    wa.client.onSend = () => new Error("Protocol error (Runtime.callFunctionOn): Target closed");
    const closed = await wa.channel.sender.send(uniqueChatId(), { kind: "text", text: "x" }).catch((error: unknown) => error);
    expect(closed).toMatchObject({ permanent: false });
    // A browser that is gone is not waited for: the session is restarted.
    const harness = wa;
    expect(harness.logs.messages()).toContain("WhatsApp's browser seems gone; reconnecting");
    await until(() => harness.client.initializeCalls === 2, "a new initialize");
  });
});
