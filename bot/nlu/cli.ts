import { createInterface } from "node:readline";
import { understand } from "./understand.ts";

/**
 * `npm run --silent nlu`: one utterance per line on stdin, one JSON line per utterance on
 * stdout, in order (an empty line gives an `unknown` line, so outputs stay aligned with
 * inputs). The contract of issue 5; dates are relative to the system clock.
 */
export async function runCli(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    output.write(`${JSON.stringify(understand(line, { now: new Date() }))}\n`);
  }
}

if (import.meta.main) {
  await runCli(process.stdin, process.stdout);
}
