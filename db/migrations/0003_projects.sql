CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"canvas" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sheet_token" text,
	"sheet_revoked_at" timestamp with time zone,
	"coach_day" date,
	"coach_calls" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_contact_id_key" ON "projects" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_sheet_token_key" ON "projects" USING btree ("sheet_token");