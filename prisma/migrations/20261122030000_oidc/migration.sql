-- CreateEnum
CREATE TYPE "oidc_flow_purpose" AS ENUM ('SIGN_IN', 'TEST');

-- CreateEnum
CREATE TYPE "oidc_test_status" AS ENUM ('PENDING', 'SUCCEEDED', 'DENIED');

-- CreateTable
CREATE TABLE "oidc_settings" (
    "id" INTEGER NOT NULL,
    "client_id" TEXT NOT NULL,
    "sealed_client_secret" TEXT,
    "public_base_url" TEXT NOT NULL,
    "instance_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_name" TEXT,

    CONSTRAINT "oidc_settings_pkey" PRIMARY KEY ("id"),
    -- One Google OAuth client per installation.
    CONSTRAINT "oidc_settings_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "oidc_auth_requests" (
    "id" TEXT NOT NULL,
    "purpose" "oidc_flow_purpose" NOT NULL,
    "browser_binding_hash" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "test_run_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oidc_auth_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oidc_test_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "status" "oidc_test_status" NOT NULL DEFAULT 'PENDING',
    "requested_by_id" UUID NOT NULL,
    "requested_by_name" TEXT NOT NULL,
    "target_user_id" UUID NOT NULL,
    "target_user_name" TEXT NOT NULL,
    "login_hint" TEXT,
    "reason_code" TEXT,
    "message" TEXT,
    "matched_user_id" UUID,
    "matched_user_name" TEXT,
    "google_email" TEXT,
    "hosted_domain" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "oidc_test_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "oidc_auth_requests_expires_at_idx" ON "oidc_auth_requests"("expires_at");

-- CreateIndex
CREATE INDEX "oidc_auth_requests_test_run_id_idx" ON "oidc_auth_requests"("test_run_id");

-- CreateIndex
CREATE INDEX "oidc_test_runs_created_at_idx" ON "oidc_test_runs"("created_at");

-- AddForeignKey
ALTER TABLE "oidc_auth_requests" ADD CONSTRAINT "oidc_auth_requests_test_run_id_fkey" FOREIGN KEY ("test_run_id") REFERENCES "oidc_test_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
