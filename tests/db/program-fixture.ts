import type { Program } from "../../bot/programs/types.ts";
import type { ProgramActor } from "../../db/programs.ts";

/** A programme id no other test uses, so test files can share one database. */
export function uniqueProgramId(prefix = "test"): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

const text = (fr: string) => ({ fr, ar: `${fr} (ar)`, ary: `${fr} (ary)` });

/** A valid programme for Khouribga's 18–35 year-olds, to change as each test needs. */
export function sampleProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: uniqueProgramId(),
    name: text("Programme d'essai"),
    organization: text("Association d'essai"),
    kinds: ["training"],
    needs: ["training"],
    summary: text("Un programme pour les tests."),
    offer: text("Une formation."),
    audience: text("Les 18–35 ans de Khouribga."),
    where: text("Khouribga"),
    regions: ["beni-mellal-khenifra"],
    provinces: ["khouribga"],
    countries: [],
    howToApply: text("Passer à la plateforme."),
    status: "open",
    sources: [{ title: "Document d'essai", date: "2024-01", ref: "tests/db/program-fixture.ts" }],
    rules: { all: [{ field: "age", min: 18, max: 35 }, { field: "province", in: ["khouribga"] }] },
    ...overrides,
  };
}

export function staffActor(userId: string): ProgramActor {
  return { userId, actorType: "staff", actorId: userId, ip: null };
}
