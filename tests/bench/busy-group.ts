// Busy group: 200 owners file in one Telegram group within a few seconds, through a fake Bot API that
// enforces Telegram's flood limits (30 messages a second, 1 a second per chat, 20 a minute per
// group; 429 past them). The bot runs in a process of its own (the fake then times requests as
// Telegram would). Measured: how soon each filing is acknowledged (the 👌 reaction, from when the
// update was handed to the bot), whether every report gets its receipt (alone or as a line of a
// merged one), how many requests the fake refused, and the time until the last receipt.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { startBotProcess, stopProcess } from '../support/bot-process.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { waitFor } from '../support/wait.ts';
import { seedOrg, type WorldPerson, type WorldProject } from '../support/world.ts';
import { figure, percentile, round, type Figure, type Suite } from './figures.ts';

const REPORTS = 200;
const GROUP = -1009988776655;
/** Wednesday 10:00 in Shanghai (2026-W48), before the week's deadline. */
const CLOCK = Date.parse('2026-11-25T02:00:00Z');
const ownerId = (i: number) => 300_000 + i;
const code = (i: number) => `G${String(i + 1).padStart(3, '0')}`;

export const busyGroupSuite: Suite = {
  name: 'busy-group',
  description: `${REPORTS} reports in one Telegram group within seconds, on a fake enforcing 20 messages a minute per group`,
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-busy-'));
    const url = `file:${join(dir, 'busy.db')}`;
    const database = await openDatabase(url);
    const people: WorldPerson[] = [{ name: '王主任', coordinator: true, unit: '县卫健局' }, { name: '李局长', leader: true, unit: '县卫健局' }];
    const projects: WorldProject[] = [];
    for (let i = 0; i < REPORTS; i++) {
      people.push({ name: `负责人${i}`, owner: true, unit: `单位${i % 20}` });
      projects.push({ code: code(i), name: `村卫生室改造${i + 1}`, unit: `单位${i % 20}`, leader: '李局长', owner: `负责人${i}`, totalWan: 500, planWan: 200 });
    }
    await seedOrg(database.db, {
      orgName: '示例县卫生健康局',
      people,
      projects,
      groupChat: { platform: 'telegram', platformChatId: String(GROUP) },
      identities: { platform: 'telegram', userId: (name) => (name.startsWith('负责人') ? String(ownerId(Number(name.slice(3)))) : `tg-${name}`) },
      projectsCreatedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await database.close();

    const fake = await FakeTelegram.start();
    fake.limits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
    const bot = await startBotProcess({ databaseUrl: url, telegramApiRoot: fake.url, clockOffsetMs: CLOCK - Date.now(), env: { DATA_DIR: dir, BACKUP_ENABLED: 'false' } });
    try {
      const started = Date.now();
      const ids: { messageId: number; updateId: number }[] = [];
      for (let i = 0; i < REPORTS; i++) {
        const update = fake.message({ chatId: GROUP, from: { id: ownerId(i), first_name: `负责人${i}`, language_code: 'zh-hans' }, text: `/report ${code(i)} 形象进度 ${20 + (i % 60)}% 本周完成投资 ${1 + (i % 9)}万 累计 ${50 + i}万` });
        const updateId = fake.push(update);
        ids.push({ messageId: (update.message as { message_id: number }).message_id, updateId });
        // 200 owners within about four seconds.
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const named = () => {
        const text = fake.messagesTo(GROUP).map((m) => m.text).join('\n');
        return Array.from({ length: REPORTS }, (_, i) => text.includes(`${code(i)} 村卫生室改造`));
      };
      await waitFor(() => named().every(Boolean), { timeoutMs: 300_000, intervalMs: 100, message: () => `receipts for all ${REPORTS} reports (${named().filter(Boolean).length} so far)` });
      const lastReceiptS = (Date.now() - started) / 1000;
      const ackMs = ids.map(({ messageId, updateId }) => {
        const reaction = fake.reactions.find((r) => r.messageId === messageId);
        const handedOut = fake.handedOutAt.get(updateId);
        return reaction && handedOut !== undefined ? reaction.at - handedOut : Number.POSITIVE_INFINITY;
      });
      const toGroup = fake.messagesTo(GROUP).length;
      const merged = fake.messagesTo(GROUP).filter((m) => m.text.includes('合并回复')).length;
      const check = await openDatabase(url, { migrate: false });
      const stored = await check.db.report.count();
      await check.close();
      log(`  ${stored} stored; ${toGroup} messages to the group (${merged} merged); acknowledged p50 ${round(percentile(ackMs, 50), 0)} ms, max ${round(Math.max(...ackMs), 0)} ms; last receipt after ${round(lastReceiptS, 1)} s; ${fake.flood.refused} refused`);
      const figures: Figure[] = [
        figure({ name: 'busy_group.acknowledged_max', value: Math.max(...ackMs), unit: 'ms', target: { op: '<=', limit: 2000, text: 'every filing acknowledged within 2 s' }, note: 'reaction time from the update handed to the bot' }),
        figure({ name: 'busy_group.acknowledged_p50', value: percentile(ackMs, 50), unit: 'ms' }),
        figure({ name: 'busy_group.receipts', value: named().filter(Boolean).length, unit: 'reports', target: { op: '>=', limit: REPORTS, text: `all ${REPORTS} receipts delivered` }, note: `${toGroup} messages to the group, ${merged} of them merged` }),
        figure({ name: 'busy_group.stored', value: stored, unit: 'reports', target: { op: '>=', limit: REPORTS, text: `all ${REPORTS} stored` } }),
        figure({ name: 'busy_group.rate_limited', value: fake.flood.refused, unit: 'responses', target: { op: '<=', limit: 0, text: 'zero 429s' } }),
        figure({ name: 'busy_group.last_receipt', value: lastReceiptS, unit: 's', note: 'from the first filing to the last report named in the group' }),
      ];
      return figures;
    } finally {
      await stopProcess(bot, 'SIGTERM');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
