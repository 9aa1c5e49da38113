// The ledger of a large org: more reports in the period than SQLite binds parameters in one
// statement (999). Found by the jobs benchmark at 10,000 projects: the photos were read by a list of
// every report id. On both databases.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CoreDeps } from '../../../src/core/context.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { exportLedger } from '../../../src/core/ledger/export-ledger.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { readOrgSettings } from '../../../src/core/settings.ts';
import { seedLargeOrg } from '../../bench/seed-large.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { testPorts } from '../../support/ports.ts';

describeEachProvider('the ledger of 1,200 projects', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('exports a week with 1,200 reports', { timeout: 120_000 }, async () => {
    const seeded = await seedLargeOrg(database.db, { projects: 1200, weeks: 1, owners: 300, endWeek: '2026-W47' });
    const org = await database.db.org.findUniqueOrThrow({ where: { id: seeded.orgId } });
    const deps: CoreDeps = { db: database.db, now: () => new Date('2026-11-25T02:00:00Z'), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' }, log: silentLogger, ports: testPorts() };
    const result = await exportLedger(deps, { org, settings: readOrgSettings(org.settings), period: { kind: 'week', week: { year: 2026, week: 47 } }, scope: null, format: 'csv', target: 'store', t: translator('zh-CN') });
    expect(result.kind).toBe('written');
    expect(await database.db.report.count({ where: { orgId: seeded.orgId, period: '2026-W47' } })).toBe(1200);
  });
});
