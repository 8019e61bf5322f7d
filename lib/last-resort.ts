import type { Logger } from "./logger.ts";

/**
 * The last resort for an error nothing caught (a bug, a library throwing outside every
 * promise): log it, drain what can be drained (stop taking requests, let work in flight
 * settle, close the database) and exit non-zero, so the supervisor (systemd, a container
 * restart policy) starts a clean process. Never carry on in an unknown state, never hang:
 * after `timeoutMs` the process exits whatever the drain is doing. Everything accepted is
 * in the database, and the next process picks it up.
 */
export function installLastResort(deps: {
  log: Logger;
  drain: () => Promise<void>;
  timeoutMs: number;
  exit?: (code: number) => void;
}): void {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let fatal = false;
  const onFatal = (kind: string) => (error: unknown) => {
    deps.log.fatal({ err: error, kind }, "uncaught error: draining and exiting so the supervisor restarts a clean process");
    if (fatal) return;
    fatal = true;
    process.exitCode = 1;
    setTimeout(() => {
      deps.log.error("drain took too long; exiting");
      exit(1);
    }, deps.timeoutMs).unref();
    deps
      .drain()
      .catch((failure: unknown) => deps.log.error({ err: failure }, "drain failed"))
      .finally(() => exit(1));
  };
  process.on("uncaughtException", onFatal("uncaughtException"));
  process.on("unhandledRejection", onFatal("unhandledRejection"));
}
