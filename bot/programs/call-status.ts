import type { LocalDate } from "../booking/types.ts";
import type { Program, ProgramStatus } from "./types.ts";

/**
 * A call's status as a person should read it today. Staff set a call open with its dates;
 * before the opening day and after the deadline it reads closed, so a passed deadline
 * never shows as open and a call announced for January opens by itself in January.
 * A call staff closed stays closed, whatever its dates; a past programme stays past.
 */
export function callStatusOn(program: Pick<Program, "status" | "opensOn" | "closesOn">, today: LocalDate): ProgramStatus {
  if (program.status !== "open") return program.status;
  if (program.opensOn && today < program.opensOn) return "closed";
  if (program.closesOn && today > program.closesOn) return "closed";
  return "open";
}
