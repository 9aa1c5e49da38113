// The project lifecycle on both providers: /complete (/竣工) by the project office takes a project
// out of reminders, nudges, the 未报 lists and miss streaks; /reopen brings it back; an owner's
// 100 % report offers 竣工 (button or 确认), and the owner's confirmation marks it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { actionFor, parseChatCommand } from '../../../src/core/commands/command-table.ts';
import type { Incoming } from '../../../src/core/platform.ts';
import { handleIncoming } from '../../../src/core/router.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, repliesText, tg, type Fixture } from '../../schedule/fixtures.ts';

/** Mondays 00:00 in Shanghai. */
const MONDAY: Record<string, string> = { W47: '2026-11-15T16:00:00Z', W48: '2026-11-22T16:00:00Z', W49: '2026-11-29T16:00:00Z', W50: '2026-12-06T16:00:00Z' };
const TUESDAY = (monday: string) => new Date(new Date(monday).getTime() + 34 * 3_600_000).toISOString(); // Tue 10:00

describeEachProvider('project lifecycle', (provider) => {
  let database: TestDatabase;
  let f: Fixture;
  let seq = 0;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db, { now: TUESDAY(MONDAY.W47 as string) });
  });
  afterEach(async () => {
    await database.destroy();
  });

  const say = async (name: string, command: string, args = '', chat: 'group' | 'private' = 'group') => repliesText(await f.command(name, command, args, chat));
  const send = (name: string, fields: Partial<Incoming>) =>
    handleIncoming(f.deps, { platform: 'telegram', eventId: `x${++seq}`, chat: { id: tg(name), kind: 'private' }, sender: { id: tg(name), displayName: name }, text: '', receivedAt: f.now(), ...fields });

  /** Runs the scheduler week by week from `from`; projects 1–3 report every Tuesday, project 4 never. */
  async function runWeeks(weeks: string[]) {
    const scheduler = f.scheduler();
    for (const week of weeks) {
      const monday = MONDAY[week] as string;
      const next = MONDAY[`W${Number(week.slice(1)) + 1}`] as string;
      f.at(TUESDAY(monday));
      for (const code of ['1', '2', '3']) await f.file(code, `2026-${week}`);
      const end = new Date(new Date(next).getTime() + 8 * 3_600_000);
      f.at(end.toISOString());
      await scheduler.runDue(new Date(TUESDAY(monday)), end);
    }
  }

  it('has /complete (/竣工) and /reopen in the table, the Chinese words only with the slash', () => {
    expect(parseChatCommand('/竣工 4 已竣工验收')).toEqual({ name: 'complete', args: '4 已竣工验收' });
    expect(parseChatCommand('竣工验收已完成')).toBeNull();
    expect(parseChatCommand('/reopen 4')).toEqual({ name: 'reopen', args: '4' });
    expect(actionFor('project:complete:abc')?.argument).toBe('abc');
  });

  it('after /complete: no nudge, not missing, not 连续未报 two weeks later; /reopen brings it back', async () => {
    expect(await say('张科长', 'complete', '4')).toContain('只有项目办');
    const done = await say('王主任', '竣工', '4 已竣工验收');
    expect(done).toContain('「4 县医院信息平台」已标记为竣工');
    expect(done).toContain('说明：已竣工验收');
    expect(await say('王主任', 'complete', '4')).toContain('已经是竣工状态');
    const entry = await f.db.auditLog.findFirstOrThrow({ where: { orgId: f.org.id, action: 'project.complete' } });
    expect(JSON.parse(entry.detail)).toMatchObject({ note: '已竣工验收', via: 'command' });

    await runWeeks(['W47', 'W48']);
    const outbox = await f.outbox();
    expect(outbox.filter((e) => e.key.startsWith('nudge:'))).toEqual([]);
    expect(outbox.filter((e) => e.text.includes('县医院信息平台'))).toEqual([]);
    const missing = await say('王主任', 'missing');
    expect(missing).not.toContain('县医院信息平台');
    expect(await say('王主任', 'status')).not.toContain('县医院信息平台');

    expect(await say('王主任', 'reopen', '1')).toContain('没有标记竣工');
    expect(await say('王主任', 'reopen', '4 验收未通过')).toContain('已恢复为在建');
    expect(await f.db.auditLog.count({ where: { orgId: f.org.id, action: 'project.reopen' } })).toBe(1);
    await runWeeks(['W49']);
    const after = await f.outbox();
    const nudge = after.find((e) => e.key.startsWith('nudge:2026-W49') && e.chatId === tg('张科长'));
    expect(nudge?.text).toContain('县医院信息平台');
    // The streak starts afresh: the completed weeks were never overdue.
    const deadline = after.find((e) => e.key.startsWith('deadline:2026-W49') && e.chatId === tg('王主任'));
    expect(deadline?.text).toContain('4 县医院信息平台');
    expect(deadline?.text).not.toContain('连续未报');
  });

  it('an owner’s 100 % report offers 竣工; 确认 marks it, the office is told, the week still shows the report', async () => {
    const receipt = await send('张科长', { text: '/report 4 100% 累计450万 已竣工验收' });
    expect(repliesText(receipt)).toContain('形象进度已到 100%。项目已竣工吗？');
    expect(receipt[0]?.message.buttons).toEqual([{ label: '🏁 标记竣工', action: `project:complete:${f.project('4').id}`, style: 'primary' }]);
    // A report below 100 % asks nothing.
    const other = await send('张科长', { text: '/report 1 60% 累计300万 主体完成' });
    expect(repliesText(other)).not.toContain('竣工');
    expect(other[0]?.message.buttons).toBeUndefined();

    // The offer belongs to the last receipt in this chat: report 4 again, then 确认.
    await send('张科长', { text: '/report 4 100% 累计450万 已竣工验收' });
    const confirmed = await send('张科长', { text: '确认' });
    expect(repliesText(confirmed)).toContain('「4 县医院信息平台」已标记为竣工');
    const toOffice = confirmed.find((r) => r.to?.chatId === tg('王主任'));
    expect(toOffice && repliesText([toOffice])).toContain('张科长 已把「4 县医院信息平台」标记为竣工');
    const project = await f.db.project.findUniqueOrThrow({ where: { id: f.project('4').id } });
    expect(project.status).toBe('completed');
    expect(project.completedAt).not.toBeNull();
    expect(JSON.parse((await f.db.auditLog.findFirstOrThrow({ where: { action: 'project.complete' } })).detail)).toMatchObject({ via: 'owner_confirm' });

    // The week it was completed still shows its report; nothing of it is missing.
    const status = await say('王主任', 'status');
    expect(status).toContain('县医院信息平台');
    expect(await say('王主任', 'missing')).not.toContain('县医院信息平台');
  });

  it('the button marks it too, only for the owner or the project office', async () => {
    const id = f.project('4').id;
    await send('张科长', { text: '/report 4 100% 累计450万 已竣工验收' });
    expect(repliesText(await send('陈科长', { action: `project:complete:${id}` }))).toContain('不是您负责的项目');
    expect((await f.db.project.findUniqueOrThrow({ where: { id } })).status).toBe('active');
    expect(repliesText(await send('张科长', { action: `project:complete:${id}` }))).toContain('已标记为竣工');
    expect(repliesText(await send('张科长', { action: `project:complete:${id}` }))).toContain('已经是竣工状态');
  });
});
