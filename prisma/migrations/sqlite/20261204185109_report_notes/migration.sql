-- Written by hand (Prisma's SQLite diff copies both tables to add a column): SQLite adds a column
-- with a constant default in place, and the result is the same table as the schema describes.
-- AlterTable
ALTER TABLE "Report" ADD COLUMN "notes" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ReportRevision" ADD COLUMN "notes" TEXT NOT NULL DEFAULT '';
