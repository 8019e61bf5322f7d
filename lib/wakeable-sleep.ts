/**
 * A sleep that another event can cut short: a live stream waits for its next heartbeat
 * unless a change arrives first. `wake()` with nobody sleeping does nothing.
 */
export function wakeableSleep() {
  let wake: (() => void) | null = null;
  return {
    sleep(ms: number): Promise<void> {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    },
    wake() {
      wake?.();
    },
  };
}
