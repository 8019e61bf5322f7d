import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** Runs `chat --json` as a separate process, as tests and demos use it. */
function runScripted(lines: string[], env: Record<string, string> = {}) {
  const url = inject("databaseUrl");
  const databaseEnv: Record<string, string> = url === "pglite" ? { DATA_DIR: mkdtempSync(join(tmpdir(), "rafiq-cli-")) } : { DATABASE_URL: url };
  return new Promise<{ code: number | null; stdout: string[]; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["bot/channels/cli/main.ts", "--json"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "debug", ...databaseEnv, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: stdout.split("\n").filter(Boolean), stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

// Each run starts a process that opens its own database (on the embedded one, a new data
// folder: initdb in WebAssembly), which takes far longer than a test's default on a busy machine.
describe("the scripted chat", { timeout: 120_000 }, () => {
  it("answers /start with the three languages as choices, and only JSON lines on stdout", async () => {
    const user = `cli-${Date.now()}`;
    const { code, stdout, stderr } = await runScripted([
      JSON.stringify({ user, text: "/start" }),
      JSON.stringify({ user, choice: "lang:fr" }),
      JSON.stringify({ user, choice: "consent:yes" }),
      JSON.stringify({ user, text: "Amal" }),
    ]);
    expect(code).toBe(0);
    const replies = stdout.map((line) => JSON.parse(line) as { user: string; text: string; choices?: { id: string; label: string }[] });
    expect(replies[0]?.user).toBe(user);
    expect(replies[0]?.choices).toEqual([
      { id: "lang:fr", label: "Français" },
      { id: "lang:ar", label: "العربية" },
      { id: "lang:ary", label: "الدارجة" },
    ]);
    expect(replies.at(-1)?.text).toContain("Amal");
    expect(replies.at(-1)?.choices?.map((choice) => choice.id)).toContain("cmd:human");
    expect(stderr).toContain("chat finished"); // logs go to stderr (LOG_LEVEL=debug)
  });

  it("prints the reply to a typed deletion at once, not with the next message (issue 18.12)", async () => {
    const user = `cli-erase-${Date.now()}`;
    const { code, stdout } = await runScripted([
      JSON.stringify({ user, text: "/start" }),
      JSON.stringify({ user, choice: "lang:fr" }),
      JSON.stringify({ user, choice: "consent:yes" }),
      JSON.stringify({ user, text: "Amal" }),
      JSON.stringify({ user, text: "supprimer mes données" }),
      JSON.stringify({ user, text: "oui vas-y supprime" }),
    ]);
    expect(code).toBe(0);
    const replies = stdout.map((line) => JSON.parse(line) as { text: string });
    // The last line printed, with no message after it, is the deletion's own reply.
    expect(replies.at(-1)?.text).toContain("vos données personnelles sont effacées");
  });

  it("answers bad lines with an error line and carries on", async () => {
    const user = `cli-bad-${Date.now()}`;
    const { code, stdout } = await runScripted(["not json", JSON.stringify({ user }), JSON.stringify({ user: 5, text: 1 }), JSON.stringify({ user, text: "/start" })]);
    expect(code).toBe(0);
    const parsed = stdout.map((line) => JSON.parse(line) as { error?: { code: string }; choices?: unknown[] });
    expect(parsed.slice(0, 3).map((line) => line.error?.code)).toEqual(["invalid_json", "invalid_input", "invalid_input"]);
    expect(parsed[3]?.choices).toHaveLength(3);
  });

  it("keeps different users apart", async () => {
    const stamp = Date.now();
    const { stdout } = await runScripted([
      JSON.stringify({ user: `a-${stamp}`, text: "/start" }),
      JSON.stringify({ user: `a-${stamp}`, choice: "lang:ar" }),
      JSON.stringify({ user: `b-${stamp}`, text: "/start" }),
    ]);
    const lines = stdout.map((line) => JSON.parse(line) as { user: string; choices?: { id: string }[] });
    expect(lines[1]?.user).toBe(`a-${stamp}`);
    expect(lines[1]?.choices?.map((choice) => choice.id)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(lines[2]?.user).toBe(`b-${stamp}`);
    expect(lines[2]?.choices?.map((choice) => choice.id)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
  });
});
