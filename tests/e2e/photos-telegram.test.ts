// Site photos on the Telegram fake, end to end: a photo whose caption is the report files it and
// keeps the photo; a photo replying to the receipt attaches to that report; /photos sends them to
// the project's leader privately and refuses an owner; /history counts them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, USERS, type TelegramHarness } from '../adapters/telegram/harness.ts';
import { jpeg, PNG_1x1 } from '../core/photos/photo-bytes.ts';
import { testDataDir } from '../support/ports.ts';

let h: TelegramHarness;
const LEADER = { id: 1005, first_name: '李院长', language_code: 'zh-hans' } as const;

beforeAll(async () => {
  h = await startHarness({ env: { DATA_DIR: testDataDir() } });
  await h.db.db.identity.create({ data: { personId: await h.world.personId('李院长'), platform: 'telegram', platformUserId: String(LEADER.id), displayName: '李院长' } });
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
/** Serves `data` as a Telegram photo and returns the photo sizes a message carries (small thumbnail first). */
function servePhoto(data: Buffer) {
  const id = `photo-${++seq}`;
  h.fake.files.set(`${id}-s`, { path: `photos/${id}-s.jpg`, data: Buffer.from('thumbnail, never fetched') });
  h.fake.files.set(id, { path: `photos/${id}.jpg`, data });
  return [
    { file_id: `${id}-s`, width: 90, height: 67 },
    { file_id: id, width: 1280, height: 960, file_size: data.length },
  ];
}

async function photosOf(code: string) {
  const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code } });
  return h.db.db.reportPhoto.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } });
}

describe('site photos on Telegram', () => {
  it('files a report from a photo caption, keeps the largest size and counts it in the receipt', async () => {
    const bytes = jpeg({ taken: '2026:11:17 16:20:00', seed: 'caption' });
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, caption: '/report 3\n形象进度：40%\n本周进展：设备进场', photo: servePhoto(bytes) }));
    const receipt = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('附现场照片')), 8000, 'the receipt');
    expect(receipt.text).toContain('已收到');
    expect(receipt.text).toContain('附现场照片 1 张');
    const [photo, ...more] = await photosOf('3');
    expect(more).toHaveLength(0);
    expect(photo).toMatchObject({ period: '2026-W47', mime: 'image/jpeg', bytes: bytes.length });
    expect(photo?.takenAt?.toISOString()).toBe('2026-11-17T08:20:00.000Z');
    expect(existsSync(join(testDataDir(), 'files', photo!.fileKey))).toBe(true);
    // Only the largest size was downloaded.
    expect(h.fake.callsOf('getFile').map((c) => c.body.file_id)).not.toContain(`photo-${seq}-s`);
  });

  it('attaches photos sent as a reply to the receipt, once each', async () => {
    const receipt = h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('附现场照片 1 张'))!;
    const second = PNG_1x1;
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, replyTo: receipt.message_id, photo: servePhoto(second) }));
    const answer = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('已附现场照片')), 8000, 'the attach answer');
    expect(answer.text).toContain('已附现场照片 1 张');
    expect(answer.text).toContain('共 2 张');
    expect((await photosOf('3')).map((p) => p.mime)).toEqual(['image/jpeg', 'image/png']);
  });

  it('says the photos were not kept when the report in their caption is refused', async () => {
    const before = (await photosOf('3')).length;
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, caption: '/report 3\n形象进度：140%', photo: servePhoto(jpeg({ taken: '2026:11:17 16:25:00', seed: 'refused' })) }));
    const answer = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('现场照片也没有保存')), 8000, 'the refusal');
    expect(answer.text).toContain('所附 1 张现场照片也没有保存');
    expect((await photosOf('3')).length).toBe(before);
  });

  it('refuses a document that says it is an image but is not', async () => {
    const receipt = h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('附现场照片 1 张'))!;
    h.fake.files.set('fake-image', { path: 'documents/fake.jpg', data: Buffer.from('%PDF-1.7 not a photo') });
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, replyTo: receipt.message_id, document: { file_id: 'fake-image', file_name: 'site.jpg', mime_type: 'image/jpeg' } }));
    const answer = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('不是照片')), 8000, 'the refusal');
    expect(answer.text).toContain('1 个文件不是照片');
    expect(await photosOf('3')).toHaveLength(2);
  });

  it('hints how to attach a photo that follows no report', async () => {
    h.fake.push(h.fake.message({ chatId: USERS.wang.id, from: USERS.wang, photo: servePhoto(jpeg({ seed: 'stray' })) }));
    const hint = await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).find((m) => m.text.includes('要附现场照片')), 8000, 'the hint');
    expect(hint.text).toContain('30 分钟');
  });

  it('/history shows the week’s photo count', async () => {
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, text: '/history 3' }));
    const history = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('填报记录')), 8000, 'the history');
    expect(history.text).toContain('现场照片 2 张');
  });

  it('/photos refuses the owner and sends the leader the photos privately', async () => {
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, text: '/照片 3' }));
    const refused = await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).find((m) => m.text.includes('/photos')), 8000, 'the refusal');
    expect(refused.text).toMatch(/责任领导|项目办/);
    expect(h.fake.callsOf('sendPhoto').filter((c) => String(c.body.chat_id) === String(USERS.liu.id))).toHaveLength(0);

    h.fake.push(h.fake.message({ chatId: LEADER.id, from: LEADER, text: '/photos 3 2026-W47' }));
    const photos = await h.fake.waitFor(() => {
      const sent = h.fake.messagesTo(LEADER.id).filter((m) => m.method === 'sendPhoto');
      return sent.length === 2 && sent;
    }, 8000, 'two photos to the leader');
    expect(photos.map((m) => m.text)).toEqual([expect.stringContaining('第 1/2 张，拍摄于 2026-11-17 16:20'), expect.stringContaining('第 2/2 张')]);
    expect(h.fake.messagesTo(LEADER.id).some((m) => m.text.includes('现场照片 2 张'))).toBe(true);
  });
});
