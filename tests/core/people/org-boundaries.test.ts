// Two orgs in one database: a group belongs to one org. People of the other org get a pointer to a
// private chat and nothing of theirs is shown or run there; /setup names the org and re-binding a
// group needs its own org's coordinator and a confirmation; ADMINS entries may be scoped to one org.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applyAdmins, UnknownAdminOrgError } from '../../../src/app/apply-admins.ts';
import { createConfig } from '../../../src/config.ts';
import type { Reply } from '../../../src/core/commands/context.ts';
import { t } from '../../../src/core/messages/catalog/index.ts';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import { handleIncoming } from '../../../src/core/router.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildWorld, type World } from '../../support/world.ts';

const ORG_A = '县卫健局';
const ORG_B = '市住建局';
const B_PROJECT = '市体育中心改造工程';
const POINTER = t('zh-CN', 'admin.org.foreign');

const B_PEOPLE = [
  { name: '孙主任', coordinator: true },
  { name: '钱局长', leader: true, unit: '市建设中心' },
  { name: '周科长', owner: true, unit: '市建设中心' },
];
const B_PROJECTS = [{ code: '1', name: B_PROJECT, unit: '市建设中心', leader: '钱局长', owner: '周科长', totalWan: 5000, planWan: 2000 }];

function plain(replies: Reply[]): string {
  return replies.map((r) => toPlainText(r.message)).join('\n---\n');
}

describeEachProvider('org boundaries', (provider) => {
  let database: TestDatabase;
  let a: World;
  let b: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    a = await buildWorld(database.db, { orgName: ORG_A });
    b = await buildWorld(database.db, { orgName: ORG_B, people: B_PEOPLE, projects: B_PROJECTS });
  });
  afterEach(async () => {
    await database.destroy();
  });

  const groupOrg = async (world: World) => (await database.db.chat.findUniqueOrThrow({ where: { platform_platformChatId: { platform: 'sandbox', platformChatId: `group-${world.orgId}` } } })).orgId;
  /** Sends in a group of the given id (not one the worlds made). */
  const sendInGroup = (world: World, chatId: string, name: string, text: string, action?: string) =>
    handleIncoming(world.deps, {
      platform: 'sandbox',
      eventId: `e-${Math.random()}`,
      chat: { id: chatId, kind: 'group', title: '新群' },
      sender: { id: name, displayName: name },
      text,
      receivedAt: world.deps.now(),
      ...(action ? { action } : {}),
    });

  it("answers the other org's leader in this org's group with only a pointer: no list, no ledger", async () => {
    // 钱局长 is known (bound in their own org's group, where /status shows their list).
    expect(await b.say('钱局长', '/status')).toContain(B_PROJECT);

    for (const command of ['/status', '/export csv', '/missing', '/whoami', '/help']) {
      const replies = await a.send('钱局长', command);
      expect(replies, command).toHaveLength(1);
      expect(replies[0]?.to, command).toBeUndefined();
      expect(replies[0]?.message.attachment, command).toBeUndefined();
      const text = plain(replies);
      expect(text, command).toBe(POINTER);
      expect(text).not.toContain(ORG_B);
      expect(text).not.toContain(B_PROJECT);
    }
    // A button press there is refused the same way.
    expect(plain(await a.send('钱局长', '', { action: 'digest:ack:2026-W47' }))).toBe(POINTER);
    // In a private chat the same person acts in their own org.
    expect(await b.say('钱局长', '/status', { chat: 'private' })).toContain(B_PROJECT);
    // This org's own people are unaffected.
    expect(await a.say('李院长', '/status')).toContain('县医院城东院区感染防控中心工程');
  });

  it("refuses the other org's coordinator who tries to /setup this org's group; the binding stays", async () => {
    await b.send('孙主任', '/whoami');
    for (const command of ['/setup', `/setup ${ORG_B}`, `/setup ${ORG_B} 确认`]) {
      const text = await a.say('孙主任', command);
      expect(text, command).toBe(t('zh-CN', 'admin.setup.foreign', { org: ORG_A }));
    }
    expect(await groupOrg(a)).toBe(a.orgId);
  });

  it('with several orgs, /setup without a name lists the orgs one may bind to, and /setup <org> binds', async () => {
    await a.send('王主任', '/whoami', { chat: 'private' });
    const listed = plain(await sendInGroup(a, 'new-group', '王主任', '/setup'));
    expect(listed).toBe(t('zh-CN', 'admin.setup.choose', { orgs: `「${ORG_A}」` }));
    expect(await database.db.chat.findUnique({ where: { platform_platformChatId: { platform: 'sandbox', platformChatId: 'new-group' } } })).toBeNull();

    expect(plain(await sendInGroup(a, 'new-group', '王主任', '/setup 不存在局'))).toBe(t('zh-CN', 'admin.setup.unknown_org', { name: '不存在局', orgs: `「${ORG_A}」` }));
    // A coordinator of A may not bind a group to B.
    expect(plain(await sendInGroup(a, 'new-group', '王主任', `/setup ${ORG_B}`))).toBe(t('zh-CN', 'admin.setup.not_yours', { org: ORG_B }));

    expect(plain(await sendInGroup(a, 'new-group', '王主任', `/setup ${ORG_A}`))).toContain(ORG_A);
    const chat = await database.db.chat.findUniqueOrThrow({ where: { platform_platformChatId: { platform: 'sandbox', platformChatId: 'new-group' } } });
    expect(chat.orgId).toBe(a.orgId);
  });

  it("re-binds a group only for its own org's operator, and only after the confirmation names both orgs", async () => {
    a.deps.admins = [{ platform: 'sandbox', userId: '王主任' }];
    await a.send('王主任', '/whoami', { chat: 'private' });

    const asked = await a.send('王主任', `/setup ${ORG_B}`);
    expect(plain(asked)).toContain(t('zh-CN', 'admin.setup.confirm', { from: ORG_A, to: ORG_B }));
    expect(await groupOrg(a)).toBe(a.orgId);
    const button = asked[0]?.message.buttons?.[0];
    expect(button?.action).toBe(`setup:confirm:${b.orgId}`);

    // Someone of the other org cannot press it.
    await b.send('孙主任', '/whoami');
    expect(plain(await a.send('孙主任', '', { action: button?.action ?? '' }))).toBe(POINTER);
    expect(await groupOrg(a)).toBe(a.orgId);
    // Nor can a member of this org who is not its coordinator.
    const roleRefusal = t('zh-CN', 'command.refused.role', { command: 'setup:confirm', roles: t('zh-CN', 'common.role.coordinator') });
    expect(plain(await a.send('李院长', '', { action: button?.action ?? '' }))).toBe(roleRefusal);
    expect(await groupOrg(a)).toBe(a.orgId);

    const done = plain(await a.send('王主任', '', { action: button?.action ?? '' }));
    expect(done).toContain(t('zh-CN', 'admin.setup.moved', { from: ORG_A, to: ORG_B }));
    expect(await groupOrg(a)).toBe(b.orgId);
    const audit = await database.db.auditLog.findMany({ where: { action: { in: ['chat.setup', 'chat.moved'] } } });
    expect(audit.map((row) => row.action).sort()).toEqual(['chat.moved', 'chat.setup']);
  });

  it('confirms a re-binding typed as /setup <org> 确认', async () => {
    a.deps.admins = [{ platform: 'sandbox', userId: '王主任' }];
    await a.send('王主任', '/whoami', { chat: 'private' });
    expect(plain(await a.send('王主任', `/setup ${ORG_B} 确认`))).toContain(t('zh-CN', 'admin.setup.moved', { from: ORG_A, to: ORG_B }));
    expect(await groupOrg(a)).toBe(b.orgId);
    // Now 王主任 of A speaks in a group of B: as B's operator (unscoped ADMINS), not as an outsider.
    expect(await a.say('王主任', '/status')).toContain(B_PROJECT);
  });

  it("refuses a coordinator of this org (not an operator) who would move its group to another org", async () => {
    await a.send('王主任', '/whoami', { chat: 'private' });
    expect(await a.say('王主任', `/setup ${ORG_B} 确认`)).toBe(t('zh-CN', 'admin.setup.not_yours', { org: ORG_B }));
    expect(await groupOrg(a)).toBe(a.orgId);
  });

  it('scopes an ADMINS entry to one org: an operator of B only is nobody special in A', async () => {
    a.deps.admins = [{ platform: 'sandbox', userId: '王主任', orgName: ORG_B }];
    b.deps.admins = a.deps.admins;
    // 王主任 coordinates A (on its list) and operates B (ADMINS): A's group may go to B, once confirmed.
    await a.send('王主任', '/whoami', { chat: 'private' });
    expect(plain(await a.send('王主任', `/setup ${ORG_B}`))).toContain(t('zh-CN', 'admin.setup.confirm', { from: ORG_A, to: ORG_B }));

    // 李院长 (a leader of A) made operator of B only: in A still a leader, in B's group B's coordinator.
    a.deps.admins = [{ platform: 'sandbox', userId: '李院长', orgName: ORG_B }];
    b.deps.admins = a.deps.admins;
    await a.send('李院长', '/whoami', { chat: 'private' });
    expect(await a.say('李院长', '/remind', { chat: 'private' })).toContain('/remind');
    const person = await database.db.person.findUniqueOrThrow({ where: { orgId_name: { orgId: a.orgId, name: '李院长' } } });
    expect(person.isCoordinator).toBe(false);
    expect(await b.say('李院长', '/status')).toContain(B_PROJECT);
    const standIn = await database.db.person.findUniqueOrThrow({ where: { orgId_name: { orgId: b.orgId, name: '李院长' } } });
    expect(standIn.isCoordinator).toBe(true);

    // An unscoped entry is an operator for every org; applyAdmins promotes them in their own org.
    a.deps.admins = [{ platform: 'sandbox', userId: '李院长' }];
    await applyAdmins(a.deps);
    expect((await database.db.person.findUniqueOrThrow({ where: { id: person.id } })).isCoordinator).toBe(true);
  });

  it('stops start-up when an ADMINS entry names an org that does not exist, naming it', async () => {
    a.deps.admins = [{ platform: 'telegram', userId: '123', orgName: '不存在局' }];
    await expect(applyAdmins(a.deps)).rejects.toThrow(UnknownAdminOrgError);
    await expect(applyAdmins(a.deps)).rejects.toThrow(/"不存在局"/);
    a.deps.admins = [{ platform: 'telegram', userId: '123', orgName: ORG_A }];
    await expect(applyAdmins(a.deps)).resolves.toBeUndefined();
  });
});

it('reads scoped and unscoped ADMINS entries', () => {
  expect(createConfig({ ADMINS: 'telegram:123@县卫健局, telegram:456, sandbox:王主任@市住建局' }).ADMINS).toEqual([
    { platform: 'telegram', userId: '123', orgName: '县卫健局' },
    { platform: 'telegram', userId: '456' },
    { platform: 'sandbox', userId: '王主任', orgName: '市住建局' },
  ]);
  expect(() => createConfig({ ADMINS: 'telegram:123@' })).toThrow(/org name after "@" is empty/);
  expect(() => createConfig({ ADMINS: 'telegram:@县卫健局' })).toThrow(/ADMINS/);
});
