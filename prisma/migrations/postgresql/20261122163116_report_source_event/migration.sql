-- AlterTable
ALTER TABLE "ReportRevision" ADD COLUMN     "sourceEvent" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "ReportRevision_sourceEvent_idx" ON "ReportRevision"("sourceEvent");

