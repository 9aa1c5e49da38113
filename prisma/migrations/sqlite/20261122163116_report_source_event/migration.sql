-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReportRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "authorId" TEXT NOT NULL,
    "onBehalf" BOOLEAN NOT NULL DEFAULT false,
    "progress" REAL,
    "investedThisWeek" BIGINT,
    "cumulative" BIGINT,
    "done" TEXT NOT NULL DEFAULT '',
    "problems" TEXT NOT NULL DEFAULT '',
    "nextPlan" TEXT NOT NULL DEFAULT '',
    "help" TEXT NOT NULL DEFAULT '',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "lateReason" TEXT NOT NULL DEFAULT '',
    "correction" TEXT NOT NULL DEFAULT '',
    "sourceText" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "platformMessageId" TEXT NOT NULL DEFAULT '',
    "sourceEvent" TEXT NOT NULL DEFAULT '',
    "filedAt" DATETIME NOT NULL,
    CONSTRAINT "ReportRevision_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReportRevision" ("authorId", "correction", "cumulative", "done", "filedAt", "help", "id", "investedThisWeek", "late", "lateReason", "nextPlan", "onBehalf", "platform", "platformMessageId", "problems", "progress", "reportId", "revision", "sourceText") SELECT "authorId", "correction", "cumulative", "done", "filedAt", "help", "id", "investedThisWeek", "late", "lateReason", "nextPlan", "onBehalf", "platform", "platformMessageId", "problems", "progress", "reportId", "revision", "sourceText" FROM "ReportRevision";
DROP TABLE "ReportRevision";
ALTER TABLE "new_ReportRevision" RENAME TO "ReportRevision";
CREATE INDEX "ReportRevision_sourceEvent_idx" ON "ReportRevision"("sourceEvent");
CREATE UNIQUE INDEX "ReportRevision_reportId_revision_key" ON "ReportRevision"("reportId", "revision");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

