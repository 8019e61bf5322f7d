import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** Helpers for the smoke checks: run `main.ts` as a real process and report checks. */
export const ROOT = join(import.meta.dirname, "../..");

export function createReport(title: string) {
  const failures: string[] = [];
  return {
    check(ok: boolean, what: string) {
      process.stdout.write(`${ok ? "ok  " : "FAIL"} ${what}\n`);
      if (!ok) failures.push(what);
    },
    fail(error: unknown) {
      failures.push(String(error));
      process.stderr.write(`${String(error)}\n`);
    },
    finish(): never {
      process.stdout.write(`${failures.length === 0 ? `${title}: all checks passed` : `${title}: ${failures.length} check(s) failed`}\n`);
      process.exit(failures.length === 0 ? 0 : 1);
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function startScriptWords(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  return (scripts.start ?? "").split(/\s+/);
}

/** The Node flags `npm start` runs main.ts with (package.json), so checks run the app as operators do. */
export function startNodeFlags(): string[] {
  return startScriptWords().filter((word) => word.startsWith("--"));
}

/** The environment `npm start` sets before `node` (glibc's allocator settings), for the same reason. */
export function startScriptEnv(): Record<string, string> {
  const words = startScriptWords();
  const assignments = words.slice(0, Math.max(0, words.indexOf("node"))).filter((word) => /^[A-Z_][A-Z0-9_]*=/.test(word));
  return Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]));
}

/** Starts `node main.ts` as `npm start` does (or `script`) with exactly `env` (plus PATH) and waits for /health. */
export async function startServer(
  port: number,
  env: Record<string, string>,
  options: { onStdout?: (text: string) => void; script?: string } = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, options.script ? [options.script] : [...startNodeFlags(), "main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...(options.script ? {} : startScriptEnv()), ...env, PORT: String(port) },
    stdio: ["ignore", options.onStdout ? "pipe" : "ignore", "inherit"],
  });
  child.stdout?.on("data", (chunk: Buffer) => options.onStdout?.(chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGKILL");
  throw new Error("server did not answer /health within 60 s");
}

export async function stopServer(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}
