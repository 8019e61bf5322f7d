import { Hono } from "hono";
import { z } from "zod";
import { listStaffUsers } from "../../db/staff.ts";
import { AppError } from "../../lib/errors.ts";
import { MAX_PASSWORD_LENGTH } from "../../lib/passwords.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import { roleSchema, toStaffUserDto } from "../auth/dto.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson } from "../validate.ts";
import { readIdParam } from "./id-param.ts";
import { createStaffUser, updateStaffAccount } from "./staff-users.ts";

const name = z.string().trim().min(1).max(200);
/** Same bounds as the column's check constraint (db/schema/staff.ts). */
const maxOpenConversations = z.number().int().min(0).max(200);

const createBody = z.strictObject({
  email: z.string().trim().max(320).pipe(z.email()),
  name,
  role: roleSchema,
  password: z.string().min(10, "must be at least 10 characters").max(MAX_PASSWORD_LENGTH),
  maxOpenConversations: maxOpenConversations.optional(),
});

const patchBody = z
  .strictObject({
    name: name.optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    maxOpenConversations: maxOpenConversations.optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    "send at least one of name, role, disabled, maxOpenConversations",
  );

/** `/api/v1/admin/users`: admins create, list and change staff accounts. */
export function adminUsersRoutes(deps: AppDeps) {
  const staffDeps = (ip: string | null) => ({ db: deps.database.db, clock: deps.clock, ip });

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("admin"))
    .get("/", async (c) => {
      const users = await listStaffUsers(deps.database.db);
      return c.json({ users: users.map(toStaffUserDto) });
    })
    .post("/", async (c) => {
      const input = await readJson(c, createBody);
      const result = await createStaffUser(staffDeps(clientIp(c, deps.config.TRUST_PROXY)), callerOf(c), input);
      if (result.kind === "email_taken") throw new AppError("email_taken", "a staff account already uses this email", 409);
      return c.json({ user: toStaffUserDto(result.user) }, 201);
    })
    .patch("/:id", async (c) => {
      const id = readIdParam(c);
      const input = await readJson(c, patchBody);
      const result = await updateStaffAccount(staffDeps(clientIp(c, deps.config.TRUST_PROXY)), callerOf(c), id, input);
      if (result.kind === "not_found") throw new AppError("not_found", "no staff account with this id", 404);
      if (result.kind === "last_admin") {
        throw new AppError("last_admin", "this is the last enabled admin; make another admin first", 409);
      }
      return c.json({ user: toStaffUserDto(result.user) });
    });
}
