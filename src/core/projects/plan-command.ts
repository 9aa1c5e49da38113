// /plan <project> <month> <万元> (/计划) by a coordinator: sets one month of a project's 分月计划
// (monthly plan), from which its 序时进度 is then computed. /plan <project> alone shows the plan.
// A figure is read with the money parser or refused with a message naming it; the months of a year
// may not add up to more than the project's 年度计划投资.
import { DateTime } from 'luxon';
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block } from '../messages/outbound.ts';
import type { Project } from '../model.ts';
import { formatWan, parseAmount, type AmountErrorCode } from '../rules/money.ts';
import { findProjectForReport } from './find-project.ts';
import { loadMonthPlan, setMonthPlan } from './month-plans.ts';

const CHINESE_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** A month as written: "3", "3月", "三月", "2027-03", "2027年3月"; the year null when not named. */
export function readPlanMonth(text: string): { year: number | null; month: number } | null {
  const match = /^(?:(\d{4})\s*[-年./])?\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月?份?$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const word = match[2] ?? '';
  const month = /^\d+$/.test(word) ? Number(word) : CHINESE_MONTHS.indexOf(word) + 1;
  if (month < 1 || month > 12) return null;
  const year = match[1] ? Number(match[1]) : null;
  if (year !== null && (year < 2000 || year > 2100)) return null;
  return { year, month };
}

/** The arguments of /plan, read. */
export type PlanArgs =
  | { kind: 'view'; ref: string }
  | { kind: 'set'; ref: string; year: number | null; month: number; fen: bigint }
  | { kind: 'usage' }
  | { kind: 'bad_month'; text: string }
  | { kind: 'bad_amount'; text: string; reason: AmountErrorCode };

/** Reads "<project> <month> <万元>" from the end (a project name may hold spaces), or "<project>" alone. Pure. */
export function parsePlanArgs(args: string): PlanArgs {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'usage' };
  if (words.length === 1) return { kind: 'view', ref: words[0] ?? '' };
  if (words.length === 2) return readPlanMonth(words[1] ?? '') ? { kind: 'usage' } : { kind: 'view', ref: words.join(' ') };
  const amountText = words[words.length - 1] ?? '';
  const monthText = words[words.length - 2] ?? '';
  const ref = words.slice(0, -2).join(' ');
  const month = readPlanMonth(monthText);
  if (!month) return { kind: 'bad_month', text: monthText };
  const amount = parseAmount(amountText, 'wan');
  if (!amount.ok) return { kind: 'bad_amount', text: amountText, reason: amount.code };
  return { kind: 'set', ref, year: month.year, month: month.month, fen: amount.fen };
}

function text(t: Translate, key: MessageKey, params?: Record<string, string | number>): Reply[] {
  return reply(message([{ kind: 'text', lines: [[t(key, params)]] }]));
}

/** The months as one line: "1月 500 · 2月 800 · …" (万元), with the sum against the annual plan. */
function planLines(t: Translate, project: Project, year: number, months: readonly bigint[]): string[][] {
  const sum = months.reduce((a, b) => a + b, 0n);
  const list = months.map((fen, i) => t('admin.plan.month_item', { month: i + 1, amount: formatWan(fen) })).join(t('admin.plan.month_separator'));
  const rest = project.annualPlan - sum;
  return [
    [t('admin.plan.months', { year, months: list })],
    [t(rest > 0n ? 'admin.plan.sum_short' : 'admin.plan.sum', { sum: formatWan(sum), plan: formatWan(project.annualPlan), rest: formatWan(rest) })],
  ];
}

/** /plan (计划) by a coordinator. */
export async function planCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, deps, actor } = ctx;
  const parsed = parsePlanArgs(ctx.args);
  if (parsed.kind === 'usage') return text(t, 'admin.plan.usage');
  if (parsed.kind === 'bad_month') return reply(message([{ kind: 'text', lines: [[t('admin.plan.bad_month', { value: parsed.text })], [t('admin.plan.usage')]] }]));
  if (parsed.kind === 'bad_amount') {
    return reply(message([{ kind: 'text', lines: [[t('admin.plan.bad_amount', { value: parsed.text, reason: t(`import.amount.${parsed.reason}`) })], [t('admin.plan.usage')]] }]));
  }
  const found = await findProjectForReport(deps.db, actor.person, parsed.ref);
  if (found.kind !== 'found') {
    const blocks: Block[] = [{ kind: 'text', lines: [[t(found.kind === 'ambiguous' ? 'admin.lifecycle.ambiguous' : 'admin.lifecycle.unknown', { ref: parsed.ref })]] }];
    if (found.kind === 'ambiguous' && found.candidates.length) blocks.push({ kind: 'list', items: found.candidates.slice(0, 15).map((p) => [`${p.code} ${p.name}`]) });
    blocks.push({ kind: 'text', lines: [[t('admin.plan.usage')]] });
    return reply(message(blocks));
  }
  const { project } = found;
  const thisYear = DateTime.fromJSDate(deps.now(), { zone: actor.org.timeZone }).year;
  if (parsed.kind === 'view') {
    const months = await loadMonthPlan(deps, { projectId: project.id, year: thisYear });
    if (!months) return text(t, 'admin.plan.none', { code: project.code, name: project.name, year: thisYear });
    return reply(message([{ kind: 'text', lines: [[t('admin.plan.title', { code: project.code, name: project.name })], ...planLines(t, project, thisYear, months)] }]));
  }
  const year = parsed.year ?? thisYear;
  if (project.annualPlan <= 0n) return text(t, 'admin.plan.no_annual', { code: project.code, name: project.name });
  // The months may not add up to more than the annual plan (the plan is not this year's otherwise).
  const before = (await loadMonthPlan(deps, { projectId: project.id, year })) ?? Array.from({ length: 12 }, () => 0n);
  const after = before.map((fen, i) => (i === parsed.month - 1 ? parsed.fen : fen));
  const sum = after.reduce((a, b) => a + b, 0n);
  if (sum > project.annualPlan) {
    return text(t, 'admin.plan.above_annual', { code: project.code, name: project.name, year, month: parsed.month, amount: formatWan(parsed.fen), sum: formatWan(sum), plan: formatWan(project.annualPlan) });
  }
  const result = await setMonthPlan(deps, { orgId: actor.org.id, projectId: project.id, year, month: parsed.month, amount: parsed.fen, actorId: actor.person.id });
  const done = result.previous !== null && result.previous !== parsed.fen
    ? t('admin.plan.changed', { code: project.code, name: project.name, year, month: parsed.month, from: formatWan(result.previous), to: formatWan(parsed.fen) })
    : t('admin.plan.set', { code: project.code, name: project.name, year, month: parsed.month, amount: formatWan(parsed.fen) });
  return reply(message([{ kind: 'text', lines: [[done], ...planLines(t, project, year, result.months), [t('admin.plan.pace')]] }]));
}
