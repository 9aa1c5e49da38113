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
  },
});
