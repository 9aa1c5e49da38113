// 督办 end to end on the fake Lark open platform: events posted encrypted and signed as Lark does,
// the app from a config (real wiring, real SQLite), the digest and the nudge run by the scheduler's
// own job runner. A leader's 批示 from the digest card's button reaches the owner; the owner's
// reply becomes 办理情况; an overdue item escalates; 销号 tells the owner and the leader; the
// ledger's 问题清单 shows 期限, 批示 and 办理情况.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.ts';
import { loadAudience } from '../../src/core/schedule/audience.ts';
import { runScheduledJob } from '../../src/core/schedule/run-scheduled-job.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import { postToWebhook, type FakeMessage } from '../support/fake-lark.ts';
import { ACCOUNTS, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type LarkHarness } from '../adapters/lark/harness.ts';

const LI = 'ou_li00000000000000000000000000005';
const p2p = (openId: string) => `oc_p2p_${openId.slice(3)}`;

let h: LarkHarness;

beforeAll(async () => {
  h = await startHarness();
  // The leader, the owner and the coordinator have linked their accounts.
  for (const [name, openId] of [['李院长', LI], ['张科长', ACCOUNTS.zhang.openId], ['王主任', ACCOUNTS.wang.openId]] as const) {
    await h.db.db.identity.create({ data: { personId: await h.world.personId(name), platform: 'lark', platformUserId: openId, displayName: name } });
  }
});
afterAll(async () => {
  await h?.close();
});

function post(payload: Record<string, unknown>, path = '/lark/events') {
  return postToWebhook(h.url(path), payload, { encryptKey: ENCRYPT_KEY });
}

/** A private message from a person; returns its message id. */
async function say(openId: string, text: string, parentId?: string): Promise<string> {
  const event = h.fake.messageEvent({ chatId: p2p(openId), chatType: 'p2p', senderOpenId: openId, text, token: VERIFICATION_TOKEN, ...(parentId ? { parentId } : {}) });
  const res = await post(event);
  expect(res.status).toBe(200);
  return (event.event as { message: { message_id: string } }).message.message_id;
}

const cardText = (m: FakeMessage | undefined) => JSON.stringify(m?.content ?? {});

/** The callback values of a card's buttons. */
function buttons(card: Record<string, unknown>): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.tag === 'button') for (const b of (n.behaviors as { value?: Record<string, unknown> }[] | undefined) ?? []) if (b.value) found.push(b.value);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
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

const newSince = (count: number) => h.fake.messages.slice(count);

describe('督办 on Lark', () => {
  let instruction: FakeMessage;

  it('carries a 批示 from the leader digest card’s button to the owner', async () => {
    await say(ACCOUNTS.zhang.openId, '/report 1\n形象进度：45%\n存在问题：施工用电增容审批未完成\n需协调事项：需协调供电公司增容');
    await h.fake.waitFor(() => h.fake.messagesTo(p2p(ACCOUNTS.zhang.openId)).find((m) => cardText(m).includes('已收到')), 8000, 'the receipt');

    await runJob('digest', '2026-W47', '2026-11-23T01:00:00Z');
    const digest = await h.fake.waitFor(() => h.fake.messagesTo(LI).find((m) => buttons(m.content).some((b) => b.action === 'item:instruction:1')), 15000, 'the leader digest card with item buttons');
    expect(cardText(digest)).toContain('施工用电增容审批未完成');

    const count = h.fake.messages.length;
    const value = buttons(digest.content).find((b) => b.action === 'item:instruction:1') ?? {};
    const press = await post(h.fake.cardActionEvent({ operatorOpenId: LI, chatId: digest.chat_id, messageId: digest.message_id, value, token: VERIFICATION_TOKEN }), '/lark/card');
    expect(press.status).toBe(200);
    await h.fake.waitFor(() => newSince(count).find((m) => m.chat_id === digest.chat_id && cardText(m).includes('的批示内容')), 8000, 'the prompt');
    await say(LI, '请本周内与供电公司对接，周五前报结果');
    instruction = await h.fake.waitFor(() => newSince(count).find((m) => m.receive_id === ACCOUNTS.zhang.openId && cardText(m).includes('督办批示')), 8000, 'the instruction at the owner');
    expect(cardText(instruction)).toContain('请本周内与供电公司对接，周五前报结果');
    await h.fake.waitFor(() => newSince(count).find((m) => m.chat_id === digest.chat_id && cardText(m).includes('已通知：张科长')), 8000, 'the leader’s confirmation');
  });

  it('takes the owner’s reply to the notice as 办理情况 and tells the leader', async () => {
    const count = h.fake.messages.length;
    await say(ACCOUNTS.zhang.openId, '已与供电公司对接，下周三现场踏勘', instruction.message_id);
    await h.fake.waitFor(() => newSince(count).find((m) => cardText(m).includes('的办理情况，状态：办理中')), 8000, 'the owner’s confirmation');
    const notice = await h.fake.waitFor(() => newSince(count).find((m) => m.receive_id === LI && cardText(m).includes('办理情况')), 8000, 'the progress at the leader');
    expect(cardText(notice)).toContain('已与供电公司对接，下周三现场踏勘');
    expect((await h.db.db.problem.findFirstOrThrow({ where: { orgId: h.world.orgId, number: 1 } })).status).toBe('in_progress');
  });

  it('escalates an overdue item to the owner, then the leader and the group', async () => {
    const count = h.fake.messages.length;
    // Due 2026-12-02; the nudge of W51 (Friday 12-18) is in its third week overdue.
    await runJob('nudge', '2026-W51', '2026-12-18T02:00:00Z');
    const owner = await h.fake.waitFor(() => newSince(count).find((m) => m.receive_id === ACCOUNTS.zhang.openId && cardText(m).includes('督办事项超期')), 8000, 'the owner’s overdue notice');
    expect(cardText(owner)).toContain('已超期 3 周');
    const leader = await h.fake.waitFor(() => newSince(count).find((m) => m.receive_id === LI && cardText(m).includes('您负责的项目有督办事项超期未办结')), 8000, 'the leader’s overdue notice');
    expect(buttons(leader.content).map((b) => b.action)).toContain('item:extend:1');
    await h.fake.waitFor(() => newSince(count).find((m) => m.chat_id === 'oc_group_weekly' && cardText(m).includes('以下督办事项超期未办结')), 8000, 'the group’s overdue notice');
  });

  it('销号 tells the owner and the leader', async () => {
    const count = h.fake.messages.length;
    await say(ACCOUNTS.wang.openId, '/销号 1 已协调供电公司完成增容');
    for (const openId of [ACCOUNTS.zhang.openId, LI]) {
      const told = await h.fake.waitFor(() => newSince(count).find((m) => m.receive_id === openId && cardText(m).includes('销号') && cardText(m).includes('已协调供电公司完成增容')), 8000, `the close notice to ${openId}`);
      expect(cardText(told)).toContain('王主任');
    }
    expect((await h.db.db.problem.findFirstOrThrow({ where: { orgId: h.world.orgId, number: 1 } })).status).toBe('closed');
  });

  it('fills the ledger’s 问题清单 with 期限, 批示 and 办理情况', async () => {
    const count = h.fake.messages.length;
    await say(ACCOUNTS.wang.openId, '/export 本周'); // before Friday's deadline /export alone gives the last closed week
    await h.fake.waitFor(() => newSince(count).find((m) => cardText(m).includes('进度台账（XLSX）')), 15000, 'the ledger');
    const rows = await h.db.db.outbox.findMany({ where: { platform: 'lark' } });
    const attachment = rows.map((r) => (JSON.parse(r.message) as OutboundMessage).attachment).find((a) => a?.fileName.endsWith('.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(attachment?.path ?? '');
    const sheet = workbook.getWorksheet('问题清单');
    const header = (sheet?.getRow(3).values as unknown[]).slice(1);
    const first = (sheet?.getRow(4).values as unknown[]).slice(1);
    const cell = (name: string) => first[header.indexOf(name)];
    expect(cell('期限')).toBe('2026-12-02');
    expect(cell('批示')).toBe('2026-11-18 李院长：请本周内与供电公司对接，周五前报结果');
    expect(cell('办理情况')).toBe('2026-11-18 张科长：已与供电公司对接，下周三现场踏勘');
    expect(cell('状态')).toBe('已销号');
  });
});
