// Issue #16 finding 9: a report for a week of a year before the project was listed (2020-W53 for a
// project listed in 2026) is refused, naming the week; earlier weeks of the listing year are still
// accepted (a list imported mid-year).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildWorld, type World } from '../support/world.ts';

describeEachProvider('weeks before the project was listed', (provider) => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('refuses a week of an earlier year and stores nothing; takes an earlier week of the same year', async () => {
    const refused = await world.say('张科长', '/report 1\n周次：2020-W53\n形象进度：45%\n原因：补报');
    expect(refused).toContain('是2026年列入项目清单的，不能填报2020年的第53周');
    expect(refused).toContain('2020-W53'); // what they typed is quoted back
    expect(await database.db.report.count()).toBe(0);

    const stored = await world.say('张科长', '/report 1\n周次：2026-W02\n形象进度：5%\n原因：补录年初进度');
    expect(stored).toContain('已收到');
    expect(await database.db.report.count()).toBe(1);
  });
});
