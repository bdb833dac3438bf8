CREATE TABLE "login_codes" (
	"tenant_id" text NOT NULL,
	"email" text NOT NULL,
	"member_id" text NOT NULL,
	"code_signature" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "login_codes_tenant_id_email_pk" PRIMARY KEY("tenant_id","email")
);
