// The live stream of bot and advisor messages (Server-Sent Events). EventSource retries by
// itself after a dropped connection, sending Last-Event-ID; when it gives up (the server
// refused or was down), we retry with a growing delay, catching up from the cursor first.

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export function createStream({ url, onMessage, onStatus, catchUp }) {
  let source = null;
  let retryMs = FIRST_RETRY_MS;
  let timer = null;

  function open() {
    clearTimeout(timer);
    source?.close();
    source = new EventSource(url());
    source.addEventListener("ready", () => {
      retryMs = FIRST_RETRY_MS;
      onStatus("online");
    });
    source.addEventListener("message", (event) => {
      try {
        onMessage(JSON.parse(event.data));
      } catch {
        // One unreadable event must not stop the stream.
      }
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CONNECTING) return onStatus("reconnecting");
      onStatus("offline");
      const delay = retryMs;
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      timer = setTimeout(reopen, delay);
    });
  }

  function reopen() {
    catchUp().catch(() => {}).finally(open);
  }

  // Back online (phone left a tunnel): do not wait for the next retry.
  window.addEventListener("online", () => {
    if (source && source.readyState === EventSource.CLOSED) reopen();
  });

  return {
    open,
    close() {
      clearTimeout(timer);
      source?.close();
      source = null;
    },
  };
}
