-- Server instances seen on this database: each one writes a heartbeat row while it serves, so the
-- System page can list who is running (and who stopped answering) when several share one Postgres.

-- CreateTable
CREATE TABLE "server_instances" (
    "id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "stopped_at" TIMESTAMP(3),

    CONSTRAINT "server_instances_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "server_instances_last_seen_at_idx" ON "server_instances"("last_seen_at");
