// `npm run cli -- settings`: the exit code says whether the change was made, on both providers.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { settingsCliCommand } from '../../src/cli/settings.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildWorld, type World } from '../support/world.ts';

describeEachProvider('the settings CLI', (provider) => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db, { orgName: '示例县卫健局' });
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await settingsCliCommand(argv, { ...world.deps, out: (line) => lines.push(line), locale: 'zh-CN' });
    return { code, out: lines.join('\n') };
  }

  it('exits 0 when it shows or changes a setting, 1 when the change is refused, 2 on bad usage', async () => {
    expect((await cli()).code).toBe(0);
    expect(await cli('set', 'reminder.time', '15:30')).toMatchObject({ code: 0, out: expect.stringContaining('16:00 → 15:30') });
    expect(readOrgSettings((await database.db.org.findUniqueOrThrow({ where: { id: world.orgId } })).settings).jobs.reminder.time).toBe('15:30');
    expect(await cli('set', 'reminder.time', '15:30')).toMatchObject({ code: 0, out: expect.stringContaining('已经是 15:30') });
    expect(await cli('set', 'reminder.time', '25:00')).toMatchObject({ code: 1, out: expect.stringContaining('不是 reminder.time 的有效值') });
    expect(await cli('set', 'reminder.colour', 'red')).toMatchObject({ code: 1, out: expect.stringContaining('没有「reminder.colour」这一项') });
    expect((await cli('set', 'reminder.time')).code).toBe(1);
    expect((await cli('--org', '不存在的单位')).code).toBe(1);
    expect((await cli('--bogus')).code).toBe(2);
    expect(readOrgSettings((await database.db.org.findUniqueOrThrow({ where: { id: world.orgId } })).settings).jobs.reminder.time).toBe('15:30');
  });
});
