// Monday 09:01: until the new week's deadline /digest and /export mean the last closed week, and
// /status does while the new week is empty; each says so in one line. Weeks can be named:
// "/digest 2026-W47", "/digest 李院长 2026-W47", "/status 本周". On both providers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDigestArgs } from '../../../src/core/digest/digest-command.ts';
import { parseExportArgs } from '../../../src/core/ledger/export-command.ts';
import { chooseWeek, lastClosedWeek } from '../../../src/core/schedule/default-week.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, repliesText, type Fixture } from '../../schedule/fixtures.ts';

const ZONE = 'Asia/Shanghai';
const DEADLINE = { weekday: 5, time: '17:00' };
const MONDAY_0901 = '2026-11-23T01:01:00Z'; // Monday 23 Nov 09:01 Shanghai, 2026-W48
const FRIDAY_1700 = '2026-11-27T09:00:00Z'; // the W48 deadline
const NOTE_W47 = '显示的是已截止的第47周（11月16日—22日）；第48周（11月23日—29日）截止前默认显示上周';

describe('the default week', () => {
  it('is the last closed week until the open week’s deadline, then the open week', () => {
    expect(lastClosedWeek(new Date(MONDAY_0901), ZONE, DEADLINE)).toEqual({ year: 2026, week: 47 });
    expect(lastClosedWeek(new Date(new Date(FRIDAY_1700).getTime() - 60_000), ZONE, DEADLINE)).toEqual({ year: 2026, week: 47 });
    expect(lastClosedWeek(new Date(FRIDAY_1700), ZONE, DEADLINE)).toEqual({ year: 2026, week: 48 });
    expect(chooseWeek(null, new Date(MONDAY_0901), ZONE, DEADLINE)).toEqual({ ok: true, week: { year: 2026, week: 47 }, byDefault: true });
    expect(chooseWeek(null, new Date(FRIDAY_1700), ZONE, DEADLINE)).toEqual({ ok: true, week: { year: 2026, week: 48 }, byDefault: false });
  });

  it('reads a week in /digest’s arguments, before or after a leader’s name', () => {
    const now = new Date(MONDAY_0901);
    expect(parseDigestArgs('2026-W47', now, ZONE)).toEqual({ name: '', week: { kind: 'week', week: { year: 2026, week: 47 } } });
    expect(parseDigestArgs('李院长 2026-W47', now, ZONE)).toEqual({ name: '李院长', week: { kind: 'week', week: { year: 2026, week: 47 } } });
    expect(parseDigestArgs('w46 李院长', now, ZONE)).toEqual({ name: '李院长', week: { kind: 'week', week: { year: 2026, week: 46 } } });
    expect(parseDigestArgs('李院长', now, ZONE)).toEqual({ name: '李院长', week: null });
    expect(parseDigestArgs('2026-W60', now, ZONE).week).toEqual({ kind: 'bad', text: '2026-W60' });
  });

  it('is /export’s default with the org’s deadline; "本周" is the open week', () => {
    const now = new Date(MONDAY_0901);
    expect(parseExportArgs('', now, ZONE, DEADLINE)).toEqual({ ok: true, period: { kind: 'week', week: { year: 2026, week: 47 } }, format: 'xlsx', byDefault: true });
    expect(parseExportArgs('本周', now, ZONE, DEADLINE)).toEqual({ ok: true, period: { kind: 'week', week: { year: 2026, week: 48 } }, format: 'xlsx' });
    expect(parseExportArgs('', new Date(FRIDAY_1700), ZONE, DEADLINE)).toEqual({ ok: true, period: { kind: 'week', week: { year: 2026, week: 48 } }, format: 'xlsx', byDefault: false });
  });
});

describeEachProvider('Monday 09:01 in chat', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db, { now: '2026-11-17T02:00:00Z' }); // Tuesday of W47
    for (const code of ['1', '2', '3']) await f.file(code, '2026-W47');
    f.at(MONDAY_0901);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const say = async (name: string, command: string, args = '') => repliesText(await f.command(name, command, args, 'private'));

  it('/digest shows the closed week and says so; a named week or a leader and a week work', async () => {
    const standings = await say('王主任', 'digest');
    expect(standings.split('\n')[0]).toContain(NOTE_W47);
    expect(standings).toContain('项目进度通报 · 第47周（11月16日—22日）');

    const named = await say('王主任', 'digest', '2026-W47');
    expect(named).toContain('项目进度通报 · 第47周（11月16日—22日）');
    expect(named).not.toContain('默认显示上周');

    const leader = await say('王主任', 'digest', '李院长 2026-W47');
    expect(leader).toContain('李院长 · 周报摘要 第47周（11月16日—22日）');
    expect(leader).not.toContain('没有');
    expect(await say('李院长', 'digest', '2026-W47')).toContain('李院长 · 周报摘要 第47周');
    expect(await say('王主任', 'digest', '2026-W49')).toContain('2026-W49 还没有开始');

    // After the new week's deadline the open week is the default again, without the line.
    f.at(FRIDAY_1700);
    const friday = await say('王主任', 'digest');
    expect(friday).toContain('项目进度通报 · 第48周');
    expect(friday).not.toContain('默认显示上周');
  });

  it('/status shows the closed week while the new week is empty; 本周 shows the open one', async () => {
    const status = await say('王主任', 'status');
    expect(status.split('\n')[0]).toContain(NOTE_W47);
    expect(status).toContain('第47周');
    const open = await say('王主任', 'status', '本周');
    expect(open).toContain('第48周');
    expect(open).not.toContain('默认显示上周');
    expect(await say('王主任', 'status', '下周一')).toContain('不是有效的周');

    // Once someone reported in the new week, /status is about it.
    await f.file('1', '2026-W48');
    const later = await say('王主任', 'status');
    expect(later).toContain('第48周');
    expect(later).not.toContain('默认显示上周');
  });

  it('/export gives the closed week’s ledger and says so', async () => {
    const exported = await say('王主任', 'export');
    expect(exported).toContain(NOTE_W47);
    expect(exported).toContain('2026-W47 进度台账（XLSX）');
    const open = await say('王主任', 'export', '本周');
    expect(open).toContain('2026-W48');
    expect(open).not.toContain('默认显示上周');
  });
});
