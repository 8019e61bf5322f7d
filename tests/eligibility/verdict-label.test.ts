import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eligibilityRoutes } from "../../api/programs/eligibility-routes.ts";
import { evaluateAll } from "../../bot/eligibility/index.ts";
import type { Profile, RuledProgram } from "../../bot/eligibility/index.ts";
import { conditionSchema } from "../../bot/eligibility/schema.ts";
import { verdictLabel } from "../../bot/eligibility/verdict-label.ts";
import { groupVerdicts } from "../../bot/flows/eligibility/results.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { buildCatalogue } from "../../bot/programs/catalogue.ts";
import { loadSeedPrograms } from "../../bot/programs/seed.ts";

/**
 * One verdict vocabulary (issue 23): the group a programme is listed under in the chat,
 * the label the API gives it and the label the console shows are one and the same.
 */
const raw = JSON.parse(readFileSync(new URL("../../bot/programs/seed.json", import.meta.url), "utf8")) as { id: string; rules: unknown }[];
const ruled: RuledProgram[] = raw.map((program) => ({ id: program.id, rulesVersion: 1, rules: conditionSchema.parse(program.rules) }));
const GROUP = { eligible: "eligible", toCheck: "to_check", nearly: "nearly", notEligible: "not_eligible" } as const;

const seedCatalogue = () => buildCatalogue(loadSeedPrograms().map((program) => ({ ...program, version: 1 })));

const profiles: Profile[] = [
  { age: 24, gender: "male", province: "khouribga", organizationType: "none" },
  { age: 37, gender: "female", province: "khouribga", organizationType: "cooperative", organizationAgeYears: 1 },
  { age: 17, gender: "female", province: "laayoune", status: "student" },
  { age: 29, gender: "female", province: "casablanca", organizationType: "company", organizationWomenLed: true, status: "self_employed" },
];

describe("the verdict vocabulary", () => {
  it("lists each programme in the chat under the group named by its label", () => {
    const catalogue = seedCatalogue();
    let nearly = 0;
    for (const profile of profiles) {
      const results = evaluateAll(profile, ruled).results;
      const groups = groupVerdicts(results, catalogue);
      for (const [group, label] of Object.entries(GROUP)) {
        for (const result of groups[group as keyof typeof GROUP]) expect(verdictLabel(result), `${result.programId} for ${JSON.stringify(profile)}`).toBe(label);
      }
      nearly += groups.nearly.length;
    }
    expect(nearly).toBeGreaterThan(0);
  });

  it("is the API's `label`, beside the engine's verdict", async () => {
    const catalogue = seedCatalogue();
    const app = eligibilityRoutes({ catalogue: { current: () => catalogue } as unknown as Parameters<typeof eligibilityRoutes>[0]["catalogue"], translator: createTranslator() });
    const response = await app.request("/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile: profiles[1], lang: "fr" }) });
    const body = (await response.json()) as { results: { programId: string; verdict: string; label: string }[] };
    const expected = new Map(evaluateAll(profiles[1]!, ruled).results.map((result) => [result.programId, verdictLabel(result)]));
    for (const result of body.results) if (expected.has(result.programId)) expect(result.label).toBe(expected.get(result.programId));
  });
});
