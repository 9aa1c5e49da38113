// 督办 items through the router on a real SQLite file and a real PostgreSQL schema: raised from a
// report's 存在问题 and 需协调事项, 批示 → the owner is told, a reply → 办理情况, a later report's
// 「问题1已解决」 → proposed to the coordinator (never closed), 销号 → owner and leader told,
// buttons with a pending text input (转办, 延期), scope, and the overdue ladder.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import { parseWeekId, type IsoWeek } from '../../../src/core/rules/period.ts';
import { sendOwnerNudges } from '../../../src/core/schedule/send-owner-nudges.ts';
import { readOrgSettings } from '../../../src/core/settings.ts';
import { dueDay } from '../../../src/core/supervision/item-rules.ts';
import type { Reply } from '../../../src/core/router.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildWorld, type World } from '../../support/world.ts';

const REPORT = `/report 1
形象进度：45%
存在问题：施工用电增容审批未完成
需协调事项：1. 需协调供电公司增容 2. 需协调自然资源局用地指标`;

/** The replies sent to someone else's chat (notices), as "chat: text". */
function notices(replies: Reply[]): { chatId: string; text: string; replyContext?: string; actions: string[] }[] {
  return replies
    .filter((r) => r.to)
    .map((r) => ({ chatId: r.to?.chatId ?? '', text: toPlainText(r.message), ...(r.message.replyContext ? { replyContext: r.message.replyContext } : {}), actions: (r.message.buttons ?? []).map((b) => b.action) }));
}

const answer = (replies: Reply[]) => replies.filter((r) => !r.to).map((r) => toPlainText(r.message)).join('\n');

describeEachProvider('督办 items', (provider) => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const item = (number: number) => database.db.problem.findFirstOrThrow({ where: { orgId: world.orgId, number }, include: { entries: { orderBy: { at: 'asc' } } } });

  it('raises items from 存在问题 and 需协调事项 with a 期限 and who must act', async () => {
    const receipt = await world.say('张科长', REPORT);
    expect(receipt).toContain('#1 施工用电增容审批未完成（新）');
    const items = await database.db.problem.findMany({ where: { orgId: world.orgId }, orderBy: { number: 'asc' }, include: { assigneeUnit: true, assigneePerson: true } });
    expect(items.map((i) => [i.number, i.kind, i.text, i.status, i.assigneeUnit?.name ?? null, i.assigneePerson?.name ?? null])).toEqual([
      [1, 'problem', '施工用电增容审批未完成', 'open', '县人民医院', null],
      [2, 'coordination', '需协调供电公司增容', 'open', null, '李院长'],
      [3, 'coordination', '需协调自然资源局用地指标', 'open', null, '李院长'],
    ]);
    // Filed Wednesday 2026-11-18; supervision.dueWeeks defaults to 2.
    expect(items.map((i) => dueDay(i.dueDate as Date, 'Asia/Shanghai'))).toEqual(['2026-12-02', '2026-12-02', '2026-12-02']);
    // The same items next week stay the same items.
    world.at('2026-11-25T02:00:00Z');
    await world.say('张科长', REPORT);
    expect(await database.db.problem.count({ where: { orgId: world.orgId } })).toBe(3);
    expect((await item(2)).lastSeenPeriod).toBe('2026-W48');
  });

  it('takes the due weeks from the settings', async () => {
    expect(await world.say('王主任', '/settings set supervision.dueWeeks 3')).toContain('3 周');
    await world.say('张科长', REPORT);
    expect(dueDay((await item(1)).dueDate as Date, 'Asia/Shanghai')).toBe('2026-12-09');
  });

  it('carries a 批示 to the owner, the reply back as 办理情况, and closes only by 销号', async () => {
    await world.say('张科长', REPORT);
    const instructed = await world.send('李院长', '/督办 1 请本周内与供电公司对接，周五前报结果', { chat: 'private' });
    expect(answer(instructed)).toContain('已对 #1 作出批示');
    expect(answer(instructed)).toContain('已通知：张科长');
    const [toOwner] = notices(instructed);
    expect(toOwner).toMatchObject({ chatId: '张科长', replyContext: 'item:1' });
    expect(toOwner?.text).toContain('李院长 对「县医院城东院区感染防控中心工程」的存在问题作出批示');
    expect(toOwner?.text).toContain('请本周内与供电公司对接');

    // The owner answers by replying to the notice.
    const progressed = await world.send('张科长', '已与供电公司对接，下周三现场踏勘', { chat: 'private', replyContext: toOwner?.replyContext ?? '' });
    expect(answer(progressed)).toContain('已记录 #1 的办理情况');
    expect(notices(progressed)).toEqual([expect.objectContaining({ chatId: '李院长', text: expect.stringContaining('已与供电公司对接，下周三现场踏勘') })]);
    const afterProgress = await item(1);
    expect(afterProgress.status).toBe('in_progress');
    expect(afterProgress.entries.map((e) => [e.kind, e.byName, e.text])).toEqual([
      ['instruction', '李院长', '请本周内与供电公司对接，周五前报结果'],
      ['progress', '张科长', '已与供电公司对接，下周三现场踏勘'],
    ]);

    // A later report says it is solved: proposed to the coordinator, not closed.
    world.at('2026-11-25T02:00:00Z');
    await world.say('张科长', '/report 1\n形象进度：50%\n存在问题：问题1已解决');
    const proposed = await item(1);
    expect(proposed.status).toBe('resolved');
    expect(proposed.closedAt).toBeNull();
    expect(proposed.entries.at(-1)).toMatchObject({ kind: 'proposed_close', text: '问题1已解决' });
    expect(await database.db.problem.count({ where: { orgId: world.orgId } })).toBe(3);
    const queued = await database.db.outbox.findMany({ where: { orgId: world.orgId, platformChatId: '王主任' } });
    expect(queued.map((o) => toPlainText(JSON.parse(o.message) as never))).toEqual([expect.stringContaining('「县医院城东院区感染防控中心工程」的报告称 #1「施工用电增容审批未完成」已解决')]);
    // A report that no longer lists it does not close it either.
    world.at('2026-12-02T02:00:00Z');
    await world.say('张科长', '/report 1\n形象进度：55%\n存在问题：无');
    expect((await item(1)).status).toBe('resolved');

    // 销号: coordinators only; the owner and the leader are told.
    expect(await world.say('李院长', '/销号 1 已解决')).toContain('只有项目办');
    const closed = await world.send('王主任', '/销号 1 已协调供电公司完成增容', { chat: 'private' });
    expect(answer(closed)).toContain('#1 已销号：已协调供电公司完成增容');
    expect(notices(closed).map((n) => n.chatId).sort()).toEqual(['张科长', '李院长'].sort());
    expect(notices(closed)[0]?.text).toContain('王主任 已将「县医院城东院区感染防控中心工程」#1「施工用电增容审批未完成」销号');
    expect(await item(1)).toMatchObject({ status: 'closed', closeNote: '已协调供电公司完成增容', closedById: await world.personId('王主任') });
    expect(await world.say('张科长', '/办理 1 还在跟进')).toContain('#1 已销号');
    expect(await world.say('王主任', '/销号 1 再次')).toContain('已经销号了');
  });

  it('keeps items to the project’s owner, leader and coordinators', async () => {
    await world.say('张科长', REPORT);
    expect(await world.say('陈科长', '/办理 1 我来看看')).toContain('不属于您负责的项目');
    expect(await world.say('赵院长', '/督办 1 加快')).toContain('不属于您负责的项目');
    expect(await world.say('赵院长', '', { action: 'item:instruction:1', chat: 'private' })).toContain('不属于您负责的项目');
    expect(await world.say('张科长', '/督办 1 加快')).toContain('只有责任领导或项目办');
    expect(await world.say('陈科长', '/problems')).not.toContain('施工用电增容');
    expect(await world.say('李院长', '/problems')).toContain('施工用电增容');
    expect(await world.say('王主任', '/督办 99 加快')).toContain('没有编号为 #99 的督办事项');
    expect(await world.say('王主任', '/督办 1')).toContain('用法：/supervise');
  });

  it('takes the text of a 转办 or 延期 button from the next message, and keeps asking when it is not understood', async () => {
    await world.say('张科长', REPORT);
    const prompt = await world.say('李院长', '', { action: 'item:extend:2', chat: 'private' });
    expect(prompt).toContain('请发送 #2「需协调供电公司增容」的新期限');
    expect(await world.say('李院长', '下个月吧', { chat: 'private' })).toContain('看不懂期限「下个月吧」');
    const extended = await world.send('李院长', '2026-12-31', { chat: 'private' });
    expect(answer(extended)).toContain('#2 的期限已延至 2026-12-31');
    expect(notices(extended).map((n) => n.chatId)).toEqual(['张科长']);
    expect(dueDay((await item(2)).dueDate as Date, 'Asia/Shanghai')).toBe('2026-12-31');

    await world.say('李院长', '', { action: 'item:assign:2', chat: 'private' });
    expect(await world.say('李院长', '卫生局', { chat: 'private' })).toContain('没有名为「卫生局」的单位');
    const assigned = await world.send('李院长', '县中医院', { chat: 'private' });
    expect(answer(assigned)).toContain('#2 已转办给 县中医院');
    expect(notices(assigned).map((n) => n.chatId).sort()).toEqual(['张科长', '陈科长'].sort());
    const after = await database.db.problem.findFirstOrThrow({ where: { orgId: world.orgId, number: 2 }, include: { assigneeUnit: true } });
    expect(after.assigneeUnit?.name).toBe('县中医院');
    // The input is used once: the next message is a message again.
    expect(await world.say('李院长', '县中医院', { chat: 'private' })).not.toContain('转办');

    // 取消 gives up a pending input.
    await world.say('李院长', '', { action: 'item:instruction:3', chat: 'private' });
    expect(await world.say('李院长', '取消', { chat: 'private' })).toContain('已取消，#3 未作改动');
    expect((await item(3)).entries).toEqual([]);
  });

  it('escalates an overdue item: owner first, then the leader, then the group', async () => {
    await world.say('张科长', '/report 1\n形象进度：45%\n存在问题：施工用电增容审批未完成');
    const org = await database.db.org.findUniqueOrThrow({ where: { id: world.orgId } });
    const settings = readOrgSettings(org.settings);
    const nudge = async (iso: string, period: string) => {
      const result = await sendOwnerNudges(world.deps, { org, settings, week: parseWeekId(period) as IsoWeek, period, at: new Date(iso) });
      return result.deliveries.filter((d) => d.key.includes(':items:')).map((d) => ({ chatId: d.to.chatId, text: toPlainText(d.message) }));
    };
    // Due 2026-12-02: not overdue on Friday 11-27.
    expect(await nudge('2026-11-27T02:00:00Z', '2026-W48')).toEqual([]);
    const first = await nudge('2026-12-04T02:00:00Z', '2026-W49');
    expect(first.map((d) => d.chatId)).toEqual(['张科长']);
    expect(first[0]?.text).toContain('#1 县医院城东院区感染防控中心工程：施工用电增容审批未完成（期限 2026-12-02，已超期 1 周，待办）');
    expect((await nudge('2026-12-11T02:00:00Z', '2026-W50')).map((d) => d.chatId)).toEqual(['张科长', '李院长']);
    const third = await nudge('2026-12-18T02:00:00Z', '2026-W51');
    expect(third.map((d) => d.chatId)).toEqual(['张科长', '李院长', `group-${world.orgId}`]);
    // A 延期 takes it off the ladder.
    world.at('2026-12-18T02:00:00Z');
    await world.say('李院长', '', { action: 'item:extend:1', chat: 'private' });
    await world.say('李院长', '2027-01-15', { chat: 'private' });
    expect(await nudge('2026-12-25T02:00:00Z', '2026-W52')).toEqual([]);
  });
});
