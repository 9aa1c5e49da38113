// Tells people about an item at once: each person in their private chat and language, through the
// outbox (as Replies with a destination and key, or queued inside the caller's transaction).
import type { Db, Tx } from '../../db/client.ts';
import type { Reply } from '../commands/context.ts';
import type { CoreDeps } from '../context.ts';
import { translator, type Translate } from '../messages/catalog/index.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import type { Org, Person, Problem, Project } from '../model.ts';
import { enqueueMessages } from '../outbox/enqueue.ts';
import { loadAudience, type Audience } from '../schedule/audience.ts';
import { proposedCloseNotice } from './supervision-views.ts';

/** The org's audience read through `db` (a transaction's client works too: it only reads). */
export async function audienceIn(db: Db | Tx, org: Org, deps?: Pick<CoreDeps, 'defaults'>): Promise<Audience> {
  const reader = { db: db as Db, defaults: deps?.defaults ?? { timeZone: org.timeZone, locale: 'zh-CN' as const } } as CoreDeps;
  return loadAudience(reader, org);
}

/** Who was told, and who could not be (no account the bot can write to). */
export interface Told {
  replies: Reply[];
  told: string[];
  unreachable: string[];
}

/**
 * One message per person (each in their language), keyed `<key>:<person id>` so a retried event
 * tells nobody twice. `skip` (the person acting) is never told of their own act.
 */
export function tellPeople(audience: Audience, people: readonly (Person | null | undefined)[], key: string, build: (t: Translate) => OutboundMessage, skip?: string): Told {
  const out: Told = { replies: [], told: [], unreachable: [] };
  const seen = new Set<string>(skip ? [skip] : []);
  for (const person of people) {
    if (!person || seen.has(person.id)) continue;
    seen.add(person.id);
    const to = audience.privateChat(person);
    if (!to) {
      out.unreachable.push(person.name);
      continue;
    }
    out.replies.push({ to, key: `${key}:${person.id}`, message: build(translator(audience.localeOf(person))) });
    out.told.push(person.name);
  }
  return out;
}

/** Joins two Told. */
export function joinTold(a: Told, b: Told): Told {
  return { replies: [...a.replies, ...b.replies], told: [...new Set([...a.told, ...b.told])], unreachable: [...new Set([...a.unreachable, ...b.unreachable])] };
}

/** "已通知：张科长、李院长。 刘站长 尚未绑定账号…" for the actor's reply. */
export function toldText(t: Translate, told: Told): string {
  const parts = [told.told.length ? t('supervision.told', { names: told.told.join('、') }) : '', told.unreachable.length ? t('supervision.unreachable', { names: told.unreachable.join('、') }) : ''];
  return parts.filter(Boolean).join(' ');
}

/** A report says an item is solved: each coordinator is asked to 销号 (queued in the report's transaction). */
export async function queueProposedClose(tx: Tx, input: { org: Org; project: Project; item: Problem; text: string; at: Date }): Promise<void> {
  const audience = await audienceIn(tx, input.org);
  const told = tellPeople(audience, audience.coordinators, `item:${input.item.id}:proposed:${input.at.getTime()}`, (t) => proposedCloseNotice(t, { item: input.item, projectName: input.project.name, line: input.text }));
  const items = told.replies.flatMap((r) => (r.to && r.key ? [{ key: r.key, orgId: input.org.id, to: r.to, message: r.message }] : []));
  if (items.length) await enqueueMessages(tx, items, input.at);
}
