// Prisma CLI configuration: the Rust-free path (no native engines, works offline).
// The CLI is used for `generate` and `migrate diff` (prisma/scripts/); the app applies migrations itself
// (src/db/migrate.ts), because Prisma's `migrate deploy` cannot read a live PostgreSQL through the
// driver adapter. The adapter below only matters to CLI commands that open a database: it opens the
// SQLite file named by DATABASE_URL, or an in-memory database otherwise.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

function sqliteUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('file:')) return ':memory:';
  mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  return url;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteUrl() }),
});
