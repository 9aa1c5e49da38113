// Fan-out: 1,000 owners miss their report, and the Friday nudge tells each one privately. The app
// runs in this process against a fake server that enforces the platform's flood limits (429 past
// them); measured from the job's start to the last message delivered, against the ideal time the
// limit allows (messages ÷ rate), with the 429s received and the messages lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app/create-app.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/context.ts';
import { openDatabase } from '../../src/db/client.ts';
import { freePort } from '../adapters/lark/harness.ts';
import { FAKE_APP_ID, FAKE_APP_SECRET, FakeLark } from '../support/fake-lark.ts';
import { FAKE_TOKEN, FakeTelegram } from '../support/fake-telegram.ts';
import { buildWorld, type WorldPerson, type WorldProject } from '../support/world.ts';
import { figure, round, type Figure, type Suite } from './figures.ts';

const OWNERS = 1000;
/** Friday 10:00:30 in Shanghai (2026-W47): the nudge is due at 10:00. */
const FRIDAY = Date.parse('2026-11-20T02:00:30Z');

type Target = 'telegram' | 'lark';

/** The org: 1,000 owners with one project each, bound to accounts on the platform, none reported. */
async function seed(url: string, platform: Target): Promise<void> {
  const database = await openDatabase(url);
  const people: WorldPerson[] = [{ name: '王主任', coordinator: true }, { name: '李局长', leader: true, unit: '县卫健局' }];
  const projects: WorldProject[] = [];
  for (let i = 0; i < OWNERS; i++) {
    people.push({ name: `负责人${i}`, owner: true, unit: '县卫健局' });
    projects.push({ code: `F${String(i + 1).padStart(4, '0')}`, name: `扇出测试项目${i + 1}`, unit: '县卫健局', leader: '李局长', owner: `负责人${i}`, totalWan: 1000, planWan: 500 });
  }
  const world = await buildWorld(database.db, { people, projects });
  const identities = [];
  for (let i = 0; i < OWNERS; i++) {
    identities.push({ personId: await world.personId(`负责人${i}`), platform, platformUserId: platform === 'telegram' ? String(300_000 + i) : `ou_fanout${String(i).padStart(24, '0')}`, displayName: `负责人${i}` });
  }
  await database.db.identity.createMany({ data: identities });
  await database.close();
}

async function measure(platform: Target, log: (line: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
  const url = `file:${join(dir, 'fanout.db')}`;
  const fakeTelegram = platform === 'telegram' ? await FakeTelegram.start() : null;
  const fakeLark = platform === 'lark' ? await FakeLark.start() : null;
  try {
    await seed(url, platform);
    if (fakeTelegram) fakeTelegram.limits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
    if (fakeLark) fakeLark.limits = { perSecond: 50, perChatPerSecond: 5 };
    const rate = platform === 'telegram' ? 30 : 50;
    const config = createConfig({
      ...(fakeTelegram ? { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fakeTelegram.url } : {}),
      ...(fakeLark ? { LARK_APP_ID: FAKE_APP_ID, LARK_APP_SECRET: FAKE_APP_SECRET, LARK_DOMAIN: fakeLark.url, LARK_MODE: 'webhook', LARK_VERIFICATION_TOKEN: 'bench-token', LARK_ENCRYPT_KEY: 'bench-encrypt-key' } : {}),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
    });
    const started = Date.now();
    const app = await createApp(config, { databaseUrl: url, log: { ...silentLogger, error: (m, f) => log(`  error: ${m} ${JSON.stringify(f).slice(0, 500)}`) }, outboxPollMs: 50, now: () => new Date(FRIDAY + Date.now() - started) });
    await (app.start as (o?: { scheduler?: boolean }) => Promise<void>)({ scheduler: false });
    const delivered = () => (fakeTelegram ? fakeTelegram.sent.filter((m) => !m.chat_id.startsWith('-')).length : (fakeLark?.messages.filter((m) => m.receive_id_type === 'open_id').length ?? 0));
    log(`  ${platform}: nudging ${OWNERS} owners (limit ${rate}/s)…`);
    const t0 = Date.now();
    const report = await app.scheduler.runDue(new Date(FRIDAY - 60_000), new Date(FRIDAY + 1000));
    const queuedMs = Date.now() - t0;
    if (report.queued !== OWNERS) throw new Error(`the nudge queued ${report.queued} messages, not ${OWNERS}: ${JSON.stringify(report.entries)}`);
    const deadline = t0 + 300_000;
    while (delivered() < OWNERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const lastAt = fakeTelegram ? Math.max(...fakeTelegram.sent.map((m) => m.at)) : Date.now();
    const seconds = (lastAt - t0) / 1000;
    // Let any straggler (a repeat) arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.stop();
    const ideal = OWNERS / rate;
    const got = delivered();
    const refused = (fakeTelegram ?? fakeLark)?.flood.refused ?? 0;
    log(`  ${platform}: ${got} delivered in ${round(seconds, 1)} s (ideal ${round(ideal, 1)} s; the job queued them in ${queuedMs} ms), ${refused} refused`);
    return [
      figure({
        name: `fanout.${platform}.time`,
        value: seconds,
        unit: 's',
        baseline: { name: `ideal at ${rate}/s`, value: ideal, unit: 's' },
        target: { op: '<=', limit: 1.1, text: 'within 10 % of the ideal time' },
        compareRatio: true,
        note: `${OWNERS} private nudges through the scheduler and the outbox`,
      }),
      figure({ name: `fanout.${platform}.rate_limited`, value: refused, unit: 'responses', target: { op: '<=', limit: 0, text: 'zero 429s' }, note: 'refusals by the fake enforcing the limits' }),
      figure({ name: `fanout.${platform}.lost`, value: OWNERS - Math.min(OWNERS, new Set(fakeTelegram ? fakeTelegram.sent.map((m) => m.chat_id) : (fakeLark?.messages.map((m) => m.receive_id) ?? [])).size), unit: 'messages', target: { op: '<=', limit: 0, text: 'none lost' } }),
      figure({ name: `fanout.${platform}.duplicates`, value: got - new Set(fakeTelegram ? fakeTelegram.sent.map((m) => m.chat_id) : (fakeLark?.messages.map((m) => m.receive_id) ?? [])).size, unit: 'messages', target: { op: '<=', limit: 0, text: 'none twice' } }),
    ];
  } finally {
    await fakeTelegram?.close();
    await fakeLark?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const fanoutSuite: Suite = {
  name: 'fanout',
  description: '1,000 private reminders through fakes enforcing Telegram’s and Lark’s flood limits',
  async run(log) {
    return [...(await measure('telegram', log)), ...(await measure('lark', log))];
  },
};
