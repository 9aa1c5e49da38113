// Small formatting helpers shared by the views.
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { localDateTime, weekDates, formatWeek, type IsoWeek } from '../rules/period.ts';
import { formatWan } from '../rules/money.ts';

/**
 * A week as offices write it: "第47周（11月16日—22日）"; across months "第49周（11月30日—12月6日）";
 * across years with the years ("第1周（2026年12月28日—2027年1月3日）"). English: "Week 47 (16–22 Nov)".
 */
export function weekLabel(t: Translate, week: IsoWeek): string {
  const { monday, sunday } = weekDates(week);
  const [y1, m1, d1] = monday.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = sunday.split('-').map(Number) as [number, number, number];
  const key = y1 !== y2 ? 'common.week.years' : m1 !== m2 ? 'common.week.months' : 'common.week.days';
  return t(key, { week: week.week, y1, d1, y2, d2, m1name: t(`common.month.${m1}` as MessageKey), m2name: t(`common.month.${m2}` as MessageKey) });
}

/** The ISO id of a week ("2026-W47"), for places that name weeks for machines and commands. */
export function weekId(week: IsoWeek): string {
  return formatWeek(week);
}

/** An amount in 万元 for chat: at most two decimals (rounded half up), "3200万元", "1077.98万元". Exact figures are in the ledger. */
export function wan(t: Translate, fen: bigint | null | undefined): string {
  return fen == null ? '—' : t('common.wan', { amount: wanShort(fen) });
}

/** The number of 万元 with at most two decimals: 3200, 1077.98, 0.5. */
export function wanShort(fen: bigint): string {
  const step = 10_000n; // 0.01 万元
  const sign = fen < 0n ? -1n : 1n;
  const abs = fen * sign;
  const rounded = ((abs + step / 2n) / step) * step * sign;
  return formatWan(rounded);
}

/** A percentage with at most one decimal, e.g. "32.1". */
export function pct(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A signed change, e.g. "+5", "-2.5", "±0" (callers say 个百分点 / points in the sentence). */
export function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '±0';
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

export function when(instant: Date, zone: string): string {
  return localDateTime(instant, zone);
}
