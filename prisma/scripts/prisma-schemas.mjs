// Derives one Prisma schema per provider from prisma/schema.prisma (the one model definition).
// Used by prisma-generate.mjs and db-migration.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sourceSchemaPath = join(root, 'prisma', 'schema.prisma');
export const providers = /** @type {const} */ (['sqlite', 'postgresql']);

/** The datasource of each provider. The PostgreSQL URL only has to be valid: the app connects through the adapter. */
const datasources = {
  sqlite: 'datasource db {\n  provider = "sqlite"\n  url      = "file:./data/progress.db"\n}',
  postgresql: 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://localhost:5432/progress"\n}',
};

/**
 * The schema text for a provider, with its generator output pointing at src/db/generated/<provider>
 * as seen from `schemaDir` (the folder the schema file will be written to).
 * @param {string} source text of prisma/schema.prisma
 * @param {'sqlite'|'postgresql'} provider
 * @param {string} schemaDir
 */
export function schemaFor(source, provider, schemaDir) {
  const output = relative(schemaDir, join(root, 'src', 'db', 'generated', provider)).split('\\').join('/');
  const withDatasource = source.replace(/datasource db \{[^}]*\}/, datasources[provider]);
  if (withDatasource === source && provider !== 'sqlite') throw new Error('prisma/schema.prisma has no datasource block');
  return withDatasource.replace(/output\s*=\s*"[^"]*"/, `output = "${output}"`);
}

/** Writes prisma/.derived/<provider>/schema.prisma for each provider and returns their paths. */
export function writeDerivedSchemas() {
  const source = readFileSync(sourceSchemaPath, 'utf8');
  const paths = {};
  for (const provider of providers) {
    const dir = join(root, 'prisma', '.derived', provider);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'schema.prisma');
    writeFileSync(path, schemaFor(source, provider, dir));
    paths[provider] = path;
  }
  return paths;
}
