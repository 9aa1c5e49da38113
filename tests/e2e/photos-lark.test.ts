// Site photos on the Lark fake, end to end: an image message after a report attaches to it (fetched
// as the message's image resource), the receipt of a post with an image counts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToWebhook } from '../support/fake-lark.ts';
import { ACCOUNTS, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type LarkHarness } from '../adapters/lark/harness.ts';
import { jpeg } from '../core/photos/photo-bytes.ts';
import { testDataDir } from '../support/ports.ts';

let h: LarkHarness;
beforeAll(async () => {
  h = await startHarness({ env: { DATA_DIR: testDataDir() } });
});
afterAll(async () => {
  await h?.close();
});

const P2P = 'oc_p2p_liu';
const post = (payload: Record<string, unknown>) => postToWebhook(h.url(), payload, { encryptKey: ENCRYPT_KEY });
const texts = () => h.fake.messagesTo(P2P).map((m) => JSON.stringify(m.content));

async function photosOf(code: string) {
  const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code } });
  return h.db.db.reportPhoto.findMany({ where: { projectId: project.id } });
}

describe('site photos on Lark', () => {
  it('attaches an image message sent after a report', async () => {
    await post(h.fake.messageEvent({ chatId: P2P, chatType: 'p2p', senderOpenId: ACCOUNTS.liu.openId, text: '/report 3\n形象进度：35%', token: VERIFICATION_TOKEN }));
    await h.fake.waitFor(() => texts().find((t) => t.includes('已收到')), 8000, 'the receipt');
    await post(h.fake.messageEvent({ chatId: P2P, chatType: 'p2p', senderOpenId: ACCOUNTS.liu.openId, image: jpeg({ seed: 'lark-1', taken: '2026:11:18 08:00:00' }), token: VERIFICATION_TOKEN }));
    const answer = await h.fake.waitFor(() => texts().find((t) => t.includes('已附现场照片')), 8000, 'the attach answer');
    expect(answer).toContain('已附现场照片 1 张');
    const photos = await photosOf('3');
    expect(photos).toHaveLength(1);
    expect(photos[0]?.takenAt?.toISOString()).toBe('2026-11-18T00:00:00.000Z');
  });

  it('counts the images of a report posted with them', async () => {
    const messageId = 'om_user_post_with_image';
    const imageKey = h.fake.addImage(messageId, jpeg({ seed: 'lark-post' }));
    await post(
      h.fake.messageEvent({
        chatId: P2P,
        chatType: 'p2p',
        senderOpenId: ACCOUNTS.liu.openId,
        messageId,
        post: { content: [[{ tag: 'text', text: '/report 3' }], [{ tag: 'text', text: '形象进度：36%' }], [{ tag: 'img', image_key: imageKey }]] },
        token: VERIFICATION_TOKEN,
      }),
    );
    const receipt = await h.fake.waitFor(() => texts().find((t) => t.includes('附现场照片 2 张')), 8000, 'the receipt with 2 photos');
    expect(receipt).toContain('36%');
    expect(await photosOf('3')).toHaveLength(2);
  });

  it('ignores an image in a group that does not answer the bot', async () => {
    const before = h.fake.messages.length;
    await post(h.fake.messageEvent({ chatId: 'oc_group_weekly', senderOpenId: ACCOUNTS.liu.openId, image: jpeg({ seed: 'group' }), eventId: 'ev_group_image', token: VERIFICATION_TOKEN }));
    await h.fake.waitFor(async () => (await h.db.db.inboundEvent.findFirst({ where: { platform: 'lark', eventId: 'ev_group_image', status: 'processed' } })) ?? undefined, 8000, 'the group image processed');
    await post(h.fake.messageEvent({ chatId: P2P, chatType: 'p2p', senderOpenId: ACCOUNTS.liu.openId, text: '/history 3', token: VERIFICATION_TOKEN }));
    const history = await h.fake.waitFor(() => texts().find((t) => t.includes('填报记录')), 8000, 'the history');
    expect(history).toContain('现场照片 2 张');
    expect(h.fake.messages.slice(before).filter((m) => m.chat_id === 'oc_group_weekly')).toHaveLength(0);
  });
});
