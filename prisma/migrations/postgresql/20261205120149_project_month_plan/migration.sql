-- CreateTable
CREATE TABLE "ProjectMonthPlan" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectMonthPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProjectMonthPlan_orgId_year_idx" ON "ProjectMonthPlan"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectMonthPlan_projectId_year_month_key" ON "ProjectMonthPlan"("projectId", "year", "month");

-- AddForeignKey
ALTER TABLE "ProjectMonthPlan" ADD CONSTRAINT "ProjectMonthPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

