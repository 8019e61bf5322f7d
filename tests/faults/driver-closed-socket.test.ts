import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { isPglite } from "../helpers/database.ts";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("./driver-closed-socket.ts", import.meta.url));

describe.skipIf(isPglite())("the postgres driver after its connection is cut (patches/postgres+3.4.9.patch)", () => {
  it("rejects queries on a dead connection instead of crashing the process, and a pool whose backends are cut under load settles every query and answers again", async () => {
    // A child process: unpatched, the driver throws outside every promise and the process dies.
    const { stdout } = await run(process.execPath, [SCRIPT, inject("databaseUrl")], { timeout: 20_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ rejections: ["CONNECTION_CLOSED", "CONNECTION_CLOSED", "CONNECTION_CLOSED"], settled: 1000, poolAnswers: true });
  });
});
