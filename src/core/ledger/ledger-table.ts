// Turns the ledger and its further sheets into neutral tables: headers, typed cells and row styles
// in the reader's language. The XLSX and CSV writers render these tables and know nothing of reports.
import { DateTime } from 'luxon';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { formatWeek, localDate, localDateTime, weekDates } from '../rules/period.ts';
import { formatMonth } from '../rules/schedule-plan.ts';
import { completionRate, type Ledger, type LedgerProjectRow, type LedgerTotals, type MonthMark, type WeekMark, type WeekMarkKind } from './ledger-model.ts';
import { dueDay } from '../supervision/item-rules.ts';
import { kindText, statusText } from '../supervision/supervision-views.ts';
import { filedRate, onTimeRate, type HistoryRow, type ProblemRow, type RateRow, type RateTable } from './ledger-sheets.ts';
import { PHOTO_EMBED_LIMITS, planEmbeds, type PhotoEmbedLimits } from './ledger-photos.ts';

// === The table model

/**
 * Rows of the same sheet (0-based indices into `SheetTable.rows`, inclusive ranges) whose cells in
 * the same column a total adds up: the XLSX writes it as a SUM formula with the value cached.
 */
export type RowRanges = readonly (readonly [number, number])[];

/**
 * A cell: text, an amount in 分 (shown in 万元; `carried` when not the period's own report's figure,
 * shown grey; `sumOf` for a total), a fraction shown as a percentage, a whole number, or an image
 * of the file store (a thumbnail: the writer reads its bytes by `key`, and shows `fallback` when
 * they cannot be read).
 */
export type TableCell =
  | { kind: 'text'; text: string; tone?: 'warn' | 'alert' }
  | { kind: 'money'; fen: bigint | null; tone?: 'carried'; sumOf?: RowRanges }
  | { kind: 'percent'; value: number | null; digits: 0 | 1 }
  | { kind: 'integer'; value: number | null }
  | { kind: 'image'; key: string; format: 'jpeg' | 'png'; fallback: string };

export interface TableColumn {
  header: string;
  /** Width in Excel character units (a Chinese character takes about two). */
  width: number;
  align: 'left' | 'center' | 'right';
}

/** A data row, a subtotal (小计) or the total (合计). Subtotals and totals are printed bold. */
export interface TableRow {
  style: 'data' | 'subtotal' | 'total';
  cells: TableCell[];
}

/** One sheet: a title line, a subtitle line, a header row and the rows. */
export interface SheetTable {
  name: string;
  title: string;
  subtitle: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Lines printed below the rows (a limit that was reached, for example). */
  notes?: string[];
}

/** A whole workbook: the sheets in order and the page footer ("第 &P 页，共 &N 页"). */
export interface LedgerBook {
  sheets: SheetTable[];
  footer: string;
}

const text = (value: string, tone?: 'warn' | 'alert'): TableCell => (tone ? { kind: 'text', text: value, tone } : { kind: 'text', text: value });
const money = (fen: bigint | null, extra: { carried?: boolean; sumOf?: RowRanges } = {}): TableCell => ({
  kind: 'money',
  fen,
  ...(extra.carried ? { tone: 'carried' as const } : {}),
  ...(extra.sumOf ? { sumOf: extra.sumOf } : {}),
});
const integer = (value: number | null): TableCell => ({ kind: 'integer', value });
const fraction = (value: number | null): TableCell => ({ kind: 'percent', value, digits: 1 });
/** 形象进度 is stored in percent; shown without decimals when it has none. */
const progress = (value: number | null): TableCell => ({ kind: 'percent', value: value == null ? null : value / 100, digits: value == null || Number.isInteger(value) ? 0 : 1 });

function column(t: Translate, key: MessageKey, width: number, align: TableColumn['align'] = 'left'): TableColumn {
  return { header: t(key), width, align };
}

// === Titles

/** "11月16日" (or "11/16"). */
function monthDay(t: Translate, isoDate: string): string {
  const date = DateTime.fromISO(isoDate);
  return t('ledger.date.month_day', { month: date.month, day: date.day });
}

/** The period as people write it: "2026年第47周" or "2026年11月". */
export function periodLabel(t: Translate, ledger: Pick<Ledger, 'period'>): string {
  const { period } = ledger;
  return period.kind === 'week' ? t('ledger.period.week', { year: period.week.year, week: period.week.week }) : t('ledger.period.month', { year: period.year, month: period.month });
}

/** "2026-W47" or "2026-11": the period's id, for file names and replies. */
export function periodId(ledger: Pick<Ledger, 'period'>): string {
  const { period } = ledger;
  return period.kind === 'week' ? formatWeek(period.week) : formatMonth(period.year, period.month);
}

/** "示例县卫生健康局重点项目进度台账（2026年第47周 11月16日—11月22日）". */
export function ledgerTitle(t: Translate, ledger: Ledger): string {
  const { period } = ledger;
  if (period.kind === 'month') return t('ledger.title.month', { org: ledger.org.name, year: period.year, month: period.month });
  const { monday, sunday } = weekDates(period.week);
  return t('ledger.title.week', { org: ledger.org.name, year: period.week.year, week: period.week.week, from: monthDay(t, monday), to: monthDay(t, sunday) });
}

function ledgerSubtitle(t: Translate, ledger: Ledger): string {
  const zone = ledger.org.timeZone;
  const parts: string[] = [];
  if (ledger.deadline) parts.push(t('ledger.subtitle.deadline', { deadline: localDateTime(ledger.deadline, zone) }));
  else if (ledger.weeks.length) parts.push(t('ledger.subtitle.weeks', { from: formatWeek(ledger.weeks[0]!), to: formatWeek(ledger.weeks.at(-1)!) }));
  const { counts } = ledger;
  parts.push(
    ledger.period.kind === 'week'
      ? t('ledger.subtitle.counts.week', { ...counts })
      : t('ledger.subtitle.counts.month', { ...counts, projects: ledger.total.projects }),
  );
  if (ledger.scopeName) parts.push(t('ledger.subtitle.scope', { name: ledger.scopeName }));
  parts.push(t('ledger.subtitle.money'));
  parts.push(t('ledger.subtitle.generated', { time: localDateTime(ledger.generatedAt, zone) }));
  return parts.join(t('ledger.subtitle.join'));
}

// === The week / month sheet

/** The text of the 是否逾期 (week) or 报送情况 (month) cell, with a tone for late and missing. */
export function markCell(t: Translate, mark: WeekMark | MonthMark): TableCell {
  switch (mark.kind) {
    case 'on_time':
      return text(t('ledger.mark.on_time'));
    case 'late':
      return text(mark.reason.trim() ? t('ledger.mark.late', { reason: mark.reason.trim() }) : t('ledger.mark.late_bare'), 'warn');
    case 'corrected':
      return text(mark.reason.trim() ? t('ledger.mark.corrected', { reason: mark.reason.trim() }) : t('ledger.mark.corrected_bare'), 'warn');
    case 'missing':
      return mark.overdue ? text(t('ledger.mark.overdue'), 'alert') : text(t('ledger.mark.missing'));
    case 'paused':
      return text(t('ledger.mark.paused'));
    case 'completed':
      return text(t('ledger.mark.completed'));
    case 'month': {
      const order: WeekMarkKind[] = ['on_time', 'corrected', 'late', 'missing', 'paused', 'completed'];
      const parts = order.filter((k) => mark.counts[k] > 0).map((k) => t(`ledger.mark.month.${k}`, { count: mark.counts[k] }));
      const tone = mark.counts.missing > 0 ? 'alert' : mark.counts.late + mark.counts.corrected > 0 ? 'warn' : undefined;
      return text(parts.length ? parts.join(t('ledger.mark.month.join')) : t('ledger.mark.month.none'), tone);
    }
  }
}

/** The columns of the week (or month) sheet, in the office's layout. */
export function ledgerColumns(t: Translate, kind: 'week' | 'month'): TableColumn[] {
  return [
    column(t, 'ledger.col.code', 5, 'center'),
    column(t, 'ledger.col.name', 18),
    column(t, 'ledger.col.location', 8),
    column(t, 'ledger.col.scope', 20),
    column(t, 'ledger.col.total', 10, 'right'),
    column(t, 'ledger.col.plan', 10, 'right'),
    column(t, kind === 'week' ? 'ledger.col.invested_week' : 'ledger.col.invested_month', 10, 'right'),
    column(t, 'ledger.col.cumulative', 10, 'right'),
    column(t, 'ledger.col.rate', 8, 'right'),
    column(t, 'ledger.col.progress', 7, 'right'),
    column(t, kind === 'week' ? 'ledger.col.done_week' : 'ledger.col.done_month', 22),
    column(t, 'ledger.col.problems', 16),
    column(t, 'ledger.col.help', 16),
    column(t, 'ledger.col.next', 16),
    column(t, 'ledger.col.unit', 10),
    column(t, 'ledger.col.leader', 7, 'center'),
    column(t, 'ledger.col.owner', 7, 'center'),
    column(t, 'ledger.col.filer', 8, 'center'),
    column(t, 'ledger.col.filed_at', 10, 'center'),
    column(t, kind === 'week' ? 'ledger.col.mark_week' : 'ledger.col.mark_month', 11),
    column(t, 'ledger.col.photos', 6, 'right'),
  ];
}

function projectCells(t: Translate, row: LedgerProjectRow, zone: string): TableCell[] {
  return [
    text(row.code),
    text(row.name),
    text(row.location),
    text(row.scope),
    money(row.totalInvestment),
    money(row.annualPlan),
    money(row.invested),
    money(row.cumulative, { carried: row.carried }),
    fraction(completionRate(row.cumulative, row.annualPlan)),
    progress(row.progress),
    text(row.done),
    text(row.problems),
    text(row.help),
    text(row.nextPlan),
    text(row.unitName),
    text(row.leaderName),
    text(row.ownerName),
    text(row.filer ? (row.filer.onBehalf ? t('ledger.filer.on_behalf', { name: row.filer.name }) : row.filer.name) : ''),
    text(row.filedAt ? localDateTime(row.filedAt, zone) : ''),
    markCell(t, row.mark),
    integer(row.photos),
  ];
}

function totalCells(label: string, totals: LedgerTotals, sumOf: RowRanges): TableCell[] {
  // The label sits in 序号 and spans the empty text cells up to the first amount when printed.
  return [
    text(label),
    text(''),
    text(''),
    text(''),
    money(totals.totalInvestment, { sumOf }),
    money(totals.annualPlan, { sumOf }),
    money(totals.invested, { sumOf }),
    money(totals.cumulative, { sumOf }),
    fraction(completionRate(totals.cumulative, totals.annualPlan)),
    ...Array.from({ length: 12 }, () => text('')),
  ];
}

/** Adjacent ranges merged ([0,2],[3,4] → [0,4]), so that a total's SUM names as few ranges as it can. */
export function mergeRanges(ranges: RowRanges): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * The week or month sheet: projects by unit in 序号 order, a 小计 after each unit of two or more
 * projects (every unit with `ledger.subtotalAll`), 合计 at the end. Subtotals and the total add up the
 * project rows (SUM formulas in the XLSX, their values cached), never the subtotals.
 */
export function ledgerSheet(t: Translate, ledger: Ledger): SheetTable {
  const kind = ledger.period.kind;
  const rows: TableRow[] = [];
  const dataRanges: [number, number][] = [];
  for (const group of ledger.groups) {
    const first = rows.length;
    for (const row of group.rows) rows.push({ style: 'data', cells: projectCells(t, row, ledger.org.timeZone) });
    const range: [number, number] = [first, rows.length - 1];
    dataRanges.push(range);
    if (group.showSubtotal) rows.push({ style: 'subtotal', cells: totalCells(t('ledger.row.subtotal', { unit: group.unitName, count: group.subtotal.projects }), group.subtotal, [range]) });
  }
  rows.push({ style: 'total', cells: totalCells(t('ledger.row.total', { count: ledger.total.projects }), ledger.total, mergeRanges(dataRanges)) });
  return {
    name: t(kind === 'week' ? 'ledger.sheet.week' : 'ledger.sheet.month'),
    title: ledgerTitle(t, ledger),
    subtitle: ledgerSubtitle(t, ledger),
    columns: ledgerColumns(t, kind),
    rows,
  };
}

// === Further sheets

/** 修改记录: every filing of the period, with the reason of each 补报 and 更正. */
export function historySheet(t: Translate, ledger: Ledger, history: readonly HistoryRow[]): SheetTable {
  const zone = ledger.org.timeZone;
  return {
    name: t('ledger.sheet.history'),
    title: t('ledger.title.history', { org: ledger.org.name, period: periodLabel(t, ledger) }),
    subtitle: [t('ledger.subtitle.history'), t('ledger.subtitle.money')].join(t('ledger.subtitle.join')),
    columns: [
      column(t, 'ledger.col.period', 9, 'center'),
      column(t, 'ledger.col.code', 5, 'center'),
      column(t, 'ledger.col.name', 18),
      column(t, 'ledger.col.unit', 10),
      column(t, 'ledger.col.revision', 6, 'center'),
      column(t, 'ledger.col.kind', 6, 'center'),
      column(t, 'ledger.col.reason', 16),
      column(t, 'ledger.col.filed_at', 10, 'center'),
      column(t, 'ledger.col.filer', 8, 'center'),
      column(t, 'ledger.col.progress', 7, 'right'),
      column(t, 'ledger.col.invested_week', 10, 'right'),
      column(t, 'ledger.col.cumulative', 10, 'right'),
      column(t, 'ledger.col.done_week', 22),
      column(t, 'ledger.col.problems', 18),
      column(t, 'ledger.col.next', 18),
    ],
    rows: history.map((h) => ({
      style: 'data',
      cells: [
        text(h.period),
        text(h.code),
        text(h.name),
        text(h.unitName),
        text(t('ledger.revision', { revision: h.revision })),
        text(t(`ledger.kind.${h.kind}`), h.kind === 'late' || h.kind === 'correction' ? 'warn' : undefined),
        text(h.reason),
        text(localDateTime(h.filedAt, zone)),
        text(h.onBehalf ? t('ledger.filer.on_behalf', { name: h.authorName }) : h.authorName),
        progress(h.progress),
        money(h.invested),
        money(h.cumulative),
        text(h.done),
        text(h.problems),
        text(h.nextPlan),
      ],
    })),
  };
}

/**
 * 问题清单: number, kind, project, item, status, who must act, 期限, 批示 and 办理情况 (each dated and
 * signed), and for closed ones the 销号 note, who and when.
 */
export function problemsSheet(t: Translate, ledger: Ledger, problems: readonly ProblemRow[]): SheetTable {
  const zone = ledger.org.timeZone;
  const entries = (lines: ProblemRow['instructions']) => lines.map((e) => `${localDate(e.at, zone)} ${e.byName}：${e.text}`).join('\n');
  return {
    name: t('ledger.sheet.problems'),
    title: t('ledger.title.problems', { org: ledger.org.name, period: periodLabel(t, ledger) }),
    subtitle: [t('ledger.subtitle.problems'), t('ledger.subtitle.generated', { time: localDateTime(ledger.generatedAt, zone) })].join(t('ledger.subtitle.join')),
    columns: [
      column(t, 'ledger.col.number', 5, 'center'),
      column(t, 'supervision.ledger.kind', 8, 'center'),
      column(t, 'ledger.col.code', 5, 'center'),
      column(t, 'ledger.col.name', 18),
      column(t, 'ledger.col.unit', 10),
      column(t, 'ledger.col.problem', 30),
      column(t, 'ledger.col.status', 7, 'center'),
      column(t, 'ledger.col.raised', 9, 'center'),
      column(t, 'ledger.col.last_seen', 9, 'center'),
      column(t, 'ledger.col.raised_by', 7, 'center'),
      column(t, 'supervision.ledger.assignee', 10),
      column(t, 'ledger.col.due', 10, 'center'),
      column(t, 'supervision.ledger.instructions', 28),
      column(t, 'supervision.ledger.progress', 28),
      column(t, 'ledger.col.close_note', 22),
      column(t, 'ledger.col.closed_by', 7, 'center'),
      column(t, 'ledger.col.closed_at', 10, 'center'),
    ],
    rows: problems.map((p) => ({
      style: 'data',
      cells: [
        integer(p.number),
        text(kindText(t, p.kind)),
        text(p.code),
        text(p.projectName),
        text(p.unitName),
        text(p.text),
        text(statusText(t, p.status), p.status === 'open' ? 'warn' : undefined),
        text(p.raisedPeriod),
        text(p.lastSeenPeriod),
        text(p.raisedByName),
        text(p.assignee),
        text(p.dueDate ? dueDay(p.dueDate, zone) : ''),
        text(entries(p.instructions)),
        text(entries(p.progress)),
        text(p.closeNote),
        text(p.closedByName),
        text(p.closedAt ? localDateTime(p.closedAt, zone) : ''),
      ],
    })),
  };
}

function rateCells(label: string, row: RateRow): TableCell[] {
  return [
    text(label),
    integer(row.projects),
    integer(row.expected),
    integer(row.counts.on_time + row.counts.corrected),
    integer(row.counts.corrected),
    integer(row.counts.late),
    integer(row.counts.missing),
    integer(row.counts.paused),
    fraction(onTimeRate(row)),
    fraction(filedRate(row)),
  ];
}

/** 报送率: per unit, on time / late / missing over the started weeks of the period, and a total. */
export function ratesSheet(t: Translate, ledger: Ledger, rates: RateTable): SheetTable {
  return {
    name: t('ledger.sheet.rates'),
    title: t('ledger.title.rates', { org: ledger.org.name, period: periodLabel(t, ledger) }),
    subtitle: t('ledger.subtitle.rates', { weeks: rates.weeks.length }),
    columns: [
      column(t, 'ledger.col.unit', 22),
      column(t, 'ledger.col.projects', 8, 'right'),
      column(t, 'ledger.col.expected', 9, 'right'),
      column(t, 'ledger.col.on_time', 8, 'right'),
      column(t, 'ledger.col.corrected', 8, 'right'),
      column(t, 'ledger.col.late', 8, 'right'),
      column(t, 'ledger.col.missing', 8, 'right'),
      column(t, 'ledger.col.paused', 8, 'right'),
      column(t, 'ledger.col.on_time_rate', 9, 'right'),
      column(t, 'ledger.col.filed_rate', 9, 'right'),
    ],
    rows: [...rates.units.map((u): TableRow => ({ style: 'data', cells: rateCells(u.unitName, u) })), { style: 'total', cells: rateCells(t('ledger.rates.total'), rates.total) }],
  };
}

/** The type a photo's thumbnail cell names when it cannot show it ("WebP", "HEIC"). */
function photoTypeName(mime: string): string {
  return (mime.split('/')[1] ?? mime).toUpperCase();
}

/**
 * 现场照片 (appendix): each site photo of the period in ledger order (project, week, when attached)
 * with its taken and upload times and a thumbnail. JPEG and PNG are embedded up to `limits`;
 * other types say 格式不支持预览, and a note below the rows says how many were left out by the limit.
 */
export function photosSheet(t: Translate, ledger: Ledger, limits: PhotoEmbedLimits = PHOTO_EMBED_LIMITS): SheetTable {
  const zone = ledger.org.timeZone;
  const plan = planEmbeds(ledger.photos, limits);
  const overLimit = plan.filter((p) => p.kind === 'over_limit').length;
  return {
    name: t('ledger.sheet.photos'),
    title: t('ledger.title.photos', { org: ledger.org.name, period: periodLabel(t, ledger) }),
    subtitle: [t('ledger.subtitle.photos', { count: ledger.photos.length }), t('ledger.subtitle.generated', { time: localDateTime(ledger.generatedAt, zone) })].join(t('ledger.subtitle.join')),
    columns: [
      column(t, 'ledger.col.project_code', 6, 'center'),
      column(t, 'ledger.col.name', 20),
      column(t, 'ledger.col.period', 10, 'center'),
      column(t, 'ledger.col.taken_at', 16, 'center'),
      column(t, 'ledger.col.uploaded_at', 16, 'center'),
      column(t, 'ledger.col.thumbnail', 18, 'center'),
    ],
    rows: ledger.photos.map((photo, i): TableRow => {
      const embed = plan[i]!;
      const thumbnail: TableCell =
        embed.kind === 'embed'
          ? { kind: 'image', key: photo.fileKey, format: embed.format, fallback: t('ledger.photo.missing') }
          : text(embed.kind === 'unsupported' ? t('ledger.photo.unsupported', { type: photoTypeName(photo.mime) }) : t('ledger.photo.over_limit'));
      return {
        style: 'data',
        cells: [text(photo.code), text(photo.projectName), text(photo.period), text(photo.takenAt ? localDateTime(photo.takenAt, zone) : ''), text(localDateTime(photo.uploadedAt, zone)), thumbnail],
      };
    }),
    ...(overLimit > 0 ? { notes: [t('ledger.photo.note.over_limit', { count: overLimit, total: ledger.photos.length, max: limits.count, mb: Math.floor(limits.bytes / 1024 / 1024) })] } : {}),
  };
}

/**
 * The whole workbook: the ledger sheet, then history, problems and reporting rate, and the site
 * photos (现场照片) when the period has any, with thumbnails within `photoLimits`.
 */
export function ledgerBook(
  t: Translate,
  input: { ledger: Ledger; history: readonly HistoryRow[]; problems: readonly ProblemRow[]; rates: RateTable; photoLimits?: PhotoEmbedLimits },
): LedgerBook {
  const sheets = [ledgerSheet(t, input.ledger), historySheet(t, input.ledger, input.history), problemsSheet(t, input.ledger, input.problems), ratesSheet(t, input.ledger, input.rates)];
  if (input.ledger.photos.length > 0) sheets.push(photosSheet(t, input.ledger, input.photoLimits));
  return { sheets, footer: t('ledger.footer') };
}
