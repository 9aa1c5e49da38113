// 督办 end to end on the fake Telegram Bot API: the app from a config (real grammY, real SQLite), the
// digest and the nudge run by the scheduler's own job runner. A leader's 批示 from the digest's
// button reaches the owner; the owner's reply becomes 办理情况; an overdue item escalates; 销号
// tells the owner and the leader; the ledger's 问题清单 shows 期限, 批示 and 办理情况.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.ts';
import { loadAudience } from '../../src/core/schedule/audience.ts';
import { runScheduledJob } from '../../src/core/schedule/run-scheduled-job.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import type { SentMessage } from '../support/fake-telegram.ts';
import { startHarness, USERS, type TelegramHarness } from '../adapters/telegram/harness.ts';

const LI = { id: 1005, first_name: '李院长', language_code: 'zh-hans' } as const;

let h: TelegramHarness;

beforeAll(async () => {
  h = await startHarness({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'supervision-tg-')) } });
  // The leader and the owner have linked their accounts.
  await h.db.db.identity.create({ data: { personId: await h.world.personId('李院长'), platform: 'telegram', platformUserId: String(LI.id), displayName: '李院长' } });
  await h.db.db.identity.create({ data: { personId: await h.world.personId('张科长'), platform: 'telegram', platformUserId: String(USERS.zhang.id), displayName: 'zhang_kz' } });
});
afterAll(async () => {
  await h?.close();
});

function say(from: { id: number; first_name: string }, text: string, replyTo?: number): number {
  const update = h.fake.message({ chatId: from.id, from, text, ...(replyTo !== undefined ? { replyTo } : {}) });
  h.fake.push(update);
  return (update.message as { message_id: number }).message_id;
}

function keyboard(m: SentMessage): { text: string; callback_data: string }[] {
  return ((m.reply_markup?.inline_keyboard as { text: string; callback_data: string }[][] | undefined) ?? []).flat();
}

async function runJob(job: 'digest' | 'nudge', period: string, dueAt: string) {
  const org = await h.db.db.org.findUniqueOrThrow({ where: { id: h.world.orgId } });
  const outcome = await runScheduledJob(h.app.deps, {
    org,
    settings: readOrgSettings(org.settings),
    occurrence: { job, period, dueAt: new Date(dueAt) },
    claimedBy: 'test',
    handlers: JOB_HANDLERS,
    audience: await loadAudience(h.app.deps, org),
  });
  expect(outcome.kind).toBe('done');
  h.app.outbox.poke();
}

const after = (m: SentMessage, since: number) => m.message_id > since;

describe('督办 on Telegram', () => {
  let instruction: SentMessage;

  it('carries a 批示 from the leader digest’s button to the owner', async () => {
    const id = say(USERS.zhang, '/report 1\n形象进度：45%\n存在问题：施工用电增容审批未完成\n需协调事项：需协调供电公司增容');
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.zhang.id).find((m) => m.reply_to === id || m.text.includes('已收到')), 8000, 'the receipt');

    await runJob('digest', '2026-W47', '2026-11-23T01:00:00Z');
    const digest = await h.fake.waitFor(() => h.fake.messagesTo(LI.id).find((m) => keyboard(m).some((b) => b.callback_data === 'item:instruction:1')), 15000, 'the leader digest with item buttons');
    expect(digest.text).toContain('施工用电增容审批未完成');
    expect(keyboard(digest).map((b) => b.text)).toEqual(expect.arrayContaining(['批示 #1', '转办 #1', '延期 #1', '批示 #2']));

    h.fake.push(h.fake.callback({ message: digest, from: LI, data: 'item:instruction:1' }));
    const prompt = await h.fake.waitFor(() => h.fake.messagesTo(LI.id).find((m) => m.text.includes('请发送对 #1')), 8000, 'the prompt');
    say(LI, '请本周内与供电公司对接，周五前报结果');
    instruction = await h.fake.waitFor(() => h.fake.messagesTo(USERS.zhang.id).find((m) => after(m, prompt.message_id) && m.text.includes('督办批示 #1')), 8000, 'the instruction at the owner');
    expect(instruction.text).toContain('请本周内与供电公司对接，周五前报结果');
    expect(instruction.reply_markup).toMatchObject({ force_reply: true });
    await h.fake.waitFor(() => h.fake.messagesTo(LI.id).find((m) => m.text.includes('已对 #1 作出批示') && m.text.includes('已通知：张科长')), 8000, 'the leader’s confirmation');
  });

  it('takes the owner’s reply to the notice as 办理情况 and tells the leader', async () => {
    const id = say(USERS.zhang, '已与供电公司对接，下周三现场踏勘', instruction.message_id);
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.zhang.id).find((m) => after(m, id) && m.text.includes('已记录 #1 的办理情况')), 8000, 'the owner’s confirmation');
    const notice = await h.fake.waitFor(() => h.fake.messagesTo(LI.id).find((m) => m.text.includes('办理情况 #1')), 8000, 'the progress at the leader');
    expect(notice.text).toContain('已与供电公司对接，下周三现场踏勘');
    const item = await h.db.db.problem.findFirstOrThrow({ where: { orgId: h.world.orgId, number: 1 } });
    expect(item.status).toBe('in_progress');
  });

  it('escalates an overdue item to the owner and then the leader', async () => {
    // Due 2026-12-02; the nudge of W50 (Friday 12-11) is in its second week overdue.
    const before = Math.max(0, ...h.fake.sent.map((m) => m.message_id));
    await runJob('nudge', '2026-W50', '2026-12-11T02:00:00Z');
    const owner = await h.fake.waitFor(() => h.fake.messagesTo(USERS.zhang.id).find((m) => after(m, before) && m.text.includes('督办事项超期')), 8000, 'the owner’s overdue notice');
    expect(owner.text).toContain('#1 县医院城东院区感染防控中心工程：施工用电增容审批未完成（期限 2026-12-02，已超期 2 周，办理中）');
    const leader = await h.fake.waitFor(() => h.fake.messagesTo(LI.id).find((m) => after(m, before) && m.text.includes('督办事项超期')), 8000, 'the leader’s overdue notice');
    expect(keyboard(leader).map((b) => b.callback_data)).toContain('item:extend:1');
  });

  it('销号 tells the owner and the leader', async () => {
    const before = Math.max(0, ...h.fake.sent.map((m) => m.message_id));
    say(USERS.wang, '/销号 1 已协调供电公司完成增容');
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).find((m) => after(m, before) && m.text.includes('#1 已销号')), 8000, 'the coordinator’s confirmation');
    for (const person of [USERS.zhang, LI]) {
      const told = await h.fake.waitFor(() => h.fake.messagesTo(person.id).find((m) => after(m, before) && m.text.includes('销号 #1')), 8000, `the close notice to ${person.first_name}`);
      expect(told.text).toContain('已协调供电公司完成增容');
    }
  });

  it('fills the ledger’s 问题清单 with 期限, 批示 and 办理情况', async () => {
    say(USERS.wang, '/export 本周'); // before Friday's deadline /export alone gives the last closed week
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).find((m) => m.text.includes('进度台账（XLSX）')), 15000, 'the ledger');
    const row = await h.db.db.outbox.findMany({ where: { platformChatId: String(USERS.wang.id) } });
    const attachment = row.map((r) => (JSON.parse(r.message) as OutboundMessage).attachment).find((a) => a?.fileName.endsWith('.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(attachment?.path ?? '');
    const sheet = workbook.getWorksheet('问题清单');
    const header = (sheet?.getRow(3).values as unknown[]).slice(1);
    const first = (sheet?.getRow(4).values as unknown[]).slice(1);
    const cell = (name: string) => first[header.indexOf(name)];
    expect(cell('期限')).toBe('2026-12-02');
    expect(cell('批示')).toMatch(/^2026-11-\d\d 李院长：请本周内与供电公司对接，周五前报结果$/);
    expect(cell('办理情况')).toMatch(/^2026-11-\d\d 张科长：已与供电公司对接，下周三现场踏勘$/);
    expect(cell('状态')).toBe('已销号');
  });
});
