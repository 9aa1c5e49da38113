// Reading the arguments of /pause, /leave and /resume: "<ref> [until|至] <date> [reason]", the date
// the last paused day (inclusive) in the org's time zone, and who or what a name refers to.
import { DateTime } from 'luxon';
import type { PersonContext, Reply } from '../../commands/context.ts';
import { reply } from '../../commands/context.ts';
import type { CoreDeps } from '../../context.ts';
import { message, type OutboundMessage } from '../../messages/outbound.ts';
import type { Org, Person } from '../../model.ts';
import { normalizeName } from '../../rules/project-match.ts';
import { parseDateText } from '../../rules/working-days.ts';
import { pauseEnd } from './pause-project.ts';

const UNTIL_WORDS = ['until', 'till', 'to', '至', '到', '直到'];

export function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

/** Splits "<ref> [until] <date> [reason]"; the date may be glued to 至 ("至2027-03-01"). */
export function splitRefDate(args: string, defaultYear: number): { ref: string; date: string | null; dateText: string; reason: string } {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  const ref = tokens.shift() ?? '';
  let dateText = '';
  const first = tokens[0] ?? '';
  if (UNTIL_WORDS.includes(first.toLowerCase())) {
    tokens.shift();
    dateText = tokens.shift() ?? '';
  } else {
    const glued = /^(?:至|到|直到)(.+)$/.exec(first);
    if (glued) {
      tokens.shift();
      dateText = glued[1] ?? '';
    } else if (first && parseDateText(first, defaultYear)) {
      dateText = tokens.shift() ?? '';
    }
  }
  return { ref, dateText, date: dateText ? parseDateText(dateText, defaultYear) : null, reason: tokens.join(' ').slice(0, 200) };
}

export async function findPerson(deps: CoreDeps, org: Org, ref: string): Promise<{ kind: 'found'; person: Person } | { kind: 'ambiguous'; names: string[] } | { kind: 'unknown' }> {
  const people = await deps.db.person.findMany({ where: { orgId: org.id }, orderBy: { name: 'asc' } });
  const wanted = normalizeName(ref);
  const exact = people.find((p) => normalizeName(p.name) === wanted);
  if (exact) return { kind: 'found', person: exact };
  const partial = people.filter((p) => normalizeName(p.name).includes(wanted));
  if (partial.length === 1 && partial[0]) return { kind: 'found', person: partial[0] };
  return partial.length > 1 ? { kind: 'ambiguous', names: partial.map((p) => p.name) } : { kind: 'unknown' };
}

/** The last day typed, checked: a real date, not in the past. */
export function checkDate(ctx: PersonContext, parsed: { date: string | null; dateText: string }): { until: Date; day: string } | { reply: Reply[] } {
  const { t, actor } = ctx;
  if (!parsed.date) return { reply: reply(text(t('schedule.calendar.bad_date', { value: parsed.dateText }))) };
  const today = DateTime.fromJSDate(ctx.deps.now(), { zone: actor.org.timeZone }).toISODate() ?? '';
  if (parsed.date < today) return { reply: reply(text(t('schedule.pause.date_past', { date: parsed.date }))) };
  return { until: pauseEnd(parsed.date, actor.org.timeZone), day: parsed.date };
}
