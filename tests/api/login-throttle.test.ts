import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FREE_FAILURES_PER_EMAIL, FREE_FAILURES_PER_IP } from "../../api/auth/throttle.ts";
import { auditLog } from "../../db/schema/index.ts";
import { addStaff, jsonOf, openApi, postLogin, uniqueEmail } from "./staff-helpers.ts";

// TRUST_PROXY lets the tests choose the client address through X-Forwarded-For.
let api: Awaited<ReturnType<typeof openApi>>;
beforeAll(async () => {
  api = await openApi({ TRUST_PROXY: "true" });
});
afterAll(() => api.close());

const SECOND_MS = 1000;

function randomIp(): string {
  const byte = () => Math.floor(Math.random() * 250) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

describe("login throttling", () => {
  it("answers 429 with Retry-After after five failures, backs off further, and forgets them after a success", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    for (let attempt = 0; attempt < FREE_FAILURES_PER_EMAIL; attempt += 1) {
      expect((await postLogin(api.app, staff.email, "wrong-password")).status).toBe(401);
    }
    // Locked even with the right password: the lock is about the email, not the guess.
    const locked = await postLogin(api.app, staff.email, staff.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("30");
    expect(await jsonOf(locked)).toMatchObject({ error: { code: "too_many_attempts", details: { retryAfterSeconds: 30 } } });

    api.runtime.clock.advance(31 * SECOND_MS);
    expect((await postLogin(api.app, staff.email, "wrong-again")).status).toBe(401);
    const longer = await postLogin(api.app, staff.email, staff.password);
    expect(longer.status).toBe(429);
    expect(longer.headers.get("retry-after")).toBe("60");

    api.runtime.clock.advance(61 * SECOND_MS);
    expect((await postLogin(api.app, staff.email, staff.password)).status).toBe(200);
    api.runtime.clock.advance(SECOND_MS);
    expect((await postLogin(api.app, staff.email, "one-typo")).status).toBe(401);
    expect((await postLogin(api.app, staff.email, staff.password)).status).toBe(200);
  });

  it("counts a burst of parallel guesses one by one, so only the allowance gets through", async () => {
    const email = uniqueEmail("burst");
    const burst = await Promise.all(Array.from({ length: 8 }, () => postLogin(api.app, email, "parallel-guess")));
    const statuses = burst.map((response) => response.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it("lets failures older than the window fall out of the count", async () => {
    const email = uniqueEmail("old-failures");
    for (let attempt = 0; attempt < FREE_FAILURES_PER_EMAIL; attempt += 1) await postLogin(api.app, email, "guess");
    expect((await postLogin(api.app, email, "guess")).status).toBe(429);
    api.runtime.clock.advance(16 * 60 * SECOND_MS);
    expect((await postLogin(api.app, email, "guess")).status).toBe(401);
  });

  it("adds a small delay to each failed login", async () => {
    const started = performance.now();
    await postLogin(api.app, uniqueEmail("slow"), "guess");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("counts failures per address across emails, without locking other addresses", async () => {
    const ip = randomIp();
    const fromIp = { "x-forwarded-for": `203.0.113.9, ${ip}` };
    for (let attempt = 0; attempt < FREE_FAILURES_PER_IP; attempt += 1) {
      expect((await postLogin(api.app, uniqueEmail("spray"), "guess", fromIp)).status).toBe(401);
    }
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    expect((await postLogin(api.app, staff.email, staff.password, fromIp)).status).toBe(429);
    const elsewhere = { "x-forwarded-for": randomIp() };
    expect((await postLogin(api.app, staff.email, staff.password, elsewhere)).status).toBe(200);
  }, 60_000);

  it("records the last X-Forwarded-For hop as the address when TRUST_PROXY is set", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const ip = randomIp();
    await postLogin(api.app, staff.email, staff.password, { "x-forwarded-for": `198.51.100.7, ${ip}` });
    const [entry] = await api.runtime.database.db.select().from(auditLog).where(eq(auditLog.subjectId, staff.id));
    expect(entry?.ip).toBe(ip);
  });
});
