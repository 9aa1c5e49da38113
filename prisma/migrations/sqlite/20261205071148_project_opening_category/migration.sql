-- Written by hand (Prisma's SQLite diff copies the table to add columns): SQLite adds a column
-- with a constant default in place, and the result is the same table as the schema describes.
-- AlterTable
ALTER TABLE "Project" ADD COLUMN "openingCumulative" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "Project" ADD COLUMN "openingYear" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Project" ADD COLUMN "category" TEXT NOT NULL DEFAULT '';
