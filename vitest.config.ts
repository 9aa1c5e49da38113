import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests each use their own SQLite file or PostgreSQL schema, so files run in parallel.
    pool: 'forks',
    // Most of a file's time is spent waiting (bot processes, fake platform servers, PostgreSQL), so
    // at least two files run at once even on a 2-core machine, where vitest's default is one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker keeps its loaded modules from one file to the next: importing the app (Prisma, grammY,
    // the Lark SDK) anew for each of 107 files cost 130 s of a 460 s run. Nothing in the tests
    // changes shared state (no module mocks, no fake timers, no process.env writes); each file opens
    // its own database and servers.
    isolate: false,
  },
});
