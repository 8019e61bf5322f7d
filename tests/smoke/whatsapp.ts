import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReport, freePort, startServer, stopServer } from "./support.ts";

/**
 * `npm run test:whatsapp`: `npm start` with WHATSAPP_ENABLED=true and no paired phone
 * (and, here, no network): the other channels keep serving, and an admin sees the
 * WhatsApp connection state and, when WhatsApp Web offers one, the pairing QR code.
 */
const report = createReport("whatsapp");
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-whatsapp-"));
const admin = { email: "admin@rafiq.test", password: "smoke-test-password" };
const env = { DATA_DIR: dataDir, LOG_LEVEL: "error", WHATSAPP_ENABLED: "true", ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password };

try {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port, env);

  const session = (await (await fetch(`${base}/api/v1/webchat/sessions`, { method: "POST" })).json()) as { token: string };
  const reply = await fetch(`${base}/api/v1/webchat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: session.token, clientMessageId: "smoke-message-1", start: true }),
  });
  const body = (await reply.json()) as { messages?: { choices?: unknown[] }[] };
  if (reply.status !== 200) process.stderr.write(`web chat answered ${reply.status}: ${JSON.stringify(body)}\n`);
  report.check(reply.status === 200 && body.messages?.[0]?.choices?.length === 3, "the web chat keeps answering while WhatsApp is not paired");

  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(admin) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  report.check(login.status === 200 && cookie.startsWith("rafiq_session="), "the admin from ADMIN_EMAIL/ADMIN_PASSWORD logs in");

  const anonymous = await fetch(`${base}/api/v1/admin/whatsapp/status`);
  report.check(anonymous.status === 401, "the WhatsApp status is for admins only (401 without login)");
  const status = (await (await fetch(`${base}/api/v1/admin/whatsapp/status`, { headers: { cookie } })).json()) as { enabled?: boolean; status?: string; lastError?: string };
  report.check(status.enabled === true && ["starting", "qr", "failed", "disconnected"].includes(status.status ?? ""), `an admin sees the connection state (${status.status}${status.lastError ? `: ${status.lastError.slice(0, 80)}` : ""})`);
  const qr = await fetch(`${base}/api/v1/admin/whatsapp/qr`, { headers: { cookie } });
  const type = qr.headers.get("content-type") ?? "";
  report.check(
    (qr.status === 200 && type === "image/png") || (qr.status === 404 && status.status !== "qr"),
    `the QR code is served as a PNG when WhatsApp offers one, 404 otherwise (${qr.status} ${type})`,
  );
  report.check((await stopServer(server)) === 0, "SIGTERM stops cleanly, browser included");
} catch (error) {
  report.fail(error);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
report.finish();
