-- AlterTable
ALTER TABLE "Problem" ADD COLUMN     "assigneePersonId" TEXT,
ADD COLUMN     "assigneeUnitId" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'problem';

-- CreateTable
CREATE TABLE "ItemEntry" (
    "id" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "byId" TEXT,
    "byName" TEXT NOT NULL DEFAULT '',
    "dueDate" TIMESTAMP(3),
    "unitId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ItemEntry_problemId_at_idx" ON "ItemEntry"("problemId", "at");

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_assigneeUnitId_fkey" FOREIGN KEY ("assigneeUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_assigneePersonId_fkey" FOREIGN KEY ("assigneePersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemEntry" ADD CONSTRAINT "ItemEntry_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

