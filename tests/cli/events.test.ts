// `npm run cli -- events --failed | --retry <id|all>`: failed inbound events listed with what they
// said and why they failed, and put back to be processed again; on both providers.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eventsCliCommand } from '../../src/cli/events.ts';
import { markEventFailed, recordEvent } from '../../src/core/inbound/event-store.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';

function incoming(eventId: string, text: string, at: string): Incoming {
  return { platform: 'telegram', eventId, chat: { id: '-100200', kind: 'group' }, sender: { id: '1002', displayName: '张科长' }, text, receivedAt: new Date(at) };
}

describeEachProvider('the events CLI', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    const failed = [incoming('e1', '/report 1\n形象进度：45%', '2026-11-18T02:00:00Z'), incoming('e2', '/report 2\n形象进度：10%', '2026-11-18T03:00:00Z')];
    for (const event of [...failed, incoming('e3', '/help', '2026-11-18T04:00:00Z')]) await recordEvent(database.db, event);
    for (const event of failed) await markEventFailed(database.db, event, `TypeError: cannot read 'x' of ${event.eventId}`, new Date('2026-11-18T05:00:00Z'));
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await eventsCliCommand(argv, { db: database.db, out: (line) => lines.push(line) });
    return { code, out: lines.join('\n') };
  }

  const statuses = async () => Object.fromEntries((await database.db.inboundEvent.findMany({ orderBy: { eventId: 'asc' } })).map((e) => [e.eventId, e.status]));

  it('lists the failed events newest first, with the message and the error', async () => {
    const { code, out } = await cli('--failed');
    expect(code).toBe(0);
    expect(out).toContain('2 failed event(s)');
    expect(out).toContain("TypeError: cannot read 'x' of e2");
    expect(out).toContain('message: /report 2 形象进度：10%');
    expect(out).toContain('from 张科长 (1002)');
    expect(out.indexOf('of e2')).toBeLessThan(out.indexOf('of e1'));
    expect(out).not.toContain('/help');
  });

  it('retries one event by id, then all, and says when nothing matched', async () => {
    const e1 = await database.db.inboundEvent.findFirstOrThrow({ where: { eventId: 'e1' } });
    expect(await cli('--retry', e1.id)).toMatchObject({ code: 0, out: expect.stringContaining('1 event(s) put back') });
    expect(await statuses()).toEqual({ e1: 'received', e2: 'failed', e3: 'received' });
    expect((await database.db.inboundEvent.findUniqueOrThrow({ where: { id: e1.id } })).error).toBe('');

    expect(await cli('--retry', e1.id)).toMatchObject({ code: 1, out: expect.stringContaining(`No failed event with id ${e1.id}`) });
    expect(await cli('--retry', 'all')).toMatchObject({ code: 0, out: expect.stringContaining('1 event(s) put back') });
    expect(await statuses()).toEqual({ e1: 'received', e2: 'received', e3: 'received' });
    expect(await cli('--failed')).toMatchObject({ code: 0, out: 'No failed events.' });
    expect(await cli('--retry', 'all')).toMatchObject({ code: 1, out: 'No failed events.' });
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('--failed', '--retry', 'all')).code).toBe(2);
    expect((await cli('--bogus')).code).toBe(2);
    expect((await cli('--failed', '--limit', '0')).code).toBe(2);
    expect(await statuses()).toEqual({ e1: 'failed', e2: 'failed', e3: 'received' });
  });
});
