// The ledger's pure parts: marks, sums in BigInt, month weeks, /export arguments, CSV quoting.
import { describe, expect, it } from 'vitest';
import { weeksOfMonth } from '../../../src/core/ledger/build-month-ledger.ts';
import { parseExportArgs } from '../../../src/core/ledger/export-command.ts';
import { completionRate, groupByUnit, sumRows, weekMark, type LedgerProjectRow } from '../../../src/core/ledger/ledger-model.ts';
import { markCell, mergeRanges } from '../../../src/core/ledger/ledger-table.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { formatWan, wanToFen } from '../../../src/core/rules/money.ts';
import { readHeader } from '../../../src/core/rules/project-list.ts';
import { csvField, toCsv } from '../../../src/io/write-csv.ts';
import { PROJECT_LIST_HEADERS } from '../../../src/io/write-project-list.ts';
import { columnLetters, ledgerWorkbook, sumFormula, wanValue, wrappedLines } from '../../../src/io/write-ledger-xlsx.ts';

const zh = translator('zh-CN');
const NOW = new Date('2026-11-22T02:00:00Z'); // Sunday of 2026-W47, Shanghai
const ZONE = 'Asia/Shanghai';

function row(unitName: string, invested: string | null, cumulative: string | null = invested): LedgerProjectRow {
  return {
    code: '1',
    name: 'p',
    location: '',
    scope: '',
    unitName,
    leaderName: '',
    ownerName: '',
    totalInvestment: wanToFen('0.1'),
    annualPlan: wanToFen('0.2'),
    invested: invested == null ? null : wanToFen(invested),
    cumulative: cumulative == null ? null : wanToFen(cumulative),
    carried: false,
    progress: null,
    done: '',
    problems: '',
    help: '',
    nextPlan: '',
    filer: invested == null ? null : { name: 'x', onBehalf: false },
    filedAt: invested == null ? null : NOW,
    mark: { kind: 'on_time' },
    photos: invested == null ? null : 0,
  };
}

describe('ledger sums', () => {
  it('adds amounts exactly in BigInt (0.1 + 0.2 = 0.3, not 0.30000000000000004)', () => {
    const totals = sumRows([row('A', '0.1'), row('A', '0.2'), row('A', null)]);
    expect(formatWan(totals.invested)).toBe('0.3');
    expect(wanValue(totals.invested)).toBe(0.3);
    expect(totals).toMatchObject({ projects: 3, reported: 2 });
    expect(formatWan(totals.totalInvestment)).toBe('0.3');
    // Ten thousand rows of 0.01 万元 sum to exactly 100.
    expect(formatWan(sumRows(Array.from({ length: 10_000 }, () => row('A', '0.01'))).invested)).toBe('100');
  });

  it('groups by unit in first-seen order, each with its subtotal', () => {
    const groups = groupByUnit([row('A', '1'), row('B', '2'), row('A', '3')]);
    expect(groups.map((g) => [g.unitName, g.rows.length, formatWan(g.subtotal.invested)])).toEqual([
      ['A', 2, '4'],
      ['B', 1, '2'],
    ]);
  });

  it('shows a 小计 only for units with two or more projects, or for all when set', () => {
    const rows = [row('A', '1'), row('B', '2'), row('A', '3')];
    expect(groupByUnit(rows).map((g) => [g.unitName, g.showSubtotal])).toEqual([
      ['A', true],
      ['B', false],
    ]);
    expect(groupByUnit(rows, true).every((g) => g.showSubtotal)).toBe(true);
  });

  it('writes totals as SUM formulas over the project rows, merging adjacent ranges', () => {
    expect(mergeRanges([[0, 1], [3, 3], [4, 6], [8, 9]])).toEqual([[0, 1], [3, 6], [8, 9]]);
    // Data starts on the row after the header (HEADER_ROW 3 → row 4); column 8 is H.
    expect(columnLetters(8)).toBe('H');
    expect(columnLetters(27)).toBe('AA');
    expect(sumFormula([[0, 1], [3, 3]], 8)).toBe('SUM(H4:H5,H7)');
    const many = Array.from({ length: 300 }, (_, i) => [i * 2, i * 2] as const);
    expect(sumFormula(many, 5)).toMatch(/^SUM\(SUM\(E4,.*\),SUM\(.*E602\)\)$/);
  });

  it('greys a carried 累计 and writes a total as a formula with its value cached', () => {
    const book = {
      footer: '',
      sheets: [
        {
          name: 's',
          title: 't',
          subtitle: '',
          columns: [{ header: '累计', width: 10, align: 'right' as const }],
          rows: [
            { style: 'data' as const, cells: [{ kind: 'money' as const, fen: wanToFen('120') }] },
            { style: 'data' as const, cells: [{ kind: 'money' as const, fen: wanToFen('80.5'), tone: 'carried' as const }] },
            { style: 'total' as const, cells: [{ kind: 'money' as const, fen: wanToFen('200.5'), sumOf: [[0, 1]] as const }] },
          ],
        },
      ],
    };
    const sheet = ledgerWorkbook(book).worksheets[0]!;
    expect(sheet.getCell('A4').fill).toBeUndefined();
    expect(sheet.getCell('A5').fill).toMatchObject({ fgColor: { argb: 'FFE7E6E6' } });
    expect(sheet.getCell('A5').font?.color).toEqual({ argb: 'FF7F7F7F' });
    expect(sheet.getCell('A6').value).toEqual({ formula: 'SUM(A4:A5)', result: 200.5 });
  });

  it('gives the completion rate only with a plan and a figure', () => {
    expect(completionRate(wanToFen('3200'), wanToFen('10000'))).toBe(0.32);
    expect(completionRate(null, wanToFen('10000'))).toBeNull();
    expect(completionRate(wanToFen('1'), 0n)).toBeNull();
  });
});

describe('week marks', () => {
  const none = { corrections: [], paused: false, overdue: true };
  it('tells on time, 补报, 更正, 未报 and paused apart', () => {
    expect(weekMark({ ...none, report: { late: false, lateReason: '' } })).toEqual({ kind: 'on_time' });
    expect(weekMark({ ...none, report: { late: true, lateReason: '出差' } })).toEqual({ kind: 'late', reason: '出差' });
    expect(
      weekMark({
        ...none,
        report: { late: false, lateReason: '' },
        corrections: [
          { revision: 2, correction: '第一次更正' },
          { revision: 3, correction: '第二次更正' },
        ],
      }),
    ).toEqual({ kind: 'corrected', reason: '第二次更正', revision: 3 });
    expect(weekMark({ ...none, report: null })).toEqual({ kind: 'missing', overdue: true });
    expect(weekMark({ ...none, report: null, overdue: false })).toEqual({ kind: 'missing', overdue: false });
    // 竣工: a week without a report is not owed; a report filed that week still shows as filed.
    expect(weekMark({ ...none, report: null, completed: true, paused: true })).toEqual({ kind: 'completed' });
    expect(weekMark({ ...none, report: { late: false, lateReason: '' }, completed: true })).toEqual({ kind: 'on_time' });
    expect(weekMark({ ...none, report: null, paused: true })).toEqual({ kind: 'paused' });
  });

  it('prints them distinctly', () => {
    expect(markCell(zh, { kind: 'on_time' })).toEqual({ kind: 'text', text: '否' });
    expect(markCell(zh, { kind: 'late', reason: '出差' })).toEqual({ kind: 'text', text: '补报：出差', tone: 'warn' });
    expect(markCell(zh, { kind: 'corrected', reason: '录入错误', revision: 2 })).toEqual({ kind: 'text', text: '更正：录入错误', tone: 'warn' });
    expect(markCell(zh, { kind: 'missing', overdue: true })).toEqual({ kind: 'text', text: '逾期未报', tone: 'alert' });
    expect(markCell(zh, { kind: 'missing', overdue: false })).toEqual({ kind: 'text', text: '未报' });
    expect(markCell(zh, { kind: 'month', weeks: 4, counts: { on_time: 2, corrected: 1, late: 0, missing: 1, paused: 0, completed: 0 } })).toEqual({
      kind: 'text',
      text: '按时2周，更正1周，未报1周',
      tone: 'alert',
    });
  });
});

describe('weeks of a month', () => {
  it('takes the weeks whose Thursday is in the month', () => {
    expect(weeksOfMonth(2026, 11).map((w) => w.week)).toEqual([45, 46, 47, 48]);
    // January 2027 starts on a Friday: W53 of 2026 belongs to December.
    expect(weeksOfMonth(2026, 12).map((w) => `${w.year}-${w.week}`)).toEqual(['2026-49', '2026-50', '2026-51', '2026-52', '2026-53']);
    expect(weeksOfMonth(2027, 1).map((w) => `${w.year}-${w.week}`)).toEqual(['2027-1', '2027-2', '2027-3', '2027-4']);
  });
});

describe('/export arguments', () => {
  const parse = (args: string) => parseExportArgs(args, NOW, ZONE);
  it('defaults to this week as XLSX', () => {
    expect(parse('')).toEqual({ ok: true, period: { kind: 'week', week: { year: 2026, week: 47 } }, format: 'xlsx' });
  });
  it('reads week and month words, ids, last, and csv', () => {
    expect(parse('上周')).toMatchObject({ period: { kind: 'week', week: { year: 2026, week: 46 } } });
    expect(parse('week last csv')).toEqual({ ok: true, period: { kind: 'week', week: { year: 2026, week: 46 } }, format: 'csv' });
    expect(parse('2026-w05')).toMatchObject({ period: { kind: 'week', week: { year: 2026, week: 5 } } });
    expect(parse('month')).toMatchObject({ period: { kind: 'month', year: 2026, month: 11 } });
    expect(parse('上月 CSV')).toEqual({ ok: true, period: { kind: 'month', year: 2026, month: 10 }, format: 'csv' });
    expect(parse('2026-09')).toMatchObject({ period: { kind: 'month', year: 2026, month: 9 } });
    expect(parse('月报 2026年9月')).toMatchObject({ period: { kind: 'month', year: 2026, month: 9 } });
  });
  it('refuses unknown words, weeks a year lacks and the future', () => {
    expect(parse('quarter')).toEqual({ ok: false, reason: 'bad_arg', arg: 'quarter' });
    expect(parse('2026-W54')).toEqual({ ok: false, reason: 'bad_arg', arg: '2026-W54' });
    expect(parse('2026-13')).toEqual({ ok: false, reason: 'bad_arg', arg: '2026-13' });
    expect(parse('2026-W48')).toEqual({ ok: false, reason: 'future', period: '2026-W48' });
    expect(parse('2026-12')).toEqual({ ok: false, reason: 'future', period: '2026-12' });
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and starts with a BOM', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(toCsv([['序号', '项目名称'], ['1', '县医院,一期']])).toBe('\uFEFF序号,项目名称\r\n1,"县医院,一期"\r\n');
  });
});

describe('row heights', () => {
  it('counts wrapped lines with Chinese characters twice as wide', () => {
    expect(wrappedLines('', 10)).toBe(1);
    expect(wrappedLines('一二三四', 9)).toBe(1);
    expect(wrappedLines('一二三四五', 9)).toBe(2);
    expect(wrappedLines('一\n二', 9)).toBe(2);
  });
});

describe('the project list export', () => {
  it('uses header words the project-list reader knows', () => {
    expect(PROJECT_LIST_HEADERS.map((h) => readHeader(h)?.id)).toEqual([
      'index',
      'name',
      'location',
      'scope',
      'total',
      'plan',
      'unit',
      'leader',
      'owner',
      'note',
      'ownerTelegram',
      'ownerEmail',
      'ownerMobile',
      'leaderTelegram',
      'leaderEmail',
      'leaderMobile',
    ]);
  });
});
