// Generates the Prisma client for each provider into src/db/generated/<provider>/.
// Runs after `npm install` (postinstall) and offline: engine "js", no native engine download.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { providers, root, writeDerivedSchemas } from './prisma-schemas.mjs';

const schemas = writeDerivedSchemas();
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
for (const provider of providers) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemas[provider]], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1', PRISMA_GENERATE_SKIP_AUTOINSTALL: '1' },
  });
}
