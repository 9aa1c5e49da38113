// Site photos that wait, and albums, on the Telegram fake, end to end: the photos of a caption report
// that needs 确认 are kept with its draft and attached when it is confirmed (not when it is
// cancelled); an album (one message per photo, one media_group_id) is answered once, its photos all
// attached to the report it follows, or to the report its first photo's caption files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, USERS, type TelegramHarness } from '../adapters/telegram/harness.ts';
import { jpeg } from '../core/photos/photo-bytes.ts';
import { testDataDir } from '../support/ports.ts';

let h: TelegramHarness;

beforeAll(async () => {
  h = await startHarness({ env: { DATA_DIR: testDataDir() } });
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
/** Serves a distinct JPEG as a Telegram photo and returns the photo sizes a message carries. */
function servePhoto() {
  const id = `album-photo-${++seq}`;
  const data = jpeg({ seed: id });
  h.fake.files.set(id, { path: `photos/${id}.jpg`, data });
  return [{ file_id: id, width: 1280, height: 960, file_size: data.length }];
}

async function photosOf(period: string) {
  const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code: '3' } });
  return h.db.db.reportPhoto.findMany({ where: { projectId: project.id, period } });
}

/** Waits until every event received so far is processed and every message queued so far is sent. */
async function settled() {
  await h.fake.waitFor(async () => {
    const open = await h.db.db.inboundEvent.count({ where: { status: 'received' } });
    const unsent = await h.db.db.outbox.count({ where: { status: { in: ['pending', 'sending'] } } });
    return open === 0 && unsent === 0;
  }, 8000, 'every event handled and every reply sent');
}

const toLiu = () => h.fake.messagesTo(USERS.liu.id);
const liu = (options: { text?: string; caption?: string; photo?: ReturnType<typeof servePhoto>; mediaGroupId?: string }) =>
  h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, ...options }));

describe('site photos that wait for 确认, and albums, on Telegram', () => {
  it('keeps the photos of an album whose caption report needs 确认, and attaches all of them when it is confirmed', async () => {
    // Last week at 50%: this week's 30% needs 确认.
    liu({ text: '/report 3\n周次：上周\n形象进度：50%\n原因：补报' });
    await h.fake.waitFor(() => toLiu().find((m) => m.text.includes('已收到')), 8000, 'last week’s receipt');
    await settled();
    const before = toLiu().length;

    liu({ caption: '/report 3\n形象进度：30%\n本周进展：设备调试', photo: servePhoto(), mediaGroupId: 'album-confirm' });
    liu({ photo: servePhoto(), mediaGroupId: 'album-confirm' });
    const prompt = await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('请核对')), 8000, 'the needs-confirm prompt');
    expect(prompt.text).toContain('相册里的现场照片会在您确认后随填报一并保存');
    // Both photos wait in the draft; nothing is stored yet; the album had one answer.
    await h.fake.waitFor(async () => {
      const draft = await h.db.db.draft.findFirst({ where: { platform: 'telegram', chatId: String(USERS.liu.id) } });
      return draft && (JSON.parse(draft.payload) as { photos?: unknown[] }).photos?.length === 2;
    }, 8000, 'both photos in the draft');
    await settled();
    expect(toLiu().slice(before)).toHaveLength(1);
    expect(await photosOf('2026-W47')).toHaveLength(0);

    liu({ text: '确认' });
    const receipt = await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('已收到')), 8000, 'the receipt');
    expect(receipt.text).toContain('附现场照片 2 张');
    expect(await photosOf('2026-W47')).toHaveLength(2);

    liu({ text: '/history 3' });
    const history = await h.fake.waitFor(() => toLiu().find((m) => m.text.includes('填报记录')), 8000, 'the history');
    expect(history.text).toContain('现场照片 2 张');
  });

  it('answers an album without a caption once, with all its photos attached to the report it follows', async () => {
    await settled();
    const before = toLiu().length;
    for (let i = 0; i < 3; i += 1) liu({ photo: servePhoto(), mediaGroupId: 'album-plain' });
    await h.fake.waitFor(async () => (await photosOf('2026-W47')).length === 5, 8000, 'three more photos on the week’s report');
    await settled();
    const answers = toLiu().slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.text).toContain('已附现场照片 1 张');
    expect(answers[0]?.text).toContain('相册里的其余照片随后附上');
  });

  it('drops the photos of a report that needs 确认 when it is cancelled', async () => {
    await settled();
    const before = toLiu().length;
    liu({ caption: '/report 3\n形象进度：20%', photo: servePhoto() });
    const prompt = await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('请核对')), 8000, 'the needs-confirm prompt');
    expect(prompt.text).toContain('所附 1 张现场照片会在您确认后随填报一并保存');
    liu({ text: '取消' });
    await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('已取消')), 8000, 'the cancellation');
    liu({ text: '确认' });
    await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('没有待确认')), 8000, 'nothing to confirm');
    expect(await photosOf('2026-W47')).toHaveLength(5);
  });

  it('attaches the rest of an album to the report its first photo’s caption files, answered by the receipt alone', async () => {
    await settled();
    const before = toLiu().length;
    liu({ caption: '/report 3\n形象进度：60%', photo: servePhoto(), mediaGroupId: 'album-report' });
    liu({ photo: servePhoto(), mediaGroupId: 'album-report' });
    const receipt = await h.fake.waitFor(() => toLiu().slice(before).find((m) => m.text.includes('已收到')), 8000, 'the receipt');
    expect(receipt.text).toContain('附现场照片 6 张');
    await h.fake.waitFor(async () => (await photosOf('2026-W47')).length === 7, 8000, 'the album’s second photo on the report');
    await settled();
    expect(toLiu().slice(before)).toHaveLength(1);
  });
});
