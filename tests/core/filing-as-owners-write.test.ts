// Filing as owners really write (issue: every figure read right or refused), end to end through the
// router into the database, and the answers the owner gets: the receipt echoes every stored field,
// a refusal quotes the message as it can be sent again, prose gets a short help.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildWorld, WAN, type World } from '../support/world.ts';

describeEachProvider('filing as owners write', (provider) => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const report = (code: string) => database.db.report.findFirst({ where: { project: { code, orgId: world.orgId } } });

  it.each([
    // The two silent misreadings, now read right.
    ['/report 1 形象进度 30% 本周完成投资 80万 累计 600万', { progress: 30, investedThisWeek: 80n * WAN, cumulative: 600n * WAN }],
    ['/report 1 40%，本周80万，累计680万，基础完成', { progress: 40, investedThisWeek: 80n * WAN, cumulative: 680n * WAN, done: '基础完成' }],
    ['/report 1 40%, 本周80万, 累计680万, 基础完成', { progress: 40, investedThisWeek: 80n * WAN, cumulative: 680n * WAN, done: '基础完成' }],
    ['/report 1\n形象进度：35%；累计完成投资：300万元（含设备预付款）', { progress: 35, cumulative: 300n * WAN }],
    ['/report 1\n形象进度 35%\n一、本周进展：主体封顶\n二、存在问题：无', { progress: 35, done: '主体封顶' }],
  ])('stores %j with every figure in its field', async (text, expected) => {
    const reply = await world.say('张科长', text);
    expect(reply).toContain('已收到');
    expect(await report('1')).toMatchObject(expected);
  });

  it('refuses a negative amount and a figure it cannot place, naming it, and stores nothing', async () => {
    const negative = await world.say('张科长', '/report 1 45% 本周-120万 累计3200万');
    expect(negative).toContain('不能为负数');
    expect(negative).toContain('> /report 1 45% 本周-120万 累计3200万');
    const bare = await world.say('张科长', '/report 1 45% 80万');
    expect(bare).toContain('80万');
    expect(await report('1')).toBeNull();
  });

  it('echoes every stored field in the receipt, with notes and shares of the annual plan', async () => {
    const reply = await world.say('张科长', '/report 1\n形象进度：45%\n本周完成投资：120万\n累计完成投资：3200万元（含设备预付款）\n本周进展：主体封顶\n存在问题：用电增容未批\n下周计划：砌体\n需协调事项：请供电公司加快');
    expect(reply).toContain('形象进度：45%（首次填报）');
    expect(reply).toContain('本周完成投资：120万元，占年度计划 1.2%');
    expect(reply).toContain('累计完成投资：3200万元，占年度计划 32%（含设备预付款）');
    for (const text of ['主体封顶', '用电增容未批', '砌体', '请供电公司加快']) expect(reply).toContain(text);
    expect((await report('1'))?.notes).toBe('cumulative: 含设备预付款');
    // A later revision that keeps the figure keeps its note; a change of 形象进度 is in 个百分点.
    const again = await world.say('张科长', '/report 1 50%');
    expect(again).toContain('（含设备预付款）');
    world.at('2026-11-25T02:00:00Z');
    expect(await world.say('张科长', '/report 1 55% 累计3300万')).toContain('较上周 +5个百分点');
  });

  it('answers prose it cannot read with the format for the sender’s project, in at most eight lines', async () => {
    const reply = await world.say('张科长', '这周还是老样子，没啥变化', { replyContext: 'report:4' });
    expect(reply.split('\n').length).toBeLessThanOrEqual(8);
    expect(reply).toContain('形象进度');
    expect(reply).toContain('/report 4');
    expect(reply).not.toContain('/approve');
    // In a private chat too; someone who files no reports gets the commands they may use instead.
    const privately = await world.say('张科长', '你好', { chat: 'private' });
    expect(privately.split('\n').length).toBeLessThanOrEqual(8);
    const leader = await world.say('李院长', '你好', { chat: 'private' });
    expect(leader).toContain('/digest');
    expect(leader).not.toContain('/approve');
  });

  it('quotes a late filing back ready to send again, with the reason line to fill in', async () => {
    world.at('2026-11-21T02:00:00Z'); // Saturday: W47's deadline has passed
    const reply = await world.say('张科长', '45%', { replyContext: 'report:1' });
    expect(reply).toContain('补报');
    expect(reply).toMatch(/\/report 1\n\s*45%\n\s*原因: /);
    expect(await report('1')).toBeNull();
  });
});
