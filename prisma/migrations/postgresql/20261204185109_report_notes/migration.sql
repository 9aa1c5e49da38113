-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "notes" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ReportRevision" ADD COLUMN     "notes" TEXT NOT NULL DEFAULT '';

