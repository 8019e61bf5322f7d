-- Tokens made before scopes and expiries existed keep working as before (scope admin)
-- for 90 more days, then expire like every token now does.
UPDATE "api_tokens" SET "expires_at" = now() + interval '90 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scope" text DEFAULT 'read' NOT NULL;--> statement-breakpoint
UPDATE "api_tokens" SET "scope" = 'admin';
