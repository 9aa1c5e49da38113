// Small formatting helpers shared by the views.
import type { Translate } from '../messages/catalog/index.ts';
import { localDateTime, weekDates, formatWeek, type IsoWeek } from '../rules/period.ts';
import { formatWan } from '../rules/money.ts';

/** "2026-W47（2026-11-16 至 2026-11-22）" */
export function weekLabel(t: Translate, week: IsoWeek): string {
  const { monday, sunday } = weekDates(week);
  return t('common.week', { week: formatWeek(week), monday, sunday });
}

/** "3200万元" */
export function wan(t: Translate, fen: bigint | null | undefined): string {
  return fen == null ? '—' : t('common.wan', { amount: formatWan(fen) });
}

/** A percentage with at most one decimal, e.g. "32.1". */
export function pct(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A signed change, e.g. "+5", "-2.5", "±0". */
export function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '±0';
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

export function when(instant: Date, zone: string): string {
  return localDateTime(instant, zone);
}
