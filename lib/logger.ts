import pino from "pino";

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stderr: stdout stays free for the scripted chat's JSON lines
 * and for benchmark figures.
 */
export function createLogger(level: string = "info", bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: "rafiq", ...bindings } }, pino.destination(2));
}
