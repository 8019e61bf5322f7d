import pino from "pino";
import { describeDatabaseFailure } from "./database-errors.ts";

export type Logger = pino.Logger;

/**
 * An error as logged. A database error carries the query's parameters and values in its
 * message (a person's text, their identity hash): only its code and the statement's name
 * are kept. Any other error keeps pino's usual fields.
 */
export function serializeError(error: unknown): unknown {
  const database = describeDatabaseFailure(error);
  if (database) return { type: error instanceof Error ? error.name : typeof error, database };
  return error instanceof Error ? pino.stdSerializers.err(error) : error;
}

/**
 * Structured JSON logs on stderr: stdout stays free for the scripted chat's JSON lines
 * and for benchmark figures.
 */
export function createLogger(level: string = "info", bindings: Record<string, unknown> = {}, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: "rafiq", ...bindings }, serializers: { err: serializeError, error: serializeError } }, destination);
}
