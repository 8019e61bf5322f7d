import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
  it("runs with no configuration at all: embedded database under ./data, port 3000", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR.endsWith("/data")).toBe(true);
  });

  it("names every bad field at once", () => {
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", ADMIN_EMAIL: "not-an-email", ADMIN_PASSWORD: "short" });
      expect.unreachable("loadConfig should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const fields = (error as ConfigError).issues.map((issue) => issue.split(":")[0]);
      expect(fields).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "ADMIN_EMAIL", "ADMIN_PASSWORD"]));
    }
  });

  it("refuses an admin email without a password", () => {
    expect(() => loadConfig({ ADMIN_EMAIL: "admin@example.org" })).toThrow(/ADMIN_PASSWORD/);
  });

  it("asks for Meta's four credentials when WhatsApp goes through the Cloud API, and reads the tier", () => {
    try {
      loadConfig({ WHATSAPP_ENABLED: "true", WHATSAPP_PROVIDER: "cloud", WHATSAPP_CLOUD_ACCESS_TOKEN: "EAAG" });
      expect.unreachable("loadConfig should have thrown");
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.split(":")[0])).toEqual([
        "WHATSAPP_CLOUD_PHONE_NUMBER_ID",
        "WHATSAPP_CLOUD_APP_SECRET",
        "WHATSAPP_CLOUD_VERIFY_TOKEN",
      ]);
    }
    const cloud = { WHATSAPP_ENABLED: "true", WHATSAPP_PROVIDER: "cloud", WHATSAPP_CLOUD_ACCESS_TOKEN: "EAAG", WHATSAPP_CLOUD_PHONE_NUMBER_ID: "106540352242922", WHATSAPP_CLOUD_APP_SECRET: "s", WHATSAPP_CLOUD_VERIFY_TOKEN: "v" };
    expect(loadConfig(cloud).WHATSAPP_CLOUD_DAILY_TIER).toBe(250);
    expect(loadConfig({ ...cloud, WHATSAPP_CLOUD_DAILY_TIER: "unlimited" }).WHATSAPP_CLOUD_DAILY_TIER).toBeNull();
    expect(loadConfig({ ...cloud, WHATSAPP_CLOUD_DAILY_TIER: "10000" }).WHATSAPP_CLOUD_DAILY_TIER).toBe(10_000);
    expect(() => loadConfig({ ...cloud, WHATSAPP_CLOUD_DAILY_TIER: "lots" })).toThrow(/WHATSAPP_CLOUD_DAILY_TIER/);
    expect(loadConfig({}).WHATSAPP_PROVIDER).toBe("web");
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
