import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReport, freePort, ROOT, startServer as startMain, stopServer } from "./support.ts";

/**
 * `npm run test:embedded`: what a newcomer does with no configuration. `npm start` on
 * the embedded database answers /health; the scripted chat onboards someone on the same
 * data directory; after a restart the data is still there.
 */
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-embedded-"));
const env = { DATA_DIR: dataDir, LOG_LEVEL: "warn" };
const report = createReport("embedded mode");
const check = report.check;
let printed = "";
const startServer = (port: number) => startMain(port, env, { onStdout: (text) => (printed += text) });

/** The demo logins `npm start` prints for this data folder, as a newcomer reads them. */
function printedLogins(): { advisor?: string[]; admin?: string[] } {
  const line = (who: string) => new RegExp(`${who}[^\\n]*?(\\S+@example\\.org)\\s+password: (\\S+)`).exec(printed)?.slice(1, 3);
  return { advisor: line("advisor"), admin: line("admin") };
}
const stop = stopServer;

async function chat(lines: object[]): Promise<{ text: string; choices?: { id: string }[] }[]> {
  const child = spawn(process.execPath, ["bot/channels/cli/main.ts", "--json"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stdin?.end(lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  await new Promise((resolve) => child.on("exit", resolve));
  return out.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

try {
  const port = await freePort();
  let server = await startServer(port);
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { database?: { kind?: string } };
  check(health.database?.kind === "pglite", "npm start with no configuration runs on the embedded database (/health 200)");
  await new Promise((resolve) => setTimeout(resolve, 200));
  const logins = printedLogins();
  check(Boolean(logins.advisor && logins.admin) && printed.includes("/console"), "npm start prints a demo advisor's and a demo admin's login for /console");
  for (const [who, login] of Object.entries(logins)) {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: login?.[0], password: login?.[1] }) });
    check(response.status === 200, `the printed ${who} login logs into the console (${response.status})`);
  }
  const page = await fetch(`http://127.0.0.1:${port}/`);
  check(page.ok && (page.headers.get("content-type") ?? "").includes("text/html"), "GET / serves the web chat page");
  check((await stop(server)) === 0, "SIGTERM stops the server cleanly (exit 0)");

  const onboarding = await chat([
    { user: "smoke", text: "/start" },
    { user: "smoke", choice: "lang:fr" },
    { user: "smoke", choice: "consent:yes" },
    { user: "smoke", text: "Hajar" },
  ]);
  check(onboarding[0]?.choices?.length === 3, "the scripted chat offers three languages");
  check(onboarding.at(-1)?.text.includes("Hajar") === true, "onboarding reaches the main menu with the name");

  const first = printedLogins();
  printed = "";
  server = await startServer(port);
  await new Promise((resolve) => setTimeout(resolve, 200));
  check(JSON.stringify(printedLogins()) === JSON.stringify(first), "a restart prints the same demo logins for this data folder");
  await stop(server);
  const after = await chat([{ user: "smoke", text: "menu" }]);
  check(after.at(-1)?.text.includes("Hajar") === true, "after a restart the data is still there");
} catch (error) {
  report.fail(error);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
report.finish();
