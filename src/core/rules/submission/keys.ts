// Field names as people write them, in Chinese and English.
import type { ReportField } from './types.ts';

/** What a key names: a report field, or one of the extra lines. */
export type KeyTarget = ReportField | 'week' | 'reason' | 'confirm' | 'project';

const ALIASES: Record<KeyTarget, string[]> = {
  progress: ['形象进度', '进度', '工程进度', '项目进度', '形象进度情况', 'progress'],
  investedThisWeek: ['本周完成投资', '本周投资', '本周', '本周完成', '本周完成投资额', '当周完成投资', '本周投资额', 'invested', 'thisweek', 'investedthisweek', 'weekinvestment'],
  cumulative: ['累计完成投资', '累计投资', '累计完成', '累计', '年度累计完成投资', '今年累计完成投资', '累计完成投资额', 'cumulative', 'total', 'totaltodate', 'ytd'],
  done: ['本周进展', '进展', '完成情况', '工作进展', '本周完成情况', '本周工作', '进展情况', '本周工作进展', 'done', 'workdone'],
  problems: ['存在问题', '问题', '困难', '存在困难', '存在的问题', '困难和问题', '问题和困难', 'problems', 'problem', 'issues'],
  nextPlan: ['下周计划', '计划', '下步计划', '下一步计划', '下周工作计划', '下周安排', 'next', 'nextweek', 'plan', 'nextplan'],
  help: ['需协调事项', '协调', '协调事项', '需协调', '需要协调', '需协调解决事项', '需协调解决的问题', 'help', 'needs', 'coordination'],
  week: ['周次', '周', '填报周次', 'week'],
  reason: ['原因', '补报原因', '原因说明', '逾期原因', '延迟原因', '迟报原因', 'reason', 'latereason'],
  confirm: ['确认', 'confirm'],
  project: ['项目', '项目名称', '项目编号', 'project'],
};

/** Every alias, folded and lower-cased, with its target: what the line scanner matches. */
export const KEY_ALIASES: readonly { alias: string; target: KeyTarget }[] = Object.entries(ALIASES).flatMap(([target, names]) =>
  names.map((alias) => ({ alias: alias.toLowerCase(), target: target as KeyTarget })),
);

/** The canonical Chinese name of a target, used when suggesting a fix for a mistyped key. */
export const CANONICAL: Record<KeyTarget, string> = Object.fromEntries(Object.entries(ALIASES).map(([target, names]) => [target, names[0] ?? target])) as Record<KeyTarget, string>;

const LOOKUP = new Map<string, KeyTarget>(Object.entries(ALIASES).flatMap(([target, names]) => names.map((n) => [n, target as KeyTarget])));

/** A unit written in a key's brackets, e.g. 本周完成投资(万元). */
export type KeyUnit = 'wan' | 'yuan' | 'yi' | 'percent';

/** Short keys that name an amount when a number follows and what was done otherwise ("本周: 封顶"). */
export const AMOUNT_OR_TEXT: ReadonlySet<string> = new Set(['本周', '本周完成']);

/**
 * Reads a key: its target and any unit in brackets. Unknown keys give null. Pass the value to
 * settle short keys that may mean an amount or text.
 */
export function readKey(raw: string, value?: string): { target: KeyTarget; unit?: KeyUnit } | null {
  let key = raw.normalize('NFKC').replace(/[\s\u200b]+/g, '').toLowerCase();
  let unit: KeyUnit | undefined;
  const bracket = /[([【]([^)\]】]*)[)\]】]$/.exec(key);
  if (bracket) {
    const inside = bracket[1] ?? '';
    unit = inside.includes('亿') ? 'yi' : inside.includes('万') ? 'wan' : inside.includes('元') ? 'yuan' : inside.includes('%') ? 'percent' : undefined;
    key = key.slice(0, bracket.index);
  }
  key = key.replace(/^[0-9]+[.、)]/, '').replace(/[*#]/g, '');
  const found = LOOKUP.get(key);
  const target = found && AMOUNT_OR_TEXT.has(key) && value !== undefined && !/^\s*[\d０-９.．¥￥]/.test(value) ? 'done' : found;
  return target ? { target, ...(unit ? { unit } : {}) } : null;
}
