// Talks to the web chat API. Every failure becomes an ApiError with a code the page can
// act on: "network" (server unreachable), or the server's own {"error":{"code"}}.

export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds = null) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The server is away or asks to slow down: the same message may simply be sent again. */
  get retryable() {
    return this.code === "network" || this.status === 503 || this.status === 429;
  }
}

export function createApi(baseUrl) {
  async function request(path, options) {
    let response;
    try {
      response = await fetch(new URL(path, baseUrl), { cache: "no-store", ...options });
    } catch {
      throw new ApiError(0, "network", "server unreachable");
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // A proxy's HTML error page: keep the status, there is no code to read.
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : {};
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ApiError(response.status, error.code || `http_${response.status}`, error.message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
    }
    return body;
  }

  const query = (token, after) => `token=${encodeURIComponent(token)}&after=${encodeURIComponent(after)}`;

  return {
    async createSession() {
      const body = await request("sessions", { method: "POST" });
      return body.token;
    },
    send(token, clientMessageId, fields) {
      return request("messages", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, clientMessageId, ...fields }),
      });
    },
    history(token, after) {
      return request(`messages?${query(token, after)}`, { method: "GET" });
    },
    streamUrl(token, after) {
      return new URL(`stream?${query(token, after)}`, baseUrl).href;
    },
  };
}

// crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
export function newMessageId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// localStorage throws in some private modes and sandboxed frames: fall back to memory.
const memory = new Map();
export const storage = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return memory.get(key) ?? null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      memory.set(key, value);
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      memory.delete(key);
    }
  },
};
