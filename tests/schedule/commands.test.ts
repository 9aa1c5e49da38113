// The schedule commands through the router, on both providers: /settings, /holiday, /workday,
// /pause, /leave, /resume and /remind with its cooldown.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { commandNamed, parseChatCommand } from '../../src/core/commands/command-table.ts';
import { translator } from '../../src/core/messages/catalog/index.ts';
import { settingLabel } from '../../src/core/schedule/settings-command.ts';
import { readOrgSettings, SETTING_KEYS } from '../../src/core/settings.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildFixture, GROUP_CHAT, repliesText, tg, type Fixture } from './fixtures.ts';

describeEachProvider('schedule commands', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db, { now: '2026-11-18T02:00:00Z' }); // Wednesday 10:00, W47
  });
  afterEach(async () => {
    await database.destroy();
  });

  const say = async (name: string, command: string, args = '', chat: 'group' | 'private' = 'group') => repliesText(await f.command(name, command, args, chat));
  const settings = async () => readOrgSettings((await f.db.org.findUniqueOrThrow({ where: { id: f.org.id } })).settings);

  it('has its commands in the table with Chinese aliases that need the slash', async () => {
    const aliases = { settings: '设置', remind: '提醒', holiday: '假日', workday: '调休', pause: '暂停', leave: '请假', resume: '恢复' };
    for (const [name, alias] of Object.entries(aliases)) {
      expect(commandNamed(name)?.aliases).toContain(alias);
      expect(parseChatCommand(`/${alias} x`)).toEqual({ name, args: 'x' });
      expect(parseChatCommand(`${alias} x`)).toBeNull();
    }
  });

  it('/settings in a group goes to the asker privately, with one line in the group and a Chinese label for every key', async () => {
    const replies = await f.command('王主任', 'settings', '');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.to).toEqual({ platform: 'telegram', chatId: tg('王主任') });
    expect(replies[1]?.to).toBeUndefined();
    expect(repliesText([replies[1] as (typeof replies)[number]])).toBe('设置已私信发送给您。');
    const full = repliesText([replies[0] as (typeof replies)[number]]);
    for (const key of SETTING_KEYS) {
      const label = settingLabel(translator('zh-CN'), key);
      expect(label, key.key).not.toBe(key.key);
      expect(label, key.key).toMatch(/[\u4e00-\u9fff]/);
      expect(full).toContain(`${label}：`);
    }
    expect(full).toContain('群内提醒时间：16:00');
    // In private it is answered there; a change made in the group is answered in the group.
    expect((await f.command('王主任', 'settings', '', 'private'))[0]?.to).toBeUndefined();
    const changed = await f.command('王主任', 'settings', 'set reminder.time 15:30');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.to).toBeUndefined();
  });

  it('/settings shows every value with how to change it; coordinators change them, validated and audited', async () => {
    const shown = await say('张科长', 'settings', '', 'private');
    expect(shown).toContain('群内填报提醒：开，每周四 16:00，遇节假日提前到前一个工作日');
    expect(shown).toContain('reminder.time HH:mm');
    expect(shown).toContain('每周五 17:00 截止');
    expect(shown).toContain('只有项目办');
    expect(await say('张科长', 'settings', 'set reminder.time 15:30')).toContain('只有项目办');

    expect(await say('王主任', 'settings', 'set reminder.time 15:30')).toContain('已修改 reminder.time：16:00 → 15:30');
    expect(await say('王主任', 'settings', 'reminder.weekday 周三')).toContain('周四 → 周三');
    expect(await say('王主任', 'settings', 'set reminder.holiday 顺延')).toContain('顺延到下一个工作日');
    expect(await say('王主任', 'settings', 'set nudge.enabled off')).toContain('开 → 关');
    expect(await say('王主任', 'settings', 'set remind.cooldown 30')).toContain('60 分钟 → 30 分钟');
    expect((await settings()).jobs.reminder).toEqual({ enabled: true, weekday: 3, time: '15:30', holiday: 'next' });
    expect((await settings()).jobs.nudge.enabled).toBe(false);

    expect(await say('王主任', 'settings', 'set reminder.time 25:00')).toContain('不是 reminder.time 的有效值');
    expect(await say('王主任', 'settings', 'set deadline.holiday previous')).toContain('skip（不发）/ next（顺延）');
    expect(await say('王主任', 'settings', 'set reminder.colour red')).toContain('没有「reminder.colour」这一项');
    expect(await say('王主任', 'settings', 'set timezone Mars/Base')).toContain('不是 timezone 的有效值');
    expect(await say('王主任', 'settings', 'set timezone America/New_York')).toContain('Asia/Shanghai → America/New_York');
    expect((await f.db.org.findUniqueOrThrow({ where: { id: f.org.id } })).timeZone).toBe('America/New_York');
    expect(await say('王主任', 'settings', 'reset reminder.time')).toContain('15:30 → 16:00');
    expect(await say('王主任', 'settings', 'set reminder.time 16:00')).toContain('已经是 16:00');

    const audit = await f.db.auditLog.findMany({ where: { orgId: f.org.id, action: 'settings.change' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => (JSON.parse(a.detail) as { key: string }).key)).toEqual(['reminder.time', 'reminder.weekday', 'reminder.holiday', 'nudge.enabled', 'remind.cooldown', 'timezone', 'reminder.time']);
  });

  it('/settings set keeps the other settings as they were (the digest plan curve)', async () => {
    const digest = { planCurve: [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100], amberPoints: 5 };
    await f.db.org.update({ where: { id: f.org.id }, data: { settings: JSON.stringify({ digest }) } });
    expect(await say('王主任', 'settings', 'set reminder.time 15:30')).toContain('16:00 → 15:30');
    expect(await say('王主任', 'settings', 'reset reminder.time')).toContain('15:30 → 16:00');
    const stored = JSON.parse((await f.db.org.findUniqueOrThrow({ where: { id: f.org.id } })).settings) as { digest: unknown; jobs: { reminder: { time: string } } };
    expect(stored.digest).toMatchObject(digest);
    expect(stored.jobs.reminder.time).toBe('16:00');
  });

  it('/holiday and /workday correct the calendar, and the scheduler follows', async () => {
    expect(await say('张科长', 'holiday', 'add 2026-11-19')).toContain('只有项目办');
    expect(await say('王主任', 'holiday', 'add 2026-11-19 防汛')).toContain('已设为休息日：2026-11-19（周四）');
    expect(await say('王主任', 'workday', 'add 2027-02-07~2027-02-08')).toContain('2027-02-07 至 2027-02-08（2 天）');
    expect(await say('王主任', 'holiday', 'add 2027-02-30')).toContain('看不懂日期「2027-02-30」');
    const list = await say('王主任', 'holiday', 'list');
    expect(list).toContain('2026-11-19（周四）休（防汛）');
    expect(list).toContain('2027-02-07（周日）班');
    expect(list).toContain('⚠ 2027 年的法定节假日还没有数据');
    // Thursday is now a day off: the reminder moves to Wednesday 16:00.
    f.at('2026-11-18T08:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-18T07:00:00Z'), new Date('2026-11-18T08:00:00Z'));
    expect((await f.outbox()).filter((e) => e.key.startsWith('reminder:2026-W47')).map((e) => e.createdAt.toISOString())).toEqual(['2026-11-18T08:00:00.000Z']);
    expect(await say('王主任', 'workday', 'remove 2026-11-19')).toContain('没有手工设置的调休上班日');
    expect(await say('王主任', 'holiday', 'remove 2026-11-19')).toContain('已删除');
    expect(await f.db.calendarOverride.count({ where: { orgId: f.org.id } })).toBe(2);
    expect(await f.db.auditLog.count({ where: { orgId: f.org.id, action: { startsWith: 'calendar.' } } })).toBe(3);
  });

  it('/pause, /leave and /resume quiet projects and people', async () => {
    expect(await say('王主任', 'pause', '')).toContain('没有暂停的项目');
    expect(await say('王主任', 'pause', '3 至 2027-03-01 冬季停工')).toContain('已暂停「3 乡镇卫生院设备购置」至 2027-03-01');
    const project = await f.db.project.findUniqueOrThrow({ where: { id: f.project('3').id } });
    expect(project.status).toBe('paused');
    expect(project.pausedUntil?.toISOString()).toBe('2027-03-01T16:00:00.000Z'); // through 1 March, Shanghai
    expect(await say('王主任', 'pause', 'project 综合楼')).toContain('已暂停「2 县中医院综合楼」（直到恢复）');
    expect(await say('王主任', 'leave', '张科长 至 2026-11-20 出差')).toContain('已登记「张科长」请假至 2026-11-20');
    expect(await say('王主任', 'leave', '张科长')).toContain('请假到哪一天');
    expect(await say('王主任', 'leave', '张科长 至 2026-11-01')).toContain('已经过去了');
    expect(await say('王主任', 'leave', '无名氏 至 2026-12-01')).toContain('项目清单上没有「无名氏」');
    expect(await say('王主任', 'pause', '医院')).toContain('对应多个项目');
    expect(await say('刘站长', 'pause', '3')).toContain('只有项目办');
    const listed = await say('李院长', 'pause');
    expect(listed).toContain('⏸ 3 乡镇卫生院设备购置 停工至 2027-03-01');
    expect(listed).toContain('🏖 张科长 请假至 2026-11-20');

    // Thursday's reminder: projects 1 and 4 (张科长 on leave), 2 and 3 paused → nothing missing, nothing sent.
    f.at('2026-11-19T08:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-19T07:00:00Z'), new Date('2026-11-19T08:00:00Z'));
    expect((await f.outbox()).filter((e) => e.key.startsWith('reminder:'))).toEqual([]);

    expect(await say('王主任', 'resume', '3')).toContain('「3 乡镇卫生院设备购置」已恢复');
    expect(await say('王主任', 'resume', '张科长')).toContain('「张科长」已销假');
    expect(await say('王主任', 'resume', '张科长')).toContain('没有暂停');
    expect(await say('王主任', 'resume', '火星')).toContain('没有找到项目或人员「火星」');
    const resumed = await f.db.project.findUniqueOrThrow({ where: { id: f.project('3').id } });
    expect(resumed).toMatchObject({ status: 'active', pausedUntil: null });
    expect(await f.db.auditLog.count({ where: { orgId: f.org.id, action: { in: ['project.pause', 'person.leave', 'project.resume', 'person.resume'] } } })).toBe(5);
  });

  it('/remind sends the reminder now, then holds back for the cooldown', async () => {
    expect(await say('张科长', 'remind')).toContain('只有项目办');
    const first = await f.command('王主任', 'remind', '');
    expect(first).toHaveLength(1);
    expect(first[0]?.to).toBeUndefined(); // in this group, directly
    expect(repliesText(first)).toContain('@张科长');
    expect(first[0]?.message.replyContext).toBe('report:');
    f.at('2026-11-18T02:30:00Z');
    expect(await say('王主任', 'remind')).toContain('60 分钟内已经提醒过（上次 2026-11-18 10:00），请在 2026-11-18 11:00 之后再试');
    f.at('2026-11-18T03:01:00Z');
    // From a private chat: to every group, through the outbox.
    const fromDm = await f.command('王主任', 'remind', '', 'private');
    expect(fromDm.map((r) => r.to?.chatId ?? 'here')).toEqual([GROUP_CHAT, 'here']);
    expect(fromDm[0]?.key).toMatch(/^remind:/);
    expect(repliesText(fromDm)).toContain('已在 1 个群发送填报提醒');
    // The scheduled reminder counts too.
    f.at('2026-11-19T08:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-19T07:59:00Z'), new Date('2026-11-19T08:00:00Z'));
    f.at('2026-11-19T08:20:00Z');
    expect(await say('王主任', 'remind')).toContain('已经提醒过');
    // Nothing to remind when everyone has reported.
    f.at('2026-11-19T10:00:00Z');
    for (const code of ['1', '2', '3', '4']) await f.file(code, '2026-W47');
    expect(await say('王主任', 'remind')).toContain('所有项目都已填报');
  });
});
