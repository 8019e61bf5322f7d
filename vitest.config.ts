import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "bot/**/*.test.ts", "api/**/*.test.ts", "db/**/*.test.ts", "lib/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    // Times in tests are UTC; anything shown to people is converted to Africa/Casablanca.
    env: { TZ: "UTC", LOG_LEVEL: "silent" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most of a file's time is waiting on PostgreSQL or on its own servers, not CPU: the default
    // (one worker per core but one) leaves a 2-core CI machine idle half the time.
    maxWorkers: 3,
  },
});
