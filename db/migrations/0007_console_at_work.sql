CREATE TABLE "contact_labels" (
	"contact_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_labels_contact_id_label_pk" PRIMARY KEY("contact_id","label")
);
--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "notify_identity_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "link_code_hash" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "link_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contact_labels" ADD CONSTRAINT "contact_labels_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_labels" ADD CONSTRAINT "contact_labels_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_labels_label_idx" ON "contact_labels" USING btree ("label");--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_notify_identity_id_channel_identities_id_fk" FOREIGN KEY ("notify_identity_id") REFERENCES "public"."channel_identities"("id") ON DELETE set null ON UPDATE no action;