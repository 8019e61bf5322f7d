import { z } from "zod";
import type { CloudMessage } from "./render.ts";
import type { CloudTemplateMessage } from "./templates.ts";

/** A Graph API call that hangs must not hold the outbox for long. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface GraphClientConfig {
  /** `https://graph.facebook.com`, or a local fake. */
  baseUrl: string;
  version: string;
  token: string;
  phoneNumberId: string;
  timeoutMs?: number;
}

/** What the Graph API said no with (or the network, `httpStatus` 0). */
export class GraphError extends Error {
  readonly httpStatus: number;
  readonly code: number | null;
  readonly details: string | null;
  constructor(message: string, httpStatus: number, code: number | null, details: string | null = null) {
    super(message);
    this.name = "GraphError";
    this.httpStatus = httpStatus;
    this.code = code;
    this.details = details;
  }
}

const errorBody = z.object({
  error: z.object({
    message: z.string().catch("error"),
    code: z.number().int().nullish(),
    error_data: z.object({ details: z.string().nullish() }).nullish().catch(null),
  }),
});
const sentBody = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const mediaBody = z.object({ url: z.url(), mime_type: z.string(), file_size: z.coerce.number().int().nullish() });

export type GraphClient = ReturnType<typeof createGraphClient>;

/**
 * The few Graph API calls Rafiq makes, on fetch: send a message, look a media up, download
 * it. Thin on purpose (whatsapp-api-js fixes the host, and the tests point this at a
 * fake); answers are parsed, not trusted.
 */
export function createGraphClient(config: GraphClientConfig) {
  const root = `${config.baseUrl.replace(/\/+$/, "")}/${config.version}`;
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const auth = { authorization: `Bearer ${config.token}` };

  async function call(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new GraphError(`network: ${error instanceof Error ? error.message : String(error)}`, 0, null);
    }
    if (response.ok) return response;
    const parsed = errorBody.safeParse(await response.json().catch(() => null));
    const error = parsed.success ? parsed.data.error : null;
    throw new GraphError(`${response.status} ${error?.message ?? response.statusText}`, response.status, error?.code ?? null, error?.error_data?.details ?? null);
  }

  return {
    /** Sends one message; resolves with Meta's id for it (`wamid.…`). */
    async sendMessage(to: string, message: CloudMessage | CloudTemplateMessage): Promise<{ wamid: string }> {
      const response = await call(`${root}/${config.phoneNumberId}/messages`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to, ...message }),
      });
      const parsed = sentBody.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new GraphError("the Graph API accepted the message but returned no id", response.status, null);
      return { wamid: parsed.data.messages[0]?.id ?? "" };
    },

    /** Where a received media can be downloaded (a short-lived URL), its type and size. */
    async mediaInfo(mediaId: string): Promise<{ url: string; mimeType: string; size: number | null }> {
      const response = await call(`${root}/${encodeURIComponent(mediaId)}?phone_number_id=${config.phoneNumberId}`, { headers: auth });
      const parsed = mediaBody.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new GraphError("unexpected media description", response.status, null);
      return { url: parsed.data.url, mimeType: parsed.data.mime_type, size: parsed.data.file_size ?? null };
    },

    /** Downloads with the access token, refusing anything over `maxBytes` (announced or actual). */
    async download(url: string, maxBytes: number): Promise<Buffer> {
      const response = await call(url, { headers: auth });
      const announced = Number(response.headers.get("content-length") ?? "0");
      if (announced > maxBytes) throw new GraphError(`media too large (${announced} bytes)`, 413, null);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new GraphError(`media too large (over ${maxBytes} bytes)`, 413, null);
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    },
  };
}
