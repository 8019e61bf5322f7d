import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { findStaffUserByEmail, insertStaffUser, updateStaffUser } from "../../db/staff.ts";
import { hashPassword, verifyPassword } from "../../lib/passwords.ts";
import { DEMO_ADMIN_EMAIL, demoEmail, demoWasRemoved } from "./demo.ts";

/**
 * Logins for trying the console in embedded mode: one demo admin and the Minassati demo
 * advisor, with passwords made for this data folder at its first start and kept beside
 * the database (`demo-logins.json`, readable by its owner only), so `npm start` can print
 * them every time. Clearly labelled demo; they go with the demo data
 * (`DELETE /api/v1/admin/demo-data`), and are never made on a real PostgreSQL.
 */

const DEMO_ADMIN_NAME = "Admin démo";
/** The demo advisor whose login is printed: Minassati in Khouribga, the first platform of the seeds. */
export const DEMO_LOGIN_SITE = "minassati-khouribga";
const FILE = "demo-logins.json";

const stored = z.object({ adminPassword: z.string().min(10), advisorPassword: z.string().min(10) });

export interface DemoLogin {
  email: string;
  password: string;
}

function newPassword(): string {
  return `demo-${randomBytes(9).toString("base64url")}`;
}

function readStored(path: string): z.infer<typeof stored> | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = stored.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Gives an account this password unless it already has it (the file was replaced, or the account is new). */
async function withPassword(db: Db, email: string, password: string, at: Date, create: () => Promise<unknown>): Promise<boolean> {
  const user = await findStaffUserByEmail(db, email);
  if (!user) {
    await create();
    return (await findStaffUserByEmail(db, email)) !== null;
  }
  if (user.disabledAt) return false;
  if (!(await verifyPassword(user.passwordHash, password))) await updateStaffUser(db, user.id, { passwordHash: await hashPassword(password) }, at);
  return true;
}

/**
 * The demo logins for this data folder, creating what is missing; null once the demo data
 * was removed (the file goes too) or when the demo advisor is not there.
 */
export async function ensureDemoLogins(db: Db, dataDir: string, at: Date): Promise<{ admin: DemoLogin; advisor: DemoLogin } | null> {
  const path = join(dataDir, FILE);
  if (await demoWasRemoved(db)) {
    rmSync(path, { force: true });
    return null;
  }
  const advisorEmail = demoEmail(DEMO_LOGIN_SITE);
  if (!(await findStaffUserByEmail(db, advisorEmail))) return null;
  let passwords = readStored(path);
  if (!passwords) {
    passwords = { adminPassword: newPassword(), advisorPassword: newPassword() };
    writeFileSync(path, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  }
  const { adminPassword, advisorPassword } = passwords;
  const adminReady = await withPassword(db, DEMO_ADMIN_EMAIL, adminPassword, at, async () =>
    insertStaffUser(db, { email: DEMO_ADMIN_EMAIL, name: DEMO_ADMIN_NAME, role: "admin", passwordHash: await hashPassword(adminPassword), at }),
  );
  const advisorReady = await withPassword(db, advisorEmail, advisorPassword, at, async () => undefined);
  if (!adminReady || !advisorReady) return null;
  return { admin: { email: DEMO_ADMIN_EMAIL, password: adminPassword }, advisor: { email: advisorEmail, password: advisorPassword } };
}

/** What `npm start` prints (stdout, beside the JSON logs on stderr). Operator-facing, like the logs: in English. */
export function demoLoginsText(logins: { admin: DemoLogin; advisor: DemoLogin }, consoleUrl: string): string {
  return [
    "",
    `Demo logins for this data folder — open ${consoleUrl}`,
    `  advisor (Minassati, demo): ${logins.advisor.email}  password: ${logins.advisor.password}`,
    `  admin (demo):              ${logins.admin.email}  password: ${logins.admin.password}`,
    "  Removed with the demo data: DELETE /api/v1/admin/demo-data (as an admin).",
    "",
    "",
  ].join("\n");
}
