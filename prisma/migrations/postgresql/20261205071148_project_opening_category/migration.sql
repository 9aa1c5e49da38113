-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "category" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "openingCumulative" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "openingYear" INTEGER NOT NULL DEFAULT 0;

