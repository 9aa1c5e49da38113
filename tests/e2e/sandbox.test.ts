// The sandbox as a new user meets it: `npm start` with piped input, on a fresh SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandbox } from '../support/run-sandbox.ts';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIST = [
  '序号,项目名称,建设地点,建设内容及规模,总投资(万元),年度计划投资(万元),责任单位,责任领导,责任人,备注',
  '1,县医院城东院区感染防控中心工程,浔中镇,3.4万平方米,28645,10000,县人民医院,李院长,张科长,',
  '2,县中医院综合楼,龙浔镇,4.1万平方米,21874,6000,县中医院,赵院长,陈科长,',
].join('\n');

describe('the sandbox chat (npm start)', () => {
  it('runs a scripted session: import → :as → /report → /status', async () => {
    const listPath = join(dir, '项目清单.csv');
    writeFileSync(listPath, LIST);
    const run = await runSandbox(
      ['--clock', '2026-11-18T10:00'],
      [`:import ${listPath}`, ':as 张科长', '/report 城东院区 \\', '形象进度：45% \\', '累计完成投资：3200万', ':as 王主任', '/status', ':quit'],
      { DATABASE_URL: `file:${join(dir, 'scripted.db')}`, ADMINS: 'sandbox:王主任' },
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已收到：1 县医院城东院区感染防控中心工程');
    expect(run.stdout).toContain('32%');
    expect(run.stdout).toContain('第47周（11月16日—22日）');
    expect(run.stdout).toContain('共 2 个项目：按时 1');
    expect(run.stdout).toContain('@陈科长');
  });

  it('opens the demo with history already there', async () => {
    const run = await runSandbox(['--demo', '--clock', '2026-11-18T10:00'], ['/status', ':quit'], { DATABASE_URL: `file:${join(dir, 'demo.db')}` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('示例县卫生健康局');
    expect(run.stdout).toMatch(/共 \d+ 个项目：按时 \d+/);
  });

  it('fires each job of the week once, at its time, as :clock moves', async () => {
    const run = await runSandbox(
      ['--demo', '--clock', '2026-11-16T08:00'],
      [':clock 2026-11-19T15:59', ':clock 2026-11-19T16:01', ':clock 2026-11-19T18:00', ':clock 2026-11-20T10:01', ':clock 2026-11-20T17:01', ':clock 2026-11-23T09:01', ':quit'],
      { DATABASE_URL: `file:${join(dir, 'week.db')}` },
    );
    expect(run.code).toBe(0);
    const jobs = run.stdout.split('\n').filter((line) => line.startsWith('· ⏰'));
    expect(jobs).toEqual([
      '· ⏰ 2026-11-16 09:00 周报与排名（2026-W46）：发出 4 条消息',
      '· ⏰ 2026-11-19 16:00 群内填报提醒（2026-W47）：发出 1 条消息',
      '· ⏰ 2026-11-20 10:00 私信催报（2026-W47）：发出 9 条消息', // 5 nudges + 督办 items past their 期限 (owners, then leaders)
      '· ⏰ 2026-11-20 17:00 逾期未报通报（2026-W47）：发出 4 条消息',
      '· ⏰ 2026-11-23 09:00 周报与排名（2026-W47）：发出 4 条消息',
    ]);
    expect(run.stdout).toContain('🤖 [私聊 → 刘芳]');
  });

  it('stops with one line per bad setting', async () => {
    const run = await runSandbox([], [], { ORG_TIMEZONE: 'Mars/Olympus', LOCALE: 'fr' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ORG_TIMEZONE: not a known IANA time zone');
    expect(run.stderr).toContain('LOCALE:');
  });
});
