// Telegram: a project list sent as a document is imported after confirmation; a 5xx is retried;
// a document the Bot API refuses still leaves the text delivered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../../src/core/outbox/enqueue.ts';
import { startHarness, USERS, type TelegramHarness } from './harness.ts';

let h: TelegramHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const buttons = (markup: Record<string, unknown> | undefined) => ((markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('Telegram files and retries', () => {
  it('imports a project list sent as a document after the coordinator confirms', async () => {
    h.fake.files.set('doc-list-1', { path: 'documents/file_1.csv', data: Buffer.from('序号,项目名称,总投资(万元),责任单位,责任人\n99,县急救中心改造,300,县人民医院,张科长\n') });
    h.fake.push(h.fake.message({ chatId: USERS.wang.id, from: USERS.wang, caption: '/import', document: { file_id: 'doc-list-1', file_name: '新增项目.csv' } }));
    const preview = await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).find((m) => m.text.includes('县急救中心改造')), 8000, 'the import preview');
    const confirm = buttons(preview.reply_markup).find((b) => b.callback_data === 'import:confirm');
    expect(confirm).toBeDefined();
    expect(await h.db.db.project.count({ where: { orgId: h.world.orgId, code: '99' } })).toBe(0);
    h.fake.push(h.fake.callback({ message: preview, from: USERS.wang, data: 'import:confirm' }));
    await h.fake.waitFor(async () => (await h.db.db.project.count({ where: { orgId: h.world.orgId, code: '99' } })) === 1 || undefined, 8000, 'the import');
  });

  it('retries a 502 with backoff and delivers once', async () => {
    const chatId = '3003';
    h.fake.failures.push({ method: 'sendMessage', chatId, status: 502, description: 'Bad Gateway' });
    await enqueueMessages(h.app.deps.db, [{ key: 'test-502', to: { platform: 'telegram', chatId }, message: message([{ kind: 'text', lines: [['网关错误后重试']] }]) }], h.app.deps.now());
    h.app.outbox.poke();
    await h.fake.waitFor(() => h.fake.messagesTo(chatId)[0], 10_000, 'the retried message');
    // Telegram has it; the row is marked once its answer is read.
    const row = await h.fake.waitFor(async () => {
      const found = await h.db.db.outbox.findUniqueOrThrow({ where: { key: 'test-502' } });
      return found.status === 'sent' && found;
    }, 5000, 'the row marked sent');
    expect([row.status, row.attempts]).toEqual(['sent', 2]);
    expect(h.fake.deliveries('网关错误后重试')).toBe(1);
  });

  it('still delivers the text when the document is refused', async () => {
    const chatId = '3004';
    const dir = mkdtempSync(join(tmpdir(), 'tg-doc-'));
    const path = join(dir, '台账.xlsx');
    writeFileSync(path, 'not really a workbook');
    h.fake.failures.push({ method: 'sendDocument', chatId, status: 400, description: 'Bad Request: file is too big' });
    const ledger = message([{ kind: 'text', lines: [['2026-W47 进度台账']] }], { attachment: { kind: 'document', fileName: '台账.xlsx', path } });
    await enqueueMessages(h.app.deps.db, [{ key: 'test-doc', to: { platform: 'telegram', chatId }, message: ledger }], h.app.deps.now());
    h.app.outbox.poke();
    const text = await h.fake.waitFor(() => h.fake.messagesTo(chatId).find((m) => m.text.includes('2026-W47 进度台账')), 8000, 'the text');
    expect(text.method).toBe('sendMessage');
    // The text goes first, then the document, which the Bot API refuses: the row still ends sent.
    await h.fake.waitFor(() => h.fake.callsOf('sendDocument').find((c) => String(c.body.chat_id) === chatId), 8000, 'the document attempt');
    await h.fake.waitFor(async () => (await h.db.db.outbox.findUniqueOrThrow({ where: { key: 'test-doc' } })).status === 'sent' || undefined, 8000, 'the row marked sent');
  });
});
