// The end-to-end setting for the Lark adapter: a fake open platform, a real SQLite database with a
// small org, and the app built by createApp from a config, so the real wiring runs.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { createConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FAKE_APP_ID, FAKE_APP_SECRET, FakeLark, type FakeLarkOptions } from '../../support/fake-lark.ts';
import { buildWorld, type World } from '../../support/world.ts';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const GROUP = 'oc_group_weekly';
/** A group the bot was just added to, not set up yet. */
export const NEW_GROUP = 'oc_group_new';

/** People of the default world and their Lark accounts (open_id, and what the contact API says). */
export const ACCOUNTS = {
  wang: { openId: 'ou_wang000000000000000000000000001', name: '王主任', mobile: '+86 138 0000 0001' },
  zhang: { openId: 'ou_zhang00000000000000000000000002', name: '张科长', email: 'Zhang.KZ@hospital.gov.cn' },
  chen: { openId: 'ou_chen000000000000000000000000003', name: '陈科长', email: 'chen@tcm.gov.cn' },
  liu: { openId: 'ou_liu0000000000000000000000000004', name: '刘站长' },
} as const;

export interface LarkHarness {
  fake: FakeLark;
  db: TestDatabase;
  world: World;
  app: App;
  /** The webhook URL of an endpoint ("/lark/events" or "/lark/card"). */
  url(path?: string): string;
  /** Moves the app's clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the config's PORT may not be 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the fake platform, the database and the app (webhook mode unless told otherwise). */
export async function startHarness(options: { mode?: 'webhook' | 'ws'; fake?: FakeLarkOptions; start?: boolean; env?: Record<string, string> } = {}): Promise<LarkHarness> {
  const fake = await FakeLark.start({
    users: {
      [ACCOUNTS.wang.openId]: { name: ACCOUNTS.wang.name, mobile: ACCOUNTS.wang.mobile },
      [ACCOUNTS.zhang.openId]: { name: ACCOUNTS.zhang.name, email: ACCOUNTS.zhang.email },
      [ACCOUNTS.chen.openId]: { name: ACCOUNTS.chen.name, email: ACCOUNTS.chen.email },
      [ACCOUNTS.liu.openId]: { name: ACCOUNTS.liu.name },
    },
    chats: { [GROUP]: '重点项目周报群', [NEW_GROUP]: '城东院区项目群' },
    ...options.fake,
  });
  const db = await createTestDatabase('sqlite');
  const world = await buildWorld(db.db, { orgName: '示例县卫生健康局' });
  // The imported list carries the owners' email and the coordinator's mobile (bound on first message).
  const person = (name: string) => ({ orgId_name: { orgId: world.orgId, name } });
  await db.db.person.update({ where: person('张科长'), data: { larkEmail: 'zhang.kz@hospital.gov.cn' } });
  await db.db.person.update({ where: person('陈科长'), data: { larkEmail: 'chen@tcm.gov.cn' } });
  await db.db.person.update({ where: person('王主任'), data: { larkMobile: '13800000001' } });
  // 刘站长 linked his account earlier (/iam, approved).
  await db.db.identity.create({ data: { personId: await world.personId('刘站长'), platform: 'lark', platformUserId: ACCOUNTS.liu.openId, displayName: '刘站长' } });
  // The group was set up with /setup.
  await db.db.chat.create({ data: { orgId: world.orgId, platform: 'lark', platformChatId: GROUP, kind: 'group', title: '重点项目周报群' } });

  let now = new Date('2026-11-18T02:00:00Z'); // Wednesday 10:00 in Shanghai, 2026-W47
  const port = await freePort();
  const config = createConfig({
    LARK_APP_ID: FAKE_APP_ID,
    LARK_APP_SECRET: FAKE_APP_SECRET,
    LARK_DOMAIN: fake.url,
    LARK_MODE: options.mode ?? 'webhook',
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const app = await createApp(config, { databaseUrl: db.url, now: () => new Date(now), log: silentLogger, outboxPollMs: 25 });
  if (options.start !== false) await (app.start as (o?: { scheduler?: boolean }) => Promise<void>)({ scheduler: false });
  return {
    fake,
    db,
    world,
    app,
    url: (path = '/lark/events') => `http://127.0.0.1:${port}${path}`,
    advance(ms) {
      now = new Date(now.getTime() + ms);
      app.outbox.poke();
    },
    async close() {
      await app.stop();
      await fake.close();
      await db.destroy();
    },
  };
}
