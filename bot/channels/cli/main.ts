import { createInterface } from "node:readline";
import { z } from "zod";
import { loadConfigOrExit } from "../../../lib/config.ts";
import { createLogger } from "../../../lib/logger.ts";
import { openRuntime } from "../../../lib/runtime.ts";
import { createOutbox } from "../../core/outbox.ts";
import type { InboundContent, Outbound } from "../../core/types.ts";
import { renderInteractive, renderScripted } from "./render.ts";

/**
 * `npm run chat`: talk to Rafiq in the terminal, on the same database as `npm start`.
 * `npm run --silent chat -- --json`: the scripted mode — JSON lines in, JSON lines out,
 * each input's replies written before the next input is read; logs go to stderr.
 * Replies go through the outbox like on Telegram, so a crash loses none of them.
 */
const scripted = process.argv.includes("--json");

const lineSchema = z.union([
  z.strictObject({ user: z.string().min(1).max(200), text: z.string().max(100_000) }),
  z.strictObject({ user: z.string().min(1).max(200), choice: z.string().min(1).max(200) }),
]);

const config = loadConfigOrExit();
const log = createLogger(scripted ? config.LOG_LEVEL : "warn", { channel: "cli" });
const runtime = await openRuntime(config, log);

let current = "";
const write = (line: string) => process.stdout.write(`${line}\n`);
const outbox = createOutbox({
  db: runtime.database.db,
  clock: runtime.clock,
  log,
  senders: [
    {
      channel: "cli",
      async send(address: string, message: Outbound) {
        write(scripted ? JSON.stringify(renderScripted(address, message)) : `\nRafiq> ${renderInteractive(message).replace(/\n/g, "\n       ")}\n`);
        return {};
      },
    },
  ],
});

let counter = 0;
async function handle(user: string, content: InboundContent): Promise<void> {
  counter += 1;
  // No channel message id: the terminal never re-sends, and each line is a new message.
  const result = await runtime.engine.receive({ channel: "cli", externalUserId: user, content });
  await outbox.drain(result.conversationId);
}

const input = createInterface({ input: process.stdin, terminal: !scripted && process.stdin.isTTY });
if (scripted) {
  for await (const raw of input) {
    if (raw.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      write(JSON.stringify({ error: { code: "invalid_json", message: "each line must be a JSON object" } }));
      continue;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      write(JSON.stringify({ error: { code: "invalid_input", message: `expected {"user","text"} or {"user","choice"}: ${issue?.message ?? ""}` } }));
      continue;
    }
    const line = parsed.data;
    current = line.user;
    await handle(line.user, "text" in line ? { kind: "text", text: line.text } : { kind: "choice", choiceId: line.choice });
  }
} else {
  current = process.env.USER ? `terminal-${process.env.USER}` : "terminal";
  process.stdout.write("Rafiq — terminal chat. Type a message, a number to pick a choice, or Ctrl+D to quit.\n");
  await handle(current, { kind: "start" });
  input.setPrompt("you> ");
  input.prompt();
  for await (const raw of input) {
    if (raw.trim() !== "") await handle(current, { kind: "text", text: raw });
    input.prompt();
  }
}
log.debug({ handled: counter }, "chat finished");
await runtime.database.close();
