import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INTENTS } from "../../bot/nlu/contract.ts";
import { decide, understand } from "../../bot/nlu/understand.ts";

const ROOT = join(import.meta.dirname, "../..");

function runNlu(input: string): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bot/nlu/cli.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, lines: stdout.split("\n").filter((line) => line !== ""), stderr }));
    child.stdin.end(input);
  });
}

describe("the understanding contract", () => {
  it("returns exactly the fields of the nlu contract, as plain JSON", () => {
    const result = understand("j'ai 24 ans et j'habite à Safi", { now: new Date("2025-06-11T09:00:00Z") });
    expect(Object.keys(result)).toEqual(["text", "language", "script", "intent", "confidence", "entities"]);
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      text: "j'ai 24 ans et j'habite à Safi",
      language: "fr",
      script: "latn",
      intent: "eligibility",
      confidence: result.confidence,
      entities: { age: 24, region: "marrakech-safi", province: "safi" },
    });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it("acts on confident intents, confirms middling ones and asks about the rest", () => {
    expect(decide({ intent: "book", confidence: 0.7 })).toBe("act");
    expect(decide({ intent: "book", confidence: 0.5 })).toBe("confirm");
    expect(decide({ intent: "book", confidence: 0.3 })).toBe("ask");
    expect(decide({ intent: "stop", confidence: 0.7 })).toBe("confirm");
    expect(decide({ intent: "delete_data", confidence: 0.85 })).toBe("act");
    expect(decide({ intent: "unknown", confidence: 0.9 })).toBe("ask");
  });
});

describe("the nlu command", () => {
  it("writes one JSON line per input line, in order, empty lines included", async () => {
    const { code, lines, stderr } = await runNlu("salam, 3andi 25 3am w bghit ndir mochroo3 f khouribga\n\nواش نقدر نستافد\nje veux un rdv\n");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(lines).toHaveLength(4);
    const results = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(results[0]).toMatchObject({
      text: "salam, 3andi 25 3am w bghit ndir mochroo3 f khouribga",
      language: "ary",
      script: "latn",
      intent: "project",
      entities: { age: 25, region: "beni-mellal-khenifra", province: "khouribga" },
    });
    expect(results[1]).toMatchObject({ text: "", intent: "unknown", confidence: 0 });
    expect(results[2]).toMatchObject({ language: "ary", script: "arab", intent: "eligibility" });
    expect(results[3]).toMatchObject({ language: "fr", script: "latn", intent: "book" });
    for (const result of results) {
      expect(Object.keys(result)).toEqual(["text", "language", "script", "intent", "confidence", "entities"]);
      expect(INTENTS).toContain(result.intent);
    }
  });
});
