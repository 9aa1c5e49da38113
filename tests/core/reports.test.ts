// Filing reports through the router, on a real SQLite file and a real PostgreSQL schema.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildWorld, WAN, type World } from '../support/world.ts';

const REPORT_1 = `/report 城东院区
形象进度：45%
本周完成投资: 120万
累计完成投资：3200万元
本周进展：主体结构第三层浇筑完成
存在问题：1. 施工用电增容审批未完成 2. 雨季影响土方外运
下周计划：第四层钢筋绑扎`;

describeEachProvider('filing weekly reports', (provider) => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const reportsOf = (code: string) => database.db.report.findMany({ where: { project: { code, orgId: world.orgId } }, include: { revisions: true } });

  it('stores an owner’s report and confirms it with derived figures', async () => {
    const reply = await world.say('张科长', REPORT_1);
    expect(reply).toContain('已收到');
    expect(reply).toContain('32%'); // 3200 of the 10000 annual plan
    expect(reply).toContain('按时报送');
    expect(reply).toMatch(/#1 施工用电增容审批未完成（新）/);
    const [report] = await reportsOf('1');
    expect(report).toMatchObject({ period: '2026-W47', revision: 1, progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN, late: false, onBehalf: false });
    expect(report?.revisions[0]?.sourceText).toContain('主体结构第三层浇筑完成');
    const problems = await database.db.problem.findMany({ where: { orgId: world.orgId }, orderBy: { number: 'asc' } });
    expect(problems.map((p) => [p.number, p.text])).toEqual([
      [1, '施工用电增容审批未完成'],
      [2, '雨季影响土方外运'],
    ]);
    const audit = await database.db.auditLog.findMany({ where: { orgId: world.orgId, action: 'report.submit' } });
    expect(audit).toHaveLength(1);
  });

  it('keeps what a correction does not restate, and says so', async () => {
    await world.say('张科长', REPORT_1);
    const reply = await world.say('张科长', '/report 1 46%');
    expect(reply).toContain('沿用第 1 版：本周完成投资、累计完成投资、本周进展、下周计划、存在问题');
    const [report] = await reportsOf('1');
    expect(report).toMatchObject({ revision: 2, progress: 46, cumulative: 3200n * WAN, done: '主体结构第三层浇筑完成' });
    expect(report?.problems).toBe('施工用电增容审批未完成\n雨季影响土方外运');
  });

  it('keeps every revision of a week; the latest counts and /history shows them', async () => {
    await world.say('张科长', REPORT_1);
    world.at('2026-11-19T03:00:00Z');
    const reply = await world.say('张科长', '/report 1 46% 累计3300万 补充：第三层验收通过');
    expect(reply).toContain('第 2 版');
    const [report] = await reportsOf('1');
    expect(report).toMatchObject({ revision: 2, progress: 46, cumulative: 3300n * WAN });
    expect(report?.revisions).toHaveLength(2);
    const history = await world.say('张科长', '/history 1');
    expect(history).toContain('第 2 版');
    expect(history).toContain('第 1 版');
  });

  it('compares with last week: progress change, and cumulative derived from this week', async () => {
    world.at('2026-11-11T02:00:00Z'); // 2026-W46
    await world.say('张科长', '/report 1 40% 本周100万 累计3080万');
    world.at('2026-11-18T02:00:00Z'); // 2026-W47
    const reply = await world.say('张科长', '/report 1\n形象进度: 45%\n本周完成投资: 120万');
    expect(reply).toContain('较上周 +5');
    expect(reply).toContain('按上周累计推算');
    const [, w47] = (await reportsOf('1')).sort((a, b) => a.period.localeCompare(b.period));
    expect(w47?.cumulative).toBe(3200n * WAN);
  });

  it('reads a group message addressed to the bot as a report, and ignores other chatter', async () => {
    expect(await world.say('张科长', '城东院区 45% 累计3200万 主体封顶')).toBe('');
    const addressed = await world.send('张科长', '城东院区 45% 累计3200万 主体封顶', { addressed: true });
    expect(addressed.map((r) => r.message.summary).join()).toContain('已收到');
    expect(await reportsOf('1')).toHaveLength(1);
  });

  it('lets an owner with one project leave the project out', async () => {
    const reply = await world.say('刘站长', '/report\n形象进度: 30%\n累计完成投资: 500万');
    expect(reply).toContain('乡镇卫生院设备购置');
    expect(await reportsOf('3')).toHaveLength(1);
  });

  it('refuses someone who is not the owner, and stores nothing', async () => {
    const reply = await world.say('陈科长', '/report 1 45%');
    expect(reply).toContain('只有');
    expect(reply).toContain('张科长');
    expect(reply).toContain('> /report 1 45%'); // quoted back as it can be sent again, nothing lost
    const leader = await world.say('李院长', '/report 1 45%');
    expect(leader).toContain('只有');
    expect(await reportsOf('1')).toHaveLength(0);
  });

  it('records a coordinator filing on the owner’s behalf', async () => {
    const reply = await world.say('王主任', '/report 2 20% 累计800万');
    expect(reply).toContain('由 王主任 代 陈科长 填报');
    const [report] = await reportsOf('2');
    expect(report).toMatchObject({ onBehalf: true, authorId: await world.personId('王主任') });
  });

  it('asks for confirmation when cumulative goes down, and stores on 确认', async () => {
    world.at('2026-11-11T02:00:00Z');
    await world.say('张科长', '/report 1 40% 累计3080万');
    world.at('2026-11-18T02:00:00Z');
    const first = await world.say('张科长', '/report 1 41% 累计3000万');
    expect(first).toContain('比第46周（11月9日—15日）的 3080万元 还少');
    expect(first).toContain('确认');
    expect((await reportsOf('1')).find((r) => r.period === '2026-W47')).toBeUndefined();
    const confirmed = await world.say('张科长', '确认');
    expect(confirmed).toContain('已收到');
    expect((await reportsOf('1')).find((r) => r.period === '2026-W47')?.cumulative).toBe(3000n * WAN);
    expect(await world.say('张科长', '确认')).toContain('没有待确认');
  });

  it('accepts confirm written in the report itself, and 取消 drops a draft', async () => {
    world.at('2026-11-11T02:00:00Z');
    await world.say('张科长', '/report 1 40% 累计3080万');
    world.at('2026-11-18T02:00:00Z');
    await world.say('张科长', '/report 1 35% 累计3100万');
    expect(await world.say('张科长', '取消')).toContain('已取消');
    const reply = await world.say('张科长', '/report 1\n形象进度: 35%\n确认');
    expect(reply).toContain('已收到');
  });

  it('refuses cumulative above the total investment', async () => {
    const reply = await world.say('张科长', '/report 4 50% 累计900万');
    expect(reply).toContain('超过了项目总投资 800万元');
    expect(reply).toContain('累计900万'); // what was typed is quoted back
    expect(await reportsOf('4')).toHaveLength(0);
  });

  it('needs a reason after the deadline, then files a late report', async () => {
    world.at('2026-11-20T09:30:00Z'); // Friday 17:30 in Shanghai
    const reply = await world.say('张科长', '/report 1 45%');
    expect(reply).toContain('截止时间（2026-11-20 17:00）已过');
    expect(await reportsOf('1')).toHaveLength(0);
    const late = await world.say('张科长', '/report 1\n形象进度: 45%\n原因: 出差');
    expect(late).toContain('补报（原因：出差）');
    expect((await reportsOf('1'))[0]).toMatchObject({ late: true, lateReason: '出差' });
  });

  it('files for last week with 上周, as a late report', async () => {
    const reply = await world.say('张科长', '/report 1\n周次: 上周\n形象进度: 40%\n原因: 补录');
    expect(reply).toContain('第46周（11月9日—15日）');
    expect((await reportsOf('1'))[0]?.period).toBe('2026-W46');
  });

  it('lists candidates for an unknown or ambiguous project', async () => {
    const unknown = await world.say('张科长', '/report 不存在的项目 45%');
    expect(unknown).toContain('没有找到项目「不存在的项目」');
    expect(unknown).toContain('县医院信息平台'); // one of the sender's projects
    const ambiguous = await world.say('王主任', '/report 县医院 45%');
    expect(ambiguous).toContain('对应多个项目');
  });

  it('shows each person the week in their scope', async () => {
    await world.say('张科长', REPORT_1);
    const all = await world.say('王主任', '/status');
    expect(all).toContain('共 4 个项目：按时 1');
    const leader = await world.say('赵院长', '进度');
    expect(leader).toContain('共 1 个项目');
    expect(leader).toContain('县中医院综合楼');
    const missing = await world.say('王主任', '/missing');
    expect(missing).toContain('@陈科长');
    expect(missing).not.toContain('城东院区感染防控中心');
  });

  it('closes problems (coordinators only) and does not duplicate a problem reported again', async () => {
    world.at('2026-11-11T02:00:00Z');
    await world.say('张科长', '/report 1\n形象进度: 40%\n存在问题: 施工用电增容审批未完成');
    world.at('2026-11-18T02:00:00Z');
    await world.say('张科长', '/report 1\n形象进度: 45%\n存在问题: 施工用电增容审批未完成');
    expect(await database.db.problem.count({ where: { orgId: world.orgId } })).toBe(1);
    expect(await world.say('张科长', '/close 1 已解决')).toContain('只有项目办');
    expect(await world.say('王主任', '/problems')).toContain('#1');
    expect(await world.say('王主任', '/close 1 已与供电公司协调解决')).toContain('#1 已销号：已与供电公司协调解决');
    const closed = await database.db.problem.findFirstOrThrow({ where: { orgId: world.orgId, number: 1 } });
    expect(closed).toMatchObject({ status: 'closed', closedById: await world.personId('王主任'), closeNote: '已与供电公司协调解决' });
    expect(await world.say('王主任', '/problems')).toContain('没有符合条件的问题');
    expect(await world.say('王主任', '/problems status:all')).toContain('已销号');
  });

  it('binds an unknown account after a coordinator approves its /iam claim', async () => {
    const stranger = await world.say('张科长', '/status', { senderId: 'phone-2' });
    expect(stranger).toContain('/iam');
    expect(await world.say('张科长', '/iam 张科长', { senderId: 'phone-2' })).toContain('等待项目办确认');
    // 张科长's sandbox account is already bound by name, so the claim is for another platform in real use;
    // here the claim is refused as taken once the name is bound on this platform.
    await world.say('张科长', '/whoami');
    expect(await world.say('陈科长', '/iam 张科长', { senderId: 'phone-3' })).toContain('已绑定了别的账号');
  });

  it('approves a claim with the button and binds the account', async () => {
    await database.db.person.create({ data: { orgId: world.orgId, name: '周工', isOwner: true } });
    await world.say('王主任', '/whoami');
    const replies = await world.send('周', '/iam 周工', { senderId: 'tg-42' });
    // The group sees the buttons; every coordinator also gets them privately.
    expect(replies.filter((r) => r.to).map((r) => r.to?.chatId)).toEqual(['王主任']);
    const buttons = replies.filter((r) => !r.to).flatMap((r) => r.message.buttons ?? []);
    expect(buttons.map((b) => b.action)).toEqual([expect.stringMatching(/^claim:approve:/), expect.stringMatching(/^claim:reject:/)]);
    expect(await world.say('张科长', '', { action: buttons[0]?.action })).toContain('只有项目办');
    expect(await world.say('王主任', '', { action: buttons[0]?.action })).toContain('已确认');
    expect(await world.say('周', '/whoami', { senderId: 'tg-42' })).toContain('您是「周工」');
  });

  it('keeps orgs apart', async () => {
    const other = await buildWorld(database.db, {
      orgName: '另一个县',
      people: [{ name: '孙主任', coordinator: true }, { name: '钱科长', owner: true }],
      projects: [{ code: '1', name: '另一个县医院', unit: '某医院', leader: '孙主任', owner: '钱科长', totalWan: 100, planWan: 50 }],
    });
    const status = await other.say('孙主任', '/status');
    expect(status).toContain('共 1 个项目');
    expect(status).not.toContain('城东院区');
    expect(await other.say('孙主任', '/report 城东院区 45%')).toContain('没有找到');
  });

  it('answers in English after /lang en', async () => {
    expect(await world.say('张科长', '/lang en')).toContain('Switched to English');
    const reply = await world.say('张科长', '/report 1\nprogress: 45%\ncumulative: 3200');
    expect(reply).toContain('Received');
    expect(reply).toContain('32% of the annual plan');
  });
});
