// Live updates: one EventSource on /api/v1/console/stream. "changed" names the
// conversations that changed anywhere (any app process); the page re-reads what it shows.
// EventSource reconnects by itself; each (re)connection is followed by a full refresh,
// so nothing missed while offline stays missed.
import { useEffect, useRef, useState } from "preact/hooks";

export function useLive(onChanged, onReconnected) {
  const [state, setState] = useState("connecting");
  const handlers = useRef({ onChanged, onReconnected });
  handlers.current = { onChanged, onReconnected };
  useEffect(() => {
    const source = new EventSource("/api/v1/console/stream");
    source.addEventListener("ready", () => {
      setState("live");
      handlers.current.onReconnected();
    });
    source.addEventListener("changed", (event) => {
      try {
        handlers.current.onChanged(JSON.parse(event.data).ids ?? []);
      } catch {
        handlers.current.onReconnected();
      }
    });
    source.addEventListener("error", () => setState(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting"));
    return () => source.close();
  }, []);
  return state;
}

/** Re-renders every `ms`, so "waiting for 4 min" keeps counting. */
export function useNow(ms = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
