-- CreateTable
CREATE TABLE "ProjectMonthPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProjectMonthPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProjectMonthPlan_orgId_year_idx" ON "ProjectMonthPlan"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectMonthPlan_projectId_year_month_key" ON "ProjectMonthPlan"("projectId", "year", "month");

