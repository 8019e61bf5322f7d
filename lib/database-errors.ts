/**
 * What the app may know about a failed database call without personal data: the driver
 * puts the query's parameters (a person's message, their identity hash) in its error, and
 * PostgreSQL puts values in its message and detail ("Key (email)=(…) already exists").
 * Logs and stored failure notes keep only the error code, the statement's name (its verb
 * and first table) and schema names.
 */
export interface DatabaseFailure {
  /** SQLSTATE (`23505`, `57P01`) or the driver's own (`CONNECTION_CLOSED`, `ECONNREFUSED`). */
  code: string;
  /** `insert messages`, `select contacts`…: which statement, never its values. */
  statement?: string;
  constraint?: string;
  table?: string;
}

/** Driver and socket codes that mean "the server is away", not "this query is wrong". */
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: pg_terminate_backend, a failover
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
]);

const MAX_CAUSE_DEPTH = 5;

/** True when the error (or what it wraps) says the database is unreachable: retry later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const link of causeChain(error)) {
    const code = codeOf(link);
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  }
  return false;
}

/** The failure without values, or null when no database error is involved. */
export function describeDatabaseFailure(error: unknown): DatabaseFailure | null {
  let statement: string | undefined;
  let found: DatabaseFailure | null = null;
  for (const link of causeChain(error)) {
    if (!isRecord(link)) continue;
    if (typeof link.query === "string" && "params" in link) statement ??= statementName(link.query);
    const code = codeOf(link);
    if (code && (isPostgresError(link) || UNAVAILABLE_CODES.has(code)) && !found) {
      found = { code };
      if (typeof link.constraint_name === "string") found.constraint = link.constraint_name;
      if (typeof link.table_name === "string") found.table = link.table_name;
    }
  }
  if (!found && statement === undefined) return null;
  const failure: DatabaseFailure = found ?? { code: "unknown" };
  if (statement !== undefined) failure.statement = statement;
  return failure;
}

/** `insert into "messages" (…) values ($1…)` → `insert messages`. */
export function statementName(query: string): string {
  const verb = /^\s*(\w+)/.exec(query)?.[1]?.toLowerCase() ?? "query";
  const table = /\b(?:from|into|update|join)\s+"?([A-Za-z_][\w]*)"?/i.exec(query)?.[1];
  return table ? `${verb} ${table}` : verb;
}

function* causeChain(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth += 1) {
    yield current;
    current = isRecord(current) ? current.cause : undefined;
  }
}

function codeOf(value: unknown): string | null {
  return isRecord(value) && typeof value.code === "string" ? value.code : null;
}

function isPostgresError(value: Record<string, unknown>): boolean {
  return value.name === "PostgresError" || typeof value.severity === "string" || typeof value.routine === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A failure as stored beside the work it stopped (a job, a message): never the values. */
export function failureNote(error: unknown): string {
  const database = describeDatabaseFailure(error);
  if (database) return `database error ${database.code}${database.statement ? ` in ${database.statement}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
