// Reads a project list (计划清单) as offices keep it in Excel: finds the header row under any title
// rows, matches columns tolerantly, and turns each row into a checked ProjectRow or row errors. Pure.
import { normalizeMobile } from './contact.ts';
import { parseAmount, type AmountErrorCode } from './money.ts';
import { normalizeName } from './project-match.ts';

export type ColumnId =
  | 'index' | 'code' | 'name' | 'location' | 'scope' | 'total' | 'plan' | 'unit' | 'leader' | 'owner' | 'note'
  | 'ownerTelegram' | 'ownerEmail' | 'ownerMobile' | 'leaderTelegram' | 'leaderEmail' | 'leaderMobile';

/** Header words for each column, after folding widths, spaces and case. */
const HEADERS: Record<ColumnId, string[]> = {
  index: ['序号', 'no', 'no.', '#', 'index', 'seq'],
  code: ['项目编号', '项目代码', '编号', 'code', 'projectcode'],
  name: ['项目名称', '名称', '项目', 'project', 'projectname', 'name'],
  location: ['建设地点', '地点', '建设地址', '项目地点', 'location', 'site'],
  scope: ['建设内容及规模', '建设内容和规模', '建设内容', '建设规模', '主要建设内容', '建设内容与规模', 'scope', 'content'],
  total: ['总投资', '投资', '计划总投资', '项目总投资', '估算总投资', 'totalinvestment', 'total', 'investment'],
  plan: ['年度计划投资', '年度计划', '年度投资计划', '本年度计划投资', '年计划投资', '当年计划投资', '计划投资', 'annualplan', 'plan', 'annualinvestment'],
  unit: ['责任单位', '单位', '牵头单位', '实施单位', '建设单位', 'unit', 'responsibleunit'],
  leader: ['责任领导', '分管领导', '包抓领导', '包联领导', 'leader', 'responsibleleader'],
  owner: ['责任人', '联系人', '负责人', '具体责任人', 'owner', 'responsibleperson', 'contact'],
  note: ['备注', '说明', 'note', 'notes', 'remarks', 'remark'],
  ownerTelegram: ['责任人telegram', '责任人tg', 'telegram', 'tg', 'ownertelegram'],
  ownerEmail: ['责任人邮箱', '责任人飞书邮箱', '飞书邮箱', '邮箱', 'email', 'owneremail'],
  ownerMobile: ['责任人手机', '责任人电话', '责任人手机号', '手机', '手机号', '电话', '联系电话', 'mobile', 'phone', 'ownermobile'],
  leaderTelegram: ['责任领导telegram', '领导telegram', '责任领导tg', 'leadertelegram'],
  leaderEmail: ['责任领导邮箱', '领导邮箱', 'leaderemail'],
  leaderMobile: ['责任领导手机', '责任领导电话', '领导手机', '领导电话', 'leadermobile'],
};

const LOOKUP = new Map<string, ColumnId>(Object.entries(HEADERS).flatMap(([id, words]) => words.map((w) => [w, id as ColumnId])));
const REQUIRED: ColumnId[] = ['name', 'total', 'unit', 'owner'];

/** Contact details from the list that bind a person's account on first message. */
export interface ContactHints {
  telegramUsername?: string;
  email?: string;
  mobile?: string;
}

/** One project as the list describes it. Money in 分. */
export interface ProjectRow {
  /** The row number as the spreadsheet shows it (1-based). */
  rowNumber: number;
  code: string;
  /**
   * True when the code comes from a 项目编号 / code column: a stable identity. A code taken from
   * 序号 is only the row's position in this list and never identifies a project.
   */
  codeIsStable: boolean;
  name: string;
  location: string;
  scope: string;
  totalInvestment: bigint;
  annualPlan: bigint;
  unit: string;
  leader: string | null;
  leaderHints: ContactHints;
  owner: string;
  ownerHints: ContactHints;
  note: string;
}

export type RowErrorKey =
  | 'import.error.no_header'
  | 'import.error.missing_column'
  | 'import.error.required'
  | 'import.error.amount'
  | 'import.error.plan_above_total'
  | 'import.error.duplicate_name'
  | 'import.error.duplicate_code'
  | 'import.error.code_taken'
  | 'import.error.no_rows';

/** A problem with the file or one row; `row` 0 means the file as a whole. */
export interface RowError {
  row: number;
  column?: string;
  key: RowErrorKey;
  params: Record<string, string | number>;
}

export interface ParsedProjectTable {
  rows: ProjectRow[];
  errors: RowError[];
  /** The text of a title row above the header ("2026年县卫健局重点项目计划清单"), if any. */
  title?: string;
}

type Scale = 'wan' | 'yuan' | 'yi';

interface Column {
  id: ColumnId;
  index: number;
  header: string;
  scale: Scale;
}

/** Folds a header: widths, spaces, case, brackets with units removed (the unit is returned). */
export function readHeader(raw: string): { id: ColumnId; scale: Scale } | null {
  let text = raw.normalize('NFKC').replace(/[\s\u200b*]+/g, '').toLowerCase();
  let scale: Scale = 'wan';
  const unit = /[([【]([^)\]】]*)[)\]】]/.exec(text);
  if (unit) {
    const inside = unit[1] ?? '';
    scale = inside.includes('亿') ? 'yi' : inside.includes('万') ? 'wan' : inside.includes('元') ? 'yuan' : 'wan';
    text = text.replace(unit[0], '');
  }
  // "2026年计划投资", "2026年度计划投资" name the annual plan of that year.
  const id = LOOKUP.get(text.replace(/^\d{4}年度?/, '年度'));
  return id ? { id, scale } : null;
}

function findHeader(table: string[][]): { rowIndex: number; columns: Column[] } | null {
  for (let r = 0; r < Math.min(table.length, 15); r++) {
    const columns: Column[] = [];
    (table[r] ?? []).forEach((cell, index) => {
      const header = readHeader(cell ?? '');
      if (header && !columns.some((c) => c.id === header.id)) columns.push({ id: header.id, index, header: cell.trim(), scale: header.scale });
    });
    if (columns.some((c) => c.id === 'name') && columns.length >= 3) return { rowIndex: r, columns };
  }
  return null;
}

const SUBTOTAL = /^(合计|小计|总计|共计|total|subtotal)/i;

function cleanUsername(value: string): string | undefined {
  const v = value.trim().replace(/^@/, '').replace(/^https?:\/\/t\.me\//i, '').toLowerCase();
  return /^[a-z0-9_]{3,64}$/.test(v) ? v : undefined;
}

function hints(get: (id: ColumnId) => string, telegram: ColumnId, email: ColumnId, mobile: ColumnId): ContactHints {
  const result: ContactHints = {};
  const username = cleanUsername(get(telegram));
  if (username) result.telegramUsername = username;
  const mail = get(email).trim().toLowerCase();
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mail)) result.email = mail;
  const phone = normalizeMobile(get(mobile));
  if (/^\+?\d{6,15}$/.test(phone)) result.mobile = phone;
  return result;
}

const AMOUNT_PARAMS: Record<AmountErrorCode, string> = { invalid: 'invalid', negative: 'negative', too_large: 'too_large', too_precise: 'too_precise' };

/** Reads a whole table (rows of cell texts, as read from CSV or XLSX). */
export function parseProjectTable(table: string[][]): ParsedProjectTable {
  const header = findHeader(table);
  if (!header) return { rows: [], errors: [{ row: 0, key: 'import.error.no_header', params: {} }] };
  const title = table
    .slice(0, header.rowIndex)
    .map((row) => row.map((c) => (c ?? '').trim()).filter(Boolean).join(' '))
    .find(Boolean);
  const missing = REQUIRED.filter((id) => !header.columns.some((c) => c.id === id));
  if (missing.length) {
    return { rows: [], errors: missing.map((id) => ({ row: header.rowIndex + 1, key: 'import.error.missing_column' as const, params: { column: HEADERS[id][0] ?? id } })), ...(title ? { title } : {}) };
  }
  const byId = new Map(header.columns.map((c) => [c.id, c]));
  const rows: ProjectRow[] = [];
  const errors: RowError[] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();

  for (let r = header.rowIndex + 1; r < table.length; r++) {
    const cells = (table[r] ?? []).map((c) => (c ?? '').trim());
    const rowNumber = r + 1;
    const get = (id: ColumnId) => {
      const column = byId.get(id);
      return column ? (cells[column.index] ?? '') : '';
    };
    const filled = cells.filter(Boolean);
    if (filled.length === 0) continue;
    // Section rows ("一、县人民医院") and subtotal rows are not projects.
    if (filled.length === 1 && !get('total')) continue;
    if (SUBTOTAL.test(get('name').replace(/\s/g, '')) || SUBTOTAL.test(get('index').replace(/\s/g, ''))) continue;

    const rowErrors: RowError[] = [];
    const required = (id: ColumnId) => {
      const value = get(id);
      if (!value) rowErrors.push({ row: rowNumber, column: byId.get(id)?.header ?? id, key: 'import.error.required', params: {} });
      return value;
    };
    const amount = (id: 'total' | 'plan'): bigint => {
      const column = byId.get(id);
      const value = get(id);
      if (!column || !value) return 0n;
      const defaultUnit = column.scale === 'yuan' ? 'yuan' : 'wan';
      const text = column.scale === 'yi' && /\d$/.test(value) ? `${value}亿` : value;
      const parsed = parseAmount(text, defaultUnit);
      if (parsed.ok) return parsed.fen;
      rowErrors.push({ row: rowNumber, column: column.header, key: 'import.error.amount', params: { value, reason: AMOUNT_PARAMS[parsed.code] } });
      return 0n;
    };
    const name = required('name');
    const unit = required('unit');
    const owner = required('owner');
    if (!get('total')) rowErrors.push({ row: rowNumber, column: byId.get('total')?.header ?? '总投资', key: 'import.error.required', params: {} });
    const totalInvestment = amount('total');
    const annualPlan = amount('plan');
    if (annualPlan > totalInvestment && totalInvestment > 0n) rowErrors.push({ row: rowNumber, column: byId.get('plan')?.header ?? '年度计划投资', key: 'import.error.plan_above_total', params: {} });
    const code = (get('code') || get('index') || String(rows.length + rowErrors.length + 1)).replace(/\.0+$/, '');
    const nameKey = normalizeName(name);
    if (name && names.has(nameKey)) rowErrors.push({ row: rowNumber, column: byId.get('name')?.header, key: 'import.error.duplicate_name', params: { name, other: names.get(nameKey) ?? 0 } });
    if (codes.has(normalizeName(code))) rowErrors.push({ row: rowNumber, key: 'import.error.duplicate_code', params: { code, other: codes.get(normalizeName(code)) ?? 0 } });
    names.set(nameKey, rowNumber);
    codes.set(normalizeName(code), rowNumber);

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      rowNumber,
      code,
      codeIsStable: Boolean(get('code')),
      name,
      location: get('location'),
      scope: get('scope'),
      totalInvestment,
      annualPlan,
      unit,
      leader: get('leader') || null,
      leaderHints: hints(get, 'leaderTelegram', 'leaderEmail', 'leaderMobile'),
      owner,
      ownerHints: hints(get, 'ownerTelegram', 'ownerEmail', 'ownerMobile'),
      note: get('note'),
    });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 0, key: 'import.error.no_rows', params: {} });
  return { rows, errors, ...(title ? { title } : {}) };
}
