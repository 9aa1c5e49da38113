// The end-to-end setting for the Telegram adapter: the fake Bot API, a real SQLite database with
// the small test org, and the app built by createApp from a config (the real grammY client talks
// to the fake through TELEGRAM_API_ROOT).
import { createApp, type App } from '../../../src/app/create-app.ts';
import { createConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FAKE_TOKEN, FakeTelegram } from '../../support/fake-telegram.ts';
import { buildWorld, type World } from '../../support/world.ts';
import { freePort } from '../lark/harness.ts';

export { freePort };

/** The group the org's weekly reports go to (set up with /setup). */
export const GROUP = -1001234567890;
export const WEBHOOK_SECRET = 'test_webhook_secret-123';

/** Telegram accounts of the default world's people. */
export const USERS = {
  wang: { id: 1001, first_name: '王主任', username: 'wang_zr', language_code: 'zh-hans' },
  zhang: { id: 1002, first_name: '张科长', username: 'zhang_kz', language_code: 'zh-hans' },
  chen: { id: 1003, first_name: '陈', last_name: '科长', language_code: 'zh-hans' },
  liu: { id: 1004, first_name: '刘站长', language_code: 'zh-hans' },
} as const;

export interface TelegramHarness {
  fake: FakeTelegram;
  db: TestDatabase;
  world: World;
  app: App;
  port: number;
  close(): Promise<void>;
}

/** Prepares the org: 王主任 and 刘站长 already linked, the group set up; 张科长 is bound by username on first message. */
export async function seedTelegramOrg(db: TestDatabase): Promise<World> {
  const world = await buildWorld(db.db, { orgName: '示例县卫生健康局' });
  await db.db.identity.create({ data: { personId: await world.personId('王主任'), platform: 'telegram', platformUserId: String(USERS.wang.id), displayName: 'wang_zr' } });
  await db.db.identity.create({ data: { personId: await world.personId('刘站长'), platform: 'telegram', platformUserId: String(USERS.liu.id), displayName: '刘站长' } });
  await db.db.chat.create({ data: { orgId: world.orgId, platform: 'telegram', platformChatId: String(GROUP), kind: 'group', title: '重点项目周报群' } });
  return world;
}

export async function startHarness(options: { webhook?: boolean; env?: Record<string, string> } = {}): Promise<TelegramHarness> {
  const fake = await FakeTelegram.start();
  const db = await createTestDatabase('sqlite');
  const world = await seedTelegramOrg(db);
  const port = await freePort();
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  // Wednesday 10:00 in Shanghai (2026-W47, before the deadline), running at real speed.
  const base = Date.parse('2026-11-18T02:00:00Z');
  const started = Date.now();
  const app = await createApp(config, { databaseUrl: db.url, log: silentLogger, outboxPollMs: 50, now: () => new Date(base + Date.now() - started) });
  await (app.start as (o?: { scheduler?: boolean }) => Promise<void>)({ scheduler: false });
  return {
    fake,
    db,
    world,
    app,
    port,
    async close() {
      await app.stop();
      await fake.close();
      await db.destroy();
    },
  };
}
