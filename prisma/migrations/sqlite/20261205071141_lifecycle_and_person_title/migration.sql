-- Written by hand (Prisma's SQLite diff copies the Person table to add columns): SQLite adds a
-- column with a constant default in place, and the result is the same table as the schema describes.
-- AlterTable
ALTER TABLE "Person" ADD COLUMN "title" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Person" ADD COLUMN "retiredAt" DATETIME;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN "completedAt" DATETIME;
