// Reads a project list (计划清单) as offices keep it in Excel: finds the header row under any title
// rows, matches columns tolerantly, and turns each row into a checked ProjectRow or row errors. Pure.
import { normalizeMobile } from './contact.ts';
import { formatWan, parseAmount } from './money.ts';
import { normalizeName } from './project-match.ts';
import { cleanText } from './clean-text.ts';

/** A month's plan column: 「1月计划」 … 「12月计划」. */
export type MonthColumnId = `month${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`;

/** A column the reader knows. */
export type ColumnId =
  | 'index' | 'code' | 'name' | 'location' | 'scope' | 'total' | 'plan' | 'unit' | 'leader' | 'owner' | 'note' | 'opening' | 'category'
  | 'ownerTelegram' | 'ownerEmail' | 'ownerMobile' | 'leaderTelegram' | 'leaderEmail' | 'leaderMobile'
  | MonthColumnId;

/** The month columns, Jan … Dec. */
export const MONTH_COLUMNS: readonly MonthColumnId[] = Array.from({ length: 12 }, (_, i) => `month${i + 1}` as MonthColumnId);

/** The unit a money column is written in: 万元 unless the header says 元 or 亿(元). */
export type AmountScale = 'wan' | 'yuan' | 'yi';

/**
 * The unit a project with a blank 责任单位 is filed under, so that it still appears, named as
 * missing, wherever units are listed (standings, ledger, /status).
 */
export const NO_UNIT_NAME = '（未填责任单位）';

/** How many rows from the top are searched for the header (title and blank rows come first). */
export const HEADER_SEARCH_ROWS = 15;

/**
 * Header words for each column, folded (NFKC, no spaces, lower case, unit in brackets removed).
 * The first word is the canonical one, named in "missing column" errors.
 */
const HEADERS: Record<Exclude<ColumnId, MonthColumnId>, string[]> = {
  index: ['序号', '编号序号', 'no', 'no.', '#', 'index', 'seq', 'number'],
  code: ['项目编号', '项目代码', '项目编码', '编号', '代码', 'code', 'projectcode', 'projectno', 'projectno.', 'id'],
  name: ['项目名称', '名称', '项目', '项目名', 'project', 'projectname', 'name'],
  location: ['建设地点', '地点', '建设地址', '项目地点', '项目地址', '实施地点', 'location', 'site', 'place'],
  scope: ['建设内容及规模', '建设内容和规模', '建设内容与规模', '建设规模及内容', '建设内容', '建设规模', '主要建设内容', '项目内容', 'scope', 'content', 'contents', 'description'],
  total: ['总投资', '投资', '计划总投资', '项目总投资', '估算总投资', '总投资额', '投资额', '投资总额', 'totalinvestment', 'total', 'investment', 'totalcost'],
  plan: ['年度计划投资', '年度计划', '年度投资计划', '本年度计划投资', '年度计划完成投资', '年计划投资', '当年计划投资', '计划投资', '年度投资', 'annualplan', 'plan', 'annualinvestment', 'annualplannedinvestment', 'yearplan'],
  unit: ['责任单位', '单位', '牵头单位', '实施单位', '建设单位', '项目单位', '责任主体', '业主单位', 'unit', 'responsibleunit', 'department'],
  leader: ['责任领导', '分管领导', '包抓领导', '包联领导', '县级领导', '联系领导', 'leader', 'responsibleleader'],
  owner: ['责任人', '联系人', '负责人', '具体责任人', '项目负责人', '经办人', 'owner', 'responsibleperson', 'contact', 'person'],
  note: ['备注', '说明', 'note', 'notes', 'remarks', 'remark', 'comment', 'comments'],
  /** Optional: this year's investment completed before the list was imported (counts until a report gives a 累计). */
  opening: ['本年已完成投资', '本年度已完成投资', '今年已完成投资', '年初至今已完成投资', '本年已完成', 'openingcumulative', 'completedthisyear'],
  /** Optional: the unit's peer group for the standings (医院 / 卫生院 / 机关股室). */
  category: ['单位类别', '单位类型', '类别', 'category', 'unitcategory'],
  ownerTelegram: ['责任人telegram', '责任人tg', '责任人电报', 'telegram', 'tg', 'ownertelegram', 'telegramusername'],
  ownerEmail: ['责任人邮箱', '责任人飞书邮箱', '飞书邮箱', '邮箱', '电子邮箱', 'email', 'e-mail', 'owneremail', 'larkemail', 'feishuemail'],
  ownerMobile: ['责任人手机', '责任人电话', '责任人手机号', '责任人联系电话', '手机', '手机号', '手机号码', '电话', '联系电话', 'mobile', 'phone', 'ownermobile', 'ownerphone'],
  leaderTelegram: ['责任领导telegram', '领导telegram', '责任领导tg', 'leadertelegram'],
  leaderEmail: ['责任领导邮箱', '领导邮箱', '责任领导飞书邮箱', 'leaderemail'],
  leaderMobile: ['责任领导手机', '责任领导电话', '领导手机', '领导电话', '责任领导联系电话', 'leadermobile', 'leaderphone'],
};

const LOOKUP = new Map<string, ColumnId>(Object.entries(HEADERS).flatMap(([id, words]) => words.map((w) => [w, id as ColumnId])));

const CHINESE_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
/**
 * A month's plan header, folded and without its unit: 「1月计划」「1月计划投资」「1月份计划完成投资」
 * 「一月计划」「2026年1月计划」「1月投资计划」. The number of the month, or null.
 */
function monthOf(text: string): number | null {
  const match = /^(?:\d{4}年)?(\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:计划(?:完成)?(?:投资)?(?:额)?|投资计划|计划数)$/.exec(text);
  if (!match) return null;
  const word = match[1] ?? '';
  const month = /^\d+$/.test(word) ? Number(word) : CHINESE_MONTHS.indexOf(word) + 1;
  return month >= 1 && month <= 12 ? month : null;
}

/** The header words of a column, for messages ("缺少「项目名称」列", a cell's column when none is in the file). */
function headerWord(id: ColumnId): string {
  const month = /^month(\d+)$/.exec(id);
  return month ? `${month[1]}月计划` : (HEADERS[id as Exclude<ColumnId, MonthColumnId>][0] ?? id);
}
const REQUIRED: ColumnId[] = ['name', 'total', 'unit', 'owner'];

/** Contact details from the list that bind a person's account on first message. */
export interface ContactHints {
  /** Telegram username, lower case, without "@". */
  telegramUsername?: string;
  /** Feishu/Lark e-mail, lower case. */
  email?: string;
  /** Mobile number without spaces, dashes or +86. */
  mobile?: string;
}

/** One project as the list describes it. Money in 分. */
export interface ProjectRow {
  /** The row number as the spreadsheet shows it (1-based, title rows counted). */
  rowNumber: number;
  code: string;
  /**
   * True when the code comes from a 项目编号 / code column: a stable identity. A code taken from
   * 序号 (or numbered 1..n) is only the row's position in this list and never identifies a project.
   */
  codeIsStable: boolean;
  name: string;
  location: string;
  scope: string;
  totalInvestment: bigint;
  /** 0 when the list has no 年度计划投资 column or the cell is empty. */
  annualPlan: bigint;
  /** 责任单位; {@link NO_UNIT_NAME} when the cell is blank (a warning by row, not an error). */
  unit: string;
  /** True when the 责任单位 cell was blank (the project goes under {@link NO_UNIT_NAME}). */
  unitBlank: boolean;
  leader: string | null;
  /** 职务 written in brackets after the leader's name (「吴建华（副局长）」 → 副局长); "" when none. */
  leaderTitle: string;
  leaderHints: ContactHints;
  owner: string;
  /** 职务 written in brackets after the owner's name; "" when none. */
  ownerTitle: string;
  ownerHints: ContactHints;
  note: string;
  /** 本年已完成投资 (分); 0 when the list has no such column or the cell is empty. */
  openingCumulative: bigint;
  /** 单位类别; empty when none. */
  category: string;
  /**
   * 分月计划 (分), Jan … Dec, when the row fills any 「N月计划」 cell (a blank month is 0); null when
   * the list has no such column or the row leaves them all blank.
   */
  monthPlan: bigint[] | null;
}

/** Catalog keys of the problems the reader reports. */
export type RowErrorKey =
  | 'import.error.no_header'
  | 'import.error.missing_column'
  | 'import.error.required'
  | 'import.error.amount'
  | 'import.error.plan_above_total'
  | 'import.error.duplicate_name'
  | 'import.error.duplicate_code'
  | 'import.error.code_taken'
  | 'import.error.several_people'
  | 'import.error.telegram'
  | 'import.error.email'
  | 'import.error.mobile'
  | 'import.error.contact_conflict'
  | 'import.error.contact_shared'
  | 'import.error.no_rows'
  | 'import.error.month_plan_total'
  | 'import.warning.no_leader'
  | 'import.warning.no_unit';

/** A problem with the file or one row; `row` 0 means the file as a whole. */
export interface RowError {
  /** The row number as the spreadsheet shows it; 0 for the file as a whole. */
  row: number;
  /** The column's header as written in the file. */
  column?: string;
  key: RowErrorKey;
  /** Placeholders of the message; `reason` of an amount error is an AmountErrorCode. */
  params: Record<string, string | number>;
}

/** A row that is not a project and was passed over: a section heading, a note, a (sub)total. */
export interface SkippedRow {
  row: number;
  kind: 'total' | 'section';
  /** The row's first non-empty cell, to name it. */
  text: string;
}

/** What the reader made of a table. */
export interface ParsedProjectTable {
  rows: ProjectRow[];
  errors: RowError[];
  /** Problems that do not stop the import, by row (a blank 责任领导). */
  warnings: RowError[];
  /** Rows passed over (blank rows are not listed). */
  skipped: SkippedRow[];
  /** The text of a title row above the header ("2026年县卫健局重点项目计划清单"), if any. */
  title?: string;
}

/** A recognised column of the file. */
export interface ProjectListColumn {
  id: ColumnId;
  /** 0-based index of the cell in each row. */
  index: number;
  /** The header as written in the file (both rows of a two-row header, joined). */
  header: string;
  scale: AmountScale;
}

/** Where the header is and what its columns are. */
export interface ProjectListLayout {
  /** 0-based index of the (first) header row. */
  headerRow: number;
  /** 0-based index of the first data row (after a second header row, if there is one). */
  dataRow: number;
  columns: ProjectListColumn[];
}

// === Headers

function fold(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b\u3000*＊※:：]+/g, '').toLowerCase();
}

function scaleOf(unitText: string): AmountScale | null {
  if (/亿|100m/.test(unitText)) return 'yi';
  if (/万|10k|10,000|10000/.test(unitText)) return 'wan';
  if (/元|yuan|cny|rmb/.test(unitText)) return 'yuan';
  return null;
}

/**
 * Recognises one header cell: widths, spaces, case and required-marks (*) are ignored; a unit in
 * brackets ("总投资（亿元）") or at the end ("总投资/万元", "投资万元") gives the amount scale.
 * `explicitScale` says whether the header named a unit at all. "2026年计划投资" is the annual plan.
 */
export function readHeader(raw: string): { id: ColumnId; scale: AmountScale; explicitScale: boolean } | null {
  let text = fold(raw);
  let scale: AmountScale | null = null;
  const bracket = /[([【〔{]([^)\]】〕}]*)[)\]】〕}]/.exec(text);
  if (bracket) {
    scale = scaleOf(bracket[1] ?? '');
    text = text.replace(bracket[0], '');
  }
  const month = monthOf(text) ?? monthOf(text.replace(/[/,]?(万元|亿元|元)$/, ''));
  if (month !== null) {
    const suffix = /(万元|亿元|元)$/.exec(text);
    if (suffix && scale === null) scale = scaleOf(suffix[1] ?? '');
    return { id: `month${month}` as MonthColumnId, scale: scale ?? 'wan', explicitScale: scale !== null };
  }
  text = text.replace(/^\d{4}(年度?)?/, (_whole, year: string | undefined) => (year ? '年度' : ''));
  let id = LOOKUP.get(text);
  if (!id) {
    const suffix = /[/,]?(万元|亿元|元)$/.exec(text);
    const base = suffix ? text.slice(0, suffix.index) : '';
    const baseId = suffix ? LOOKUP.get(base) : undefined;
    if (suffix && baseId) {
      id = baseId;
      scale = scaleOf(suffix[1] ?? '');
    }
  }
  return id ? { id, scale: scale ?? 'wan', explicitScale: scale !== null } : null;
}

function readHeaderRow(cells: readonly string[]): ProjectListColumn[] {
  const columns: ProjectListColumn[] = [];
  cells.forEach((cell, index) => {
    const header = readHeader(cell ?? '');
    if (header && !columns.some((c) => c.id === header.id)) columns.push({ id: header.id, index, header: (cell ?? '').trim(), scale: header.scale });
  });
  return columns;
}

/** Words under a group header that mean "the group column itself" (责任人 over 姓名 | 电话). */
const SAME_AS_GROUP = new Set(['姓名', '名字', '名称', 'name']);
const LEADER_CONTACT: Partial<Record<ColumnId, ColumnId>> = { ownerTelegram: 'leaderTelegram', ownerEmail: 'leaderEmail', ownerMobile: 'leaderMobile' };

/** A cell that only names a unit: "（万元）", "万元", "亿元". */
function unitOnly(cell: string): AmountScale | null {
  const text = fold(cell).replace(/^[([【〔{]|[)\]】〕}]$/g, '').replace(/^单位/, '');
  return /^(万元|亿元|元|万|亿)$/.test(text) ? scaleOf(text) : null;
}

/** The filled cell at `index` or, for a merged range, the nearest filled one to its left. */
function groupAt(cells: readonly string[], index: number): { index: number; text: string } {
  let i = index;
  while (i > 0 && !(cells[i] ?? '').trim()) i--;
  return { index: i, text: (cells[i] ?? '').trim() };
}

/** Merges a second header row (or a row of units) into the columns of the first. */
function mergeSecondRow(cells: readonly string[], below: readonly string[], columns: ProjectListColumn[]): ProjectListColumn[] | null {
  const filled = below.filter(Boolean);
  if (filled.length === 0) return null;
  const kinds = below.map((cell) => (!cell ? 'empty' : unitOnly(cell) ? 'unit' : SAME_AS_GROUP.has(fold(cell)) ? 'same' : readHeader(cell) ? 'header' : 'other'));
  if (kinds.includes('other')) return null;
  const merged = [...columns];
  below.forEach((cell, index) => {
    const kind = kinds[index];
    const group = groupAt(cells, index);
    const groupHeader = group.text ? readHeader(group.text) : null;
    if (kind === 'unit') {
      const scale = unitOnly(cell) ?? 'wan';
      const column = merged.find((c) => c.index === index);
      if (column) column.scale = scale;
      return;
    }
    if (kind !== 'header') return;
    const header = readHeader(cell);
    if (!header) return;
    const id = groupHeader?.id === 'leader' ? (LEADER_CONTACT[header.id] ?? header.id) : header.id;
    const scale = header.explicitScale ? header.scale : groupHeader?.explicitScale ? groupHeader.scale : (scaleOf(fold(group.text)) ?? 'wan');
    for (let i = merged.length - 1; i >= 0; i--) {
      const column = merged[i];
      if (column && (column.index === index || column.id === id)) merged.splice(i, 1);
    }
    merged.push({ id, index, header: group.text && group.text !== cell ? `${group.text}/${cell}` : cell, scale });
  });
  return merged.sort((a, b) => a.index - b.index);
}

/**
 * Finds the header row among the first HEADER_SEARCH_ROWS rows: the first row with a project-name
 * column and at least two other known columns. A second header row under it (投资（万元） spanning
 * 总投资 | 年度计划投资; 责任人 spanning 姓名 | 电话) or a row of units (（万元）) is merged in.
 */
export function findHeader(table: readonly (readonly string[])[]): ProjectListLayout | null {
  for (let r = 0; r < Math.min(table.length, HEADER_SEARCH_ROWS); r++) {
    const cells = (table[r] ?? []).map((c) => (c ?? '').trim());
    const columns = readHeaderRow(cells);
    if (!columns.some((c) => c.id === 'name') || columns.length < 3) continue;
    const below = (table[r + 1] ?? []).map((c) => (c ?? '').trim());
    const merged = mergeSecondRow(cells, below, columns);
    return merged ? { headerRow: r, dataRow: r + 2, columns: merged } : { headerRow: r, dataRow: r + 1, columns };
  }
  return null;
}

/** Whether a table looks like a project list (has a recognisable header near the top). */
export function hasProjectHeader(table: readonly (readonly string[])[]): boolean {
  return findHeader(table) !== null;
}

// === Cells

/** 合计, 小计（8个）, 总计; "Total" and "Subtotal" only as the whole label. */
const SUBTOTAL = /^(合计|小计|总计|共计|汇总)|^(total|subtotal|grandtotal|sum)$/i;
/** "一", "一、县人民医院", "（二）乡镇卫生院", "二." (Chinese numerals only: "(1)" may number a project). */
const SECTION = /^([一二三四五六七八九十百]+[、.．]?|[（(][一二三四五六七八九十百]+[)）].*|[一二三四五六七八九十百]+[、.．].*)$/;
/** A row of column numbers under the header (甲 乙 1 2 3 …), as official forms have. */
const COLUMN_NUMBER = /^(\d{1,2}|[甲乙丙丁戊己庚辛壬癸])$/;
/** Cells that mean "nothing" in an amount column. */
const NOTHING = new Set(['-', '—', '——', '–', '－', '/', '／', '无', 'n/a', 'na', '']);
const HAN = /\p{Script=Han}/u;

/** One line, runs of spaces collapsed, no spaces between Chinese characters (names padded to align). */
function oneLine(text: string): string {
  const collapsed = cleanText(text).replace(/\s+/g, ' ').trim();
  return collapsed.replace(/(\S) (?=(\S))/gu, (whole, before: string, after: string) => (HAN.test(before) && HAN.test(after) ? before : whole));
}

/**
 * A person's cell as name and 职务: 「吴建华（副局长）」, 「吴建华(副局长)」 or 「吴建华 【副局长】」 → 吴建华 and
 * 副局长. A cell without a bracketed tail is all name.
 */
export function splitNameTitle(text: string): { name: string; title: string } {
  const match = /^(.+?)\s*[（(【[]\s*([^（）()【】[\]]+?)\s*[）)】\]]$/u.exec(text.trim());
  if (!match) return { name: text.trim(), title: '' };
  return { name: (match[1] ?? '').trim(), title: (match[2] ?? '').trim() };
}

function splitPeople(text: string): string[] {
  return text.split(/[、,，;；/／\n]+/).map((p) => p.trim()).filter(Boolean);
}

function isNothing(value: string): boolean {
  return NOTHING.has(value.normalize('NFKC').trim().toLowerCase());
}

// === Rows

/** Reads a whole table (rows of cell texts, as read from CSV or XLSX). */
export function parseProjectTable(table: readonly (readonly string[])[]): ParsedProjectTable {
  const layout = findHeader(table);
  if (!layout) return { rows: [], errors: [{ row: 0, key: 'import.error.no_header', params: {} }], warnings: [], skipped: [] };
  const title = table
    .slice(0, layout.headerRow)
    .map((row) => row.map((c) => (c ?? '').trim()).filter(Boolean).join(' '))
    .find(Boolean);
  const withTitle = <T extends object>(value: T): T & { title?: string } => (title ? { ...value, title } : value);

  const missing = REQUIRED.filter((id) => !layout.columns.some((c) => c.id === id));
  if (missing.length) {
    const errors = missing.map((id) => ({ row: layout.headerRow + 1, key: 'import.error.missing_column' as const, params: { column: headerWord(id) } }));
    return withTitle({ rows: [], errors, warnings: [], skipped: [] });
  }

  const byId = new Map(layout.columns.map((c) => [c.id, c]));
  const rows: ProjectRow[] = [];
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const skipped: SkippedRow[] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  let projectCount = 0;
  /** Contact hints seen so far: per person (one value each) and per value (one person each). */
  const hintsOf = new Map<string, Partial<Record<keyof ContactHints, { value: string; row: number }>>>();
  const holders = new Map<string, { name: string; key: string; row: number }>();

  for (let r = layout.dataRow; r < table.length; r++) {
    const cells = (table[r] ?? []).map((c) => (c ?? '').trim());
    const rowNumber = r + 1;
    const get = (id: ColumnId): string => {
      const column = byId.get(id);
      return column ? (cells[column.index] ?? '') : '';
    };
    const filled = cells.filter(Boolean);
    if (filled.length === 0) continue;
    const first = filled[0] ?? '';
    if (r === layout.dataRow && filled.length >= 4 && filled.every((c) => COLUMN_NUMBER.test(c))) {
      skipped.push({ row: rowNumber, kind: 'section', text: filled.join(' ') });
      continue;
    }
    const label = (get('index') || get('name')).replace(/\s/g, '');
    if (SUBTOTAL.test(label) || SUBTOTAL.test(get('name').replace(/\s/g, ''))) {
      skipped.push({ row: rowNumber, kind: 'total', text: first });
      continue;
    }
    // Section headings ("一、县人民医院", often with the section's subtotals) and one-cell notes.
    if (filled.length === 1 || SECTION.test(get('index').normalize('NFKC')) || SECTION.test(get('name').normalize('NFKC').replace(/\s/g, ''))) {
      skipped.push({ row: rowNumber, kind: 'section', text: first });
      continue;
    }
    projectCount++;

    const rowErrors: RowError[] = [];
    const fail = (id: ColumnId, key: RowErrorKey, params: Record<string, string | number> = {}) => {
      const column = byId.get(id)?.header ?? headerWord(id);
      rowErrors.push({ row: rowNumber, column, key, params });
    };
    const text = (id: ColumnId): string => oneLine(get(id));
    const required = (id: ColumnId): string => {
      const value = text(id);
      if (!value) fail(id, 'import.error.required');
      return value;
    };
    const person = (id: 'leader' | 'owner'): { name: string; title: string } => {
      const people = splitPeople(get(id)).map(oneLine);
      if (people.length > 1) fail(id, 'import.error.several_people', { names: people.join('、') });
      return splitNameTitle(people[0] ?? '');
    };
    /** The amount in 分, null when the cell is empty or wrong (wrong ones are reported). */
    const amount = (id: 'total' | 'plan' | 'opening' | MonthColumnId): bigint | null => {
      const column = byId.get(id);
      const value = get(id);
      if (!column || isNothing(value)) return null;
      const written = column.scale === 'yi' && /\d$/.test(value) ? `${value}亿` : value;
      const parsed = parseAmount(written, column.scale === 'yuan' ? 'yuan' : 'wan');
      if (parsed.ok) return parsed.fen;
      fail(id, 'import.error.amount', { value, reason: parsed.code });
      return null;
    };
    const hints = (telegramId: ColumnId, emailId: ColumnId, mobileId: ColumnId): ContactHints => {
      const result: ContactHints = {};
      const telegram = get(telegramId);
      if (!isNothing(telegram)) {
        const username = telegram.normalize('NFKC').trim().replace(/^https?:\/\//i, '').replace(/^t\.me\//i, '').replace(/^@/, '').toLowerCase();
        if (/^[a-z0-9_]{3,64}$/.test(username)) result.telegramUsername = username;
        else fail(telegramId, 'import.error.telegram', { value: telegram });
      }
      const email = get(emailId);
      if (!isNothing(email)) {
        const mail = email.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
        if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mail)) result.email = mail;
        else fail(emailId, 'import.error.email', { value: email });
      }
      const mobile = get(mobileId);
      if (!isNothing(mobile)) {
        const phone = normalizeMobile(mobile);
        if (/^\+?\d{6,15}$/.test(phone)) result.mobile = phone;
        else fail(mobileId, 'import.error.mobile', { value: mobile });
      }
      return result;
    };

    const name = required('name');
    const unit = text('unit');
    const { name: owner, title: ownerTitle } = person('owner');
    if (!owner) fail('owner', 'import.error.required');
    const { name: leader, title: leaderTitle } = person('leader');
    if (isNothing(get('total'))) fail('total', 'import.error.required');
    const totalInvestment = amount('total');
    const annualPlan = amount('plan');
    if (totalInvestment !== null && annualPlan !== null && annualPlan > totalInvestment) fail('plan', 'import.error.plan_above_total');
    const openingCumulative = amount('opening');
    // 分月计划: a row with any month filled has a monthly plan (a blank month is 0); one with none
    // filled has none (and keeps a stored one). The months may not add up to more than the annual plan.
    const monthCells = MONTH_COLUMNS.map((id) => ({ id, filled: byId.has(id) && !isNothing(get(id)), fen: amount(id) }));
    const monthPlan = monthCells.some((m) => m.filled) ? monthCells.map((m) => m.fen ?? 0n) : null;
    if (monthPlan && monthCells.every((m) => !m.filled || m.fen !== null)) {
      const sum = monthPlan.reduce((a, b) => a + b, 0n);
      const lastFilled = [...monthCells].reverse().find((m) => m.filled)?.id ?? 'month12';
      // An unreadable 年度计划投资 is reported already; a blank one is 0.
      const planUnread = annualPlan === null && byId.has('plan') && !isNothing(get('plan'));
      if (!planUnread && sum > (annualPlan ?? 0n)) fail(lastFilled, 'import.error.month_plan_total', { sum: formatWan(sum), plan: formatWan(annualPlan ?? 0n) });
    }
    const ownerHints = hints('ownerTelegram', 'ownerEmail', 'ownerMobile');
    const leaderHints = hints('leaderTelegram', 'leaderEmail', 'leaderMobile');
    /** One person, one value of each hint; a Telegram account or e-mail belongs to one person (a phone may be an office's). */
    const checkHints = (person: string, found: ContactHints, columns: Record<keyof ContactHints, ColumnId>) => {
      if (!person) return;
      const key = normalizeName(person);
      const seen = hintsOf.get(key) ?? {};
      for (const kind of ['telegramUsername', 'email', 'mobile'] as const) {
        const value = found[kind];
        if (!value) continue;
        const before = seen[kind];
        if (before && before.value !== value) fail(columns[kind], 'import.error.contact_conflict', { name: person, value, other: before.row });
        else if (!before) seen[kind] = { value, row: rowNumber };
        if (kind === 'mobile') continue;
        const holder = holders.get(`${kind}:${value}`);
        if (holder && holder.key !== key) fail(columns[kind], 'import.error.contact_shared', { value, name: holder.name, other: holder.row });
        else if (!holder) holders.set(`${kind}:${value}`, { name: person, key, row: rowNumber });
      }
      hintsOf.set(key, seen);
    };
    checkHints(owner, ownerHints, { telegramUsername: 'ownerTelegram', email: 'ownerEmail', mobile: 'ownerMobile' });
    checkHints(leader, leaderHints, { telegramUsername: 'leaderTelegram', email: 'leaderEmail', mobile: 'leaderMobile' });

    const code = (text('code') || text('index') || String(projectCount)).normalize('NFKC').replace(/^(\d+)\.0+$/, '$1');
    const nameKey = normalizeName(name);
    const codeKey = normalizeName(code);
    const sameName = names.get(nameKey);
    const sameCode = codes.get(codeKey);
    if (name && sameName !== undefined) fail('name', 'import.error.duplicate_name', { name, other: sameName });
    if (sameCode !== undefined) fail(byId.has('code') ? 'code' : 'index', 'import.error.duplicate_code', { code, other: sameCode });
    if (name && sameName === undefined) names.set(nameKey, rowNumber);
    if (sameCode === undefined) codes.set(codeKey, rowNumber);

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    if (!leader) warnings.push({ row: rowNumber, column: byId.get('leader')?.header ?? HEADERS.leader[0] ?? 'leader', key: 'import.warning.no_leader', params: { name } });
    if (!unit) warnings.push({ row: rowNumber, column: byId.get('unit')?.header ?? HEADERS.unit[0] ?? 'unit', key: 'import.warning.no_unit', params: { name, unit: NO_UNIT_NAME } });
    rows.push({
      rowNumber,
      code,
      codeIsStable: Boolean(text('code')),
      name,
      location: text('location'),
      scope: get('scope'),
      totalInvestment: totalInvestment ?? 0n,
      annualPlan: annualPlan ?? 0n,
      unit: unit || NO_UNIT_NAME,
      unitBlank: !unit,
      leader: leader || null,
      leaderTitle: leader ? leaderTitle : '',
      leaderHints: leader ? leaderHints : {},
      owner,
      ownerTitle,
      ownerHints,
      note: get('note'),
      openingCumulative: openingCumulative ?? 0n,
      category: text('category'),
      monthPlan,
    });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 0, key: 'import.error.no_rows', params: {} });
  return withTitle({ rows, errors, warnings, skipped });
}
