// Issue #16 finding 7: /iam never reveals names of the list to an unknown account, claims are
// rate-limited per account and per org, and the coordinators' approval prompt shows who is asking
// (account id, username), the claimed person's roles and any mismatch with the list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimMismatches, CLAIM_LIMITS } from '../../src/core/people/claim-identity.ts';
import { toPlainText } from '../../src/core/messages/outbound.ts';
import type { Person } from '../../src/core/model.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildWorld, type World } from '../support/world.ts';

describe('identity claims', () => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    world = await buildWorld(database.db, { people: [
      { name: '王主任', coordinator: true },
      { name: '张科长', owner: true, telegramUsername: 'zhang_kz' },
      { name: '李院长', leader: true },
    ] });
    await world.say('王主任', '/whoami'); // binds the coordinator's sandbox account
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('suggests no names to an unknown account', async () => {
    for (const guess of ['张', '王', '李', '主任']) {
      const reply = await world.say('stranger', `/iam ${guess}`, { senderId: `s-${guess}` });
      expect(reply).toContain(`项目清单上没有「${guess}」`);
      for (const listed of ['王主任', '张科长', '李院长']) expect(reply).not.toContain(listed);
    }
  });

  it('limits claims per account, with a clear message, and counts unknown names too', async () => {
    for (let i = 0; i < CLAIM_LIMITS.perAccountPerHour; i += 1) await world.say('stranger', `/iam 某${i}`, { senderId: 'acct-1' });
    const refused = await world.say('stranger', '/iam 张科长', { senderId: 'acct-1' });
    expect(refused).toContain(`每个账号每小时最多 ${CLAIM_LIMITS.perAccountPerHour} 次`);
    expect(await database.db.identityClaim.count()).toBe(0);
    // An hour later the account may try again.
    world.at('2026-11-18T03:01:00Z');
    expect(await world.say('stranger', '/iam 张科长', { senderId: 'acct-1' })).toContain('等待项目办确认');
  });

  it('limits claims per org, so coordinators are not flooded', async () => {
    let notices = 0;
    for (let i = 0; i < CLAIM_LIMITS.perOrgPerHour; i += 1) {
      const replies = await world.send('stranger', '/iam 李院长', { senderId: `acct-${i}` });
      notices += replies.filter((r) => r.to).length;
    }
    expect(notices).toBe(CLAIM_LIMITS.perOrgPerHour);
    const replies = await world.send('stranger', '/iam 李院长', { senderId: 'acct-late' });
    expect(replies.filter((r) => r.to)).toHaveLength(0);
    expect(replies.map((r) => toPlainText(r.message)).join('\n')).toContain(`认领申请已达上限（${CLAIM_LIMITS.perOrgPerHour} 次）`);
  });

  it('shows the coordinators the account id, the roles and a mismatch with the list', async () => {
    const replies = await world.send('zhang-imposter', '/iam 张科长', { senderId: 'tg-9001', platform: 'telegram' });
    const notice = replies.map((r) => toPlainText(r.message)).find((t) => t.includes('申请认领')) ?? '';
    expect(notice).toContain('tg-9001');
    expect(notice).toContain('Telegram');
    expect(notice).toContain('清单上的角色：责任人');
    expect(notice).toContain('Telegram 用户名 是 @zhang_kz，申请账号没有提供');
  });
});

describe('claimMismatches', () => {
  const person = { telegramUsername: 'Zhang_KZ', larkEmail: 'zhang@hospital.gov.cn', larkMobile: '+86 138 0000 0001' } as Person;
  it('compares usernames, emails and mobiles the way people write them', () => {
    expect(claimMismatches(person, { platform: 'telegram', sender: { id: '1', displayName: 'x', username: 'zhang_kz' } })).toEqual([]);
    expect(claimMismatches(person, { platform: 'telegram', sender: { id: '1', displayName: 'x', username: 'zhang_k2' } })).toEqual([{ field: 'username', listed: 'Zhang_KZ', given: 'zhang_k2' }]);
    expect(claimMismatches(person, { platform: 'lark', sender: { id: 'ou_1', displayName: 'x', email: 'ZHANG@hospital.gov.cn', mobile: '13800000001' } })).toEqual([]);
    expect(claimMismatches(person, { platform: 'lark', sender: { id: 'ou_1', displayName: 'x', mobile: '13900000001' } }).map((m) => m.field)).toEqual(['email', 'mobile']);
  });
});
