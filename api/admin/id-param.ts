import type { Context } from "hono";
import { z } from "zod";
import { validationError } from "../errors.ts";

const idParam = z.object({ id: z.uuid() });

/** The `:id` path parameter as a UUID; anything else is a 400 naming `id`, not a database error. */
export function readIdParam(c: Context): string {
  const parsed = idParam.safeParse({ id: c.req.param("id") });
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data.id;
}
