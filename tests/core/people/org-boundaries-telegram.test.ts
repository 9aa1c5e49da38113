// Org boundaries end to end on the fake Telegram Bot API: a second org in the same database, its
// leader and coordinator typing in the first org's group. Only the pointer reaches the group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/core/messages/catalog/index.ts';
import { GROUP, startHarness, USERS, type TelegramHarness } from '../../adapters/telegram/harness.ts';
import { buildWorld } from '../../support/world.ts';

const ORG_B = '市住建局';
const B_PROJECT = '市体育中心改造工程';
const B_USERS = {
  qian: { id: 2001, first_name: '钱局长', language_code: 'zh-hans' },
  sun: { id: 2002, first_name: '孙主任', language_code: 'zh-hans' },
} as const;

let h: TelegramHarness;

beforeAll(async () => {
  h = await startHarness();
  const b = await buildWorld(h.db.db, {
    orgName: ORG_B,
    people: [
      { name: '孙主任', coordinator: true },
      { name: '钱局长', leader: true, unit: '市建设中心' },
      { name: '周科长', owner: true, unit: '市建设中心' },
    ],
    projects: [{ code: '1', name: B_PROJECT, unit: '市建设中心', leader: '钱局长', owner: '周科长', totalWan: 5000, planWan: 2000 }],
  });
  await h.db.db.identity.create({ data: { personId: await b.personId('钱局长'), platform: 'telegram', platformUserId: String(B_USERS.qian.id), displayName: '钱局长' } });
  await h.db.db.identity.create({ data: { personId: await b.personId('孙主任'), platform: 'telegram', platformUserId: String(B_USERS.sun.id), displayName: '孙主任' } });
});
afterAll(async () => {
  await h?.close();
});

function say(from: { id: number; first_name: string }, text: string, chatId = GROUP): number {
  const update = h.fake.message({ chatId, from, text });
  h.fake.push(update);
  return (update.message as { message_id: number }).message_id;
}

describe('org boundaries on Telegram', () => {
  it("posts only a pointer in this org's group for the other org's /status, /export csv and /setup", async () => {
    const asked = [say(B_USERS.qian, '/status'), say(B_USERS.qian, '/export csv'), say(B_USERS.sun, `/setup ${ORG_B}`)];
    // This org's coordinator speaks last: the outbox sends in order, so everything before has been sent once this is.
    const control = say(USERS.wang, '/whoami');
    await h.fake.waitFor(() => h.fake.sent.find((m) => m.reply_to === control), 10_000, 'the control answer');

    const inGroup = h.fake.messagesTo(GROUP).filter((m) => asked.includes(m.reply_to ?? -1));
    expect(inGroup.map((m) => m.text)).toEqual([t('zh-CN', 'admin.org.foreign'), t('zh-CN', 'admin.org.foreign'), t('zh-CN', 'admin.setup.foreign', { org: '示例县卫生健康局' })]);
    expect(h.fake.sent.some((m) => m.text.includes(B_PROJECT) || m.text.includes(ORG_B))).toBe(false);
    expect(h.fake.callsOf('sendDocument')).toHaveLength(0);
    const chat = await h.db.db.chat.findUniqueOrThrow({ where: { platform_platformChatId: { platform: 'telegram', platformChatId: String(GROUP) } } });
    expect(chat.orgId).toBe(h.world.orgId);
  });
});
