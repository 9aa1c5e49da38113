// The org of the reliability bursts (kill -9, SIGTERM): a coordinator, a leader and `owners` owners
// with `perOwner` projects each, every owner bound to a Telegram account; and how the tests read the
// bot's confirmations.
import type { Db } from '../../src/db/client.ts';
import type { SentMessage } from '../support/fake-telegram.ts';
import { waitFor } from '../support/wait.ts';
import { buildWorld, type WorldPerson, type WorldProject } from '../support/world.ts';

export interface BurstOrg {
  owners: number;
  perOwner: number;
  /** The Telegram user id of owner `i`. */
  ownerId: (i: number) => number;
  /** The code of owner `i`'s `k`-th project. */
  code: (i: number, k: number) => string;
  /** What the projects are called (their code follows). */
  projectName: string;
}

/** Seeds the org; returns its id. */
export async function seedBurstOrg(db: Db, org: BurstOrg): Promise<{ orgId: string }> {
  const people: WorldPerson[] = [{ name: '王主任', coordinator: true }, { name: '李院长', leader: true, unit: '县人民医院' }];
  const projects: WorldProject[] = [];
  for (let i = 0; i < org.owners; i++) {
    people.push({ name: `负责人${i}`, owner: true, unit: '县人民医院' });
    for (let k = 0; k < org.perOwner; k++) projects.push({ code: org.code(i, k), name: `${org.projectName}${org.code(i, k)}`, unit: '县人民医院', leader: '李院长', owner: `负责人${i}`, totalWan: 1000, planWan: 500 });
  }
  const world = await buildWorld(db, { people, projects });
  await db.identity.createMany({
    data: await Promise.all(Array.from({ length: org.owners }, async (_, i) => ({ personId: await world.personId(`负责人${i}`), platform: 'telegram', platformUserId: String(org.ownerId(i)), displayName: `负责人${i}` }))),
  });
  return { orgId: world.orgId };
}

/** The confirmations ("已收到" receipts) as "<chat> <project code>", the code found by `codePattern`. */
export function receiptsOf(sent: SentMessage[], codePattern: RegExp): string[] {
  return sent.filter((m) => m.text.includes('已收到')).map((m) => `${m.chat_id} ${codePattern.exec(m.text)?.[0] ?? '?'}`);
}

/** Waits until `condition` holds; the error says what was awaited. */
export function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<unknown> {
  return waitFor(condition, { timeoutMs, intervalMs: 50, message: what });
}
