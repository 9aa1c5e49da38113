// Writes a new migration for both providers: `npm run db:migration -- <name>`.
//
// It diffs the schema as of the last migration (prisma/migrations/schema.snapshot.prisma) against
// prisma/schema.prisma, once per provider, with `prisma migrate diff --script` (works offline, no
// database needed), writes prisma/migrations/<provider>/<timestamp>_<name>/migration.sql and
// updates the snapshot. The app applies these files itself at start-up (src/db/migrate.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providers, root, schemaFor, sourceSchemaPath } from './prisma-schemas.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lower-case letters, digits and _; e.g. add_milestones)');
  process.exit(2);
}

const migrationsDir = join(root, 'prisma', 'migrations');
const snapshotPath = join(migrationsDir, 'schema.snapshot.prisma');
const current = readFileSync(sourceSchemaPath, 'utf8');
const previous = existsSync(snapshotPath) ? readFileSync(snapshotPath, 'utf8') : null;
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const work = mkdtempSync(join(tmpdir(), 'migration-'));
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');

const scripts = providers.map((provider) => {
  const toPath = join(work, `${provider}-to.prisma`);
  writeFileSync(toPath, schemaFor(current, provider, work));
  const from = previous === null ? ['--from-empty'] : (() => {
    const fromPath = join(work, `${provider}-from.prisma`);
    writeFileSync(fromPath, schemaFor(previous, provider, work));
    return ['--from-schema-datamodel', fromPath];
  })();
  const sql = execFileSync(
    process.execPath,
    [prismaCli, 'migrate', 'diff', ...from, '--to-schema-datamodel', toPath, '--script'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' } },
  );
  return { provider, sql };
});

if (scripts.every(({ sql }) => !/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|PRAGMA)/m.test(sql))) {
  console.log('No schema changes since the last migration: nothing written.');
  process.exit(0);
}
for (const { provider, sql } of scripts) {
  const dir = join(migrationsDir, provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  console.log(`wrote ${join('prisma', 'migrations', provider, `${stamp}_${name}`, 'migration.sql')}`);
}
writeFileSync(snapshotPath, current);
