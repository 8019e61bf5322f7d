import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { loadConfig } from "../../lib/config.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { errorSchema } from "./web-client.ts";

/** Abuse limits on the anonymous web chat, behind a trusted proxy (TRUST_PROXY) that names the client. */

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  runtime = await openTestRuntime({
    TRUST_PROXY: "true",
    WEBCHAT_SESSIONS_PER_HOUR_PER_ADDRESS: "3",
    WEBCHAT_MESSAGES_PER_MINUTE_PER_SESSION: "4",
    WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: "6",
    WEBCHAT_FRAME_ANCESTORS: "'self' https://minassati.ma",
  });
  app = createApp(runtime);
});
afterAll(() => runtime.close());

let addressSeq = 0;
const newAddress = () => `198.51.100.${(addressSeq += 1)}`;

function newSession(address: string) {
  return app.request("/api/v1/webchat/sessions", { method: "POST", headers: { "x-forwarded-for": `203.0.113.9, ${address}` } });
}

async function tokenFor(address: string): Promise<string> {
  const response = await newSession(address);
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

function send(address: string, token: string, id: number) {
  return app.request("/api/v1/webchat/messages", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ token, clientMessageId: `rate-limit-${id}`, start: true }),
  });
}

async function expectTooMany(response: Response) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(errorSchema.parse(await response.json()).error.code).toBe("too_many_requests");
}

describe("web chat rate limits", () => {
  it("refuses a fourth new session from one address within the hour with 429 and Retry-After; another address still gets one", async () => {
    const address = newAddress();
    for (let i = 0; i < 3; i += 1) expect((await newSession(address)).status).toBe(201);
    await expectTooMany(await newSession(address));
    expect((await newSession(newAddress())).status).toBe(201);
  });

  it("refuses a fifth message in a minute from one session", async () => {
    const address = newAddress();
    const token = await tokenFor(address);
    for (let i = 0; i < 4; i += 1) expect((await send(address, token, i)).status).toBe(200);
    await expectTooMany(await send(address, token, 99));
  });

  it("refuses messages past the address's allowance even across several sessions", async () => {
    const address = newAddress();
    const [a, b] = [await tokenFor(address), await tokenFor(address)];
    for (let i = 0; i < 3; i += 1) {
      expect((await send(address, a, 100 + i)).status).toBe(200);
      expect((await send(address, b, 200 + i)).status).toBe(200);
    }
    await expectTooMany(await send(address, a, 300));
  });
});

describe("headers", () => {
  it("lets only the allowed sites frame the web chat page, and marks every answer nosniff", async () => {
    const page = await app.request("/");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'self' https://minassati.ma");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    for (const path of ["/health", "/api/v1/programs", "/no/such/route"]) {
      expect((await app.request(path)).headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("refuses a frame-ancestors list that would inject another directive", () => {
    expect(() => loadConfig({ WEBCHAT_FRAME_ANCESTORS: "https://a.ma; script-src *" })).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
    expect(loadConfig({}).WEBCHAT_FRAME_ANCESTORS).toBe("'self'");
    expect(loadConfig({ WEBCHAT_FRAME_ANCESTORS: "https://minassati.ma https://*.um6p.ma:8443" }).WEBCHAT_FRAME_ANCESTORS).toBe("https://minassati.ma https://*.um6p.ma:8443");
  });

  it("frames the page only from its own origin by default", async () => {
    const plain = createApp({ ...runtime, config: { ...runtime.config, WEBCHAT_FRAME_ANCESTORS: "'self'" } });
    expect((await plain.request("/")).headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
  });
});
