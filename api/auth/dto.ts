import { API_TOKEN_SCOPES } from "../../db/schema/index.ts";
import { z } from "zod";
import { staffRole } from "../../db/schema/index.ts";
import type { ApiTokenRow } from "../../db/api-tokens.ts";
import type { StaffUserRow } from "../../db/staff.ts";

/**
 * What the API says about staff and tokens. Rows are mapped field by field and parsed
 * (zod strips anything else), so a password or token hash cannot leak by accident.
 */
export const roleSchema = z.enum(staffRole.enumValues);

const instant = z.iso.datetime();

export const sessionUserDto = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: roleSchema });
export type SessionUserDto = z.output<typeof sessionUserDto>;

export const staffUserDto = sessionUserDto.extend({
  disabled: z.boolean(),
  /** How many conversations auto-assignment hands this person at most (bot/conversation/assignment.ts). */
  maxOpenConversations: z.number().int(),
  disabledAt: instant.nullable(),
  lastLoginAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type StaffUserDto = z.output<typeof staffUserDto>;

export const apiTokenDto = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  ownerId: z.uuid(),
  scope: z.enum(API_TOKEN_SCOPES),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  expiresAt: instant,
  revokedAt: instant.nullable(),
});
export type ApiTokenDto = z.output<typeof apiTokenDto>;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function toSessionUserDto(user: Pick<StaffUserRow, "id" | "email" | "name" | "role">): SessionUserDto {
  return sessionUserDto.parse({ id: user.id, email: user.email, name: user.name, role: user.role });
}

export function toStaffUserDto(user: StaffUserRow): StaffUserDto {
  return staffUserDto.parse({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
    maxOpenConversations: user.maxOpenConversations,
    disabledAt: iso(user.disabledAt),
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  });
}

export function toApiTokenDto(token: ApiTokenRow): ApiTokenDto {
  return apiTokenDto.parse({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    ownerId: token.userId,
    scope: token.scope,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: iso(token.revokedAt),
  });
}
