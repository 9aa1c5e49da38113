-- CreateTable
CREATE TABLE "ItemEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "byId" TEXT,
    "byName" TEXT NOT NULL DEFAULT '',
    "dueDate" DATETIME,
    "unitId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ItemEntry_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Problem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'problem',
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "raisedById" TEXT NOT NULL,
    "raisedPeriod" TEXT NOT NULL,
    "lastSeenPeriod" TEXT NOT NULL,
    "dueDate" DATETIME,
    "assigneeUnitId" TEXT,
    "assigneePersonId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closeNote" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Problem_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Problem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Problem_assigneeUnitId_fkey" FOREIGN KEY ("assigneeUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Problem_assigneePersonId_fkey" FOREIGN KEY ("assigneePersonId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Problem" ("closeNote", "closedAt", "closedById", "createdAt", "dueDate", "id", "lastSeenPeriod", "number", "orgId", "projectId", "raisedById", "raisedPeriod", "status", "text", "updatedAt") SELECT "closeNote", "closedAt", "closedById", "createdAt", "dueDate", "id", "lastSeenPeriod", "number", "orgId", "projectId", "raisedById", "raisedPeriod", "status", "text", "updatedAt" FROM "Problem";
DROP TABLE "Problem";
ALTER TABLE "new_Problem" RENAME TO "Problem";
CREATE INDEX "Problem_projectId_status_idx" ON "Problem"("projectId", "status");
CREATE UNIQUE INDEX "Problem_orgId_number_key" ON "Problem"("orgId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ItemEntry_problemId_at_idx" ON "ItemEntry"("problemId", "at");

