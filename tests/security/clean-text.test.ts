// Issue #16 finding 9: control and bidi characters (U+202E, U+200B, ESC, NUL…) never reach a name on
// the list or the text of a report: one function, used by the project-list parser and the pipeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplyDelivery } from '../../src/app/deliver-replies.ts';
import { createInboundPipeline } from '../../src/core/inbound/pipeline.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { OutboxWorker } from '../../src/delivery/outbox-worker.ts';
import { MemoryPlatform } from '../support/memory-platform.ts';
import { cleanText } from '../../src/core/rules/clean-text.ts';
import { parseProjectTable } from '../../src/core/rules/project-list.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildWorld, type World } from '../support/world.ts';

const HOSTILE = 'a\u202Eb\u200Bc\u001b[31md\u0000e\u0007f\u2066g\uFEFFh';

describe('cleanText', () => {
  it('removes controls, zero-width and bidi characters and keeps newlines and tabs', () => {
    expect(cleanText(HOSTILE)).toBe('abc[31mdefgh');
    expect(cleanText('第一行\r\n第二行\t完')).toBe('第一行\n第二行\t完');
    expect(cleanText('普通文字 45%')).toBe('普通文字 45%');
  });
});

describe('the project list', () => {
  it('stores names without control or bidi characters', () => {
    const parsed = parseProjectTable([
      ['序号', '项目名称', '总投资', '责任单位', '责任领导', '责任人'],
      ['1', `城东\u202E院区`, '100', '县医院\u200B', '李\u001b[2J院长', '张\u0000科长'],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ name: '城东院区', unit: '县医院', leader: '李[2J院长', owner: '张科长' });
  });
});

describe('the pipeline', () => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('stores and files report text without control or bidi characters', async () => {
    const platform = new MemoryPlatform();
    const outbox = new OutboxWorker({ db: database.db, platforms: [platform], log: world.deps.log, now: world.deps.now });
    const pipeline = createInboundPipeline({ deps: world.deps, deliver: createReplyDelivery(world.deps, outbox), sweepEveryMs: 0 }, { platform });
    const incoming: Incoming = {
      platform: 'sandbox',
      eventId: 'bidi-1',
      chat: { id: `group-${world.orgId}`, kind: 'group' },
      sender: { id: '张科长', displayName: '张科长' },
      text: `/report 城东院区\n形象进度：45%\n本周进展：主体\u202E结构\u200B浇筑\u001b[31m完成`,
      receivedAt: world.deps.now(),
    };
    await pipeline.handle(incoming);
    await pipeline.close();
    const revision = await database.db.reportRevision.findFirstOrThrow({ orderBy: { filedAt: 'desc' } });
    expect(revision.sourceText).toContain('主体结构浇筑[31m完成');
    // eslint-disable-next-line no-control-regex
    expect(revision.sourceText).not.toMatch(/[\u202E\u200B\u001b]/);
    const event = JSON.stringify(await database.db.inboundEvent.findMany());
    expect(event).not.toMatch(/\\u202e|\\u200b|\\u001b|\u202E|\u200B/i);
  });
});

describe('the terminal', () => {
  it('never prints a control or bidi character the sandbox is asked to show (text stored before intake cleaning)', async () => {
    const { renderForTerminal } = await import('../../src/adapters/sandbox/render.ts');
    const printed = renderForTerminal('group', { blocks: [{ kind: 'text', lines: [[`项目：${HOSTILE}`]] }] });
    expect(printed).toContain('项目：abc[31mdefgh');
    for (const bad of ['\u202E', '\u200B', '\u001b', '\u0000', '\u0007', '\u2066', '\uFEFF']) expect(printed).not.toContain(bad);
  });
});
