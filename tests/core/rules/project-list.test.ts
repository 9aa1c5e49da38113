// The project-list reader: header search, tolerant headers, amounts, row checks. Pure.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { renderImportSummary, renderRowError } from '../../../src/core/projects/render-import-summary.ts';
import { findHeader, hasProjectHeader, parseProjectTable, readHeader } from '../../../src/core/rules/project-list.ts';
import { demoCoordinatorName, demoProjectTable } from '../../../src/demo/demo-projects.ts';

const WAN = 1_000_000n;
const zh = translator('zh-CN');
const en = translator('en');

const HEADER = ['序号', '项目名称', '建设地点', '建设内容及规模', '总投资(万元)', '年度计划投资(万元)', '责任单位', '责任领导', '责任人', '备注'];
const ROW = ['1', '县医院城东院区感染防控中心工程', '城东新区', '3.4万平方米', '28645', '10000', '县人民医院', '李院长', '张科长', ''];

/** The error lines as "row:key". */
const keys = (table: string[][]) => parseProjectTable(table).errors.map((e) => `${e.row}:${e.key}`);

describe('readHeader', () => {
  it.each([
    ['序号', 'index', 'wan'],
    ['序 号', 'index', 'wan'],
    ['No.', 'index', 'wan'],
    ['项目名称', 'name', 'wan'],
    ['Project', 'name', 'wan'],
    ['建设内容及规模', 'scope', 'wan'],
    ['Scope', 'scope', 'wan'],
    ['总投资(万元)', 'total', 'wan'],
    ['总投资（万元）', 'total', 'wan'],
    ['投资(万元)', 'total', 'wan'],
    ['总投资（亿元）', 'total', 'yi'],
    ['总投资(元)', 'total', 'yuan'],
    ['总投资/万元', 'total', 'wan'],
    ['总投资 亿元', 'total', 'yi'],
    ['Total investment', 'total', 'wan'],
    ['Total investment (CNY)', 'total', 'yuan'],
    ['年度计划投资(万元)', 'plan', 'wan'],
    ['2026年计划投资（万元）', 'plan', 'wan'],
    ['2026年度计划投资', 'plan', 'wan'],
    ['Annual plan', 'plan', 'wan'],
    ['责任单位', 'unit', 'wan'],
    ['Unit', 'unit', 'wan'],
    ['责任领导', 'leader', 'wan'],
    ['Leader', 'leader', 'wan'],
    ['责任人', 'owner', 'wan'],
    ['*责任人', 'owner', 'wan'],
    ['Owner', 'owner', 'wan'],
    ['备注', 'note', 'wan'],
    ['Notes', 'note', 'wan'],
    ['Location', 'location', 'wan'],
    ['项目编号', 'code', 'wan'],
    ['责任人Telegram', 'ownerTelegram', 'wan'],
    ['责任领导Telegram', 'leaderTelegram', 'wan'],
    ['飞书邮箱', 'ownerEmail', 'wan'],
    ['责任人邮箱', 'ownerEmail', 'wan'],
    ['责任人手机', 'ownerMobile', 'wan'],
    ['电话', 'ownerMobile', 'wan'],
    ['责任领导手机', 'leaderMobile', 'wan'],
  ])('%s → %s (%s)', (header, id, scale) => {
    expect(readHeader(header)).toMatchObject({ id, scale });
  });

  it('knows nothing of other words', () => {
    expect(readHeader('完成情况')).toBeNull();
    expect(readHeader('')).toBeNull();
  });
});

describe('finding the header', () => {
  it('looks under title and blank rows, within the first 15 rows', () => {
    const table = [['2026年县卫健局重点项目计划清单'], [], ['填报单位：县卫健局', '', '', '单位：万元'], HEADER, ROW];
    expect(findHeader(table)?.headerRow).toBe(3);
    const parsed = parseProjectTable(table);
    expect(parsed.title).toBe('2026年县卫健局重点项目计划清单');
    expect(parsed.rows[0]?.rowNumber).toBe(5);
    const tooDeep = [...Array.from({ length: 15 }, () => ['说明']), HEADER, ROW];
    expect(hasProjectHeader(tooDeep)).toBe(false);
    expect(keys(tooDeep)).toEqual(['0:import.error.no_header']);
  });

  it('merges a second header row: 投资（亿元） over 总投资 | 年度计划', () => {
    const table = [
      ['序号', '项目名称', '投资（亿元）', '', '责任单位', '责任人', ''],
      ['', '', '总投资', '年度计划', '', '姓名', '电话'],
      ['1', '城东院区', '2.8645', '1', '县人民医院', '张科长', '138 0000 1111'],
    ];
    const parsed = parseProjectTable(table);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ rowNumber: 3, totalInvestment: 28645n * WAN, annualPlan: 10000n * WAN, owner: '张科长', ownerHints: { mobile: '13800001111' } });
  });

  it('keeps the group column for 名称 / 姓名 under it', () => {
    const parsed = parseProjectTable([
      ['项目名称', '总投资', '责任单位', '责任人', ''],
      ['', '', '名称', '姓名', '电话'],
      ['城东院区', '100', '县人民医院', '张科长', '0595-1234567'],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ name: '城东院区', unit: '县人民医院', owner: '张科长', ownerHints: { mobile: '05951234567' } });
  });

  it('reads a row of units under the header', () => {
    const parsed = parseProjectTable([
      ['序号', '项目名称', '总投资', '年度计划投资', '责任单位', '责任人'],
      ['', '', '（亿元）', '（万元）', '', ''],
      ['1', '城东院区', '1.5', '3000', '县人民医院', '张科长'],
    ]);
    expect(parsed.rows[0]).toMatchObject({ totalInvestment: 15000n * WAN, annualPlan: 3000n * WAN });
  });

  it('names the required columns that are missing', () => {
    const parsed = parseProjectTable([['标题'], ['项目名称', '建设地点', '责任人'], ['甲', '某地', '张三']]);
    expect(parsed.errors.map((e) => [e.row, e.key, e.params.column])).toEqual([
      [2, 'import.error.missing_column', '总投资'],
      [2, 'import.error.missing_column', '责任单位'],
    ]);
    expect(renderRowError(zh, parsed.errors[0]!)).toBe('第 2 行：缺少「总投资」列。');
  });
});

describe('reading rows', () => {
  it('reads the office shape with amounts in 万元', () => {
    const parsed = parseProjectTable([HEADER, ROW, ['2', '乡镇卫生院设备购置', '各乡镇', '13台设备', '1,399.98', '1399.98', '县人民医院', '李院长', '刘站长', '政府采购']]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        rowNumber: 2, code: '1', codeIsStable: false, name: '县医院城东院区感染防控中心工程', location: '城东新区', scope: '3.4万平方米',
        totalInvestment: 28645n * WAN, annualPlan: 10000n * WAN, unit: '县人民医院', unitBlank: false, leader: '李院长', leaderTitle: '', leaderHints: {}, owner: '张科长', ownerTitle: '', ownerHints: {}, note: '', openingCumulative: 0n, category: '', monthPlan: null,
      },
      expect.objectContaining({ code: '2', totalInvestment: 1_399_980_000n, annualPlan: 1_399_980_000n, note: '政府采购' }),
    ]);
  });

  it('reads English headers', () => {
    const parsed = parseProjectTable([
      ['No.', 'Project', 'Location', 'Scope', 'Total investment', 'Annual plan', 'Unit', 'Leader', 'Owner', 'Notes'],
      ['1', 'East campus', 'Xunzhong', '34,000 m2', '28645', '10000', 'County Hospital', 'Li Wei', 'Zhang Min', ''],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ name: 'East campus', unit: 'County Hospital', leader: 'Li Wei', owner: 'Zhang Min', totalInvestment: 28645n * WAN });
  });

  it('reads amounts in 元 and 亿 when the header says so, and units written in the cell', () => {
    const parsed = parseProjectTable([
      ['项目名称', '总投资（元）', '年度计划投资(亿元)', '责任单位', '责任人'],
      ['甲', '12,000,000', '0.05', '单位A', '张三'],
      ['乙', '3000万', '', '单位A', '张三'],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.totalInvestment, r.annualPlan])).toEqual([
      [1200n * WAN, 500n * WAN],
      [3000n * WAN, 0n],
    ]);
  });

  it('defaults the annual plan to 0 when the column is missing or the cell says nothing', () => {
    const parsed = parseProjectTable([
      ['项目名称', '总投资', '责任单位', '责任人'],
      ['甲', '100', '单位A', '张三'],
    ]);
    expect(parsed.rows[0]?.annualPlan).toBe(0n);
    const dashes = parseProjectTable([['项目名称', '总投资', '年度计划投资', '责任单位', '责任人'], ['甲', '100', '—', '单位A', '张三']]);
    expect(dashes.errors).toEqual([]);
    expect(dashes.rows[0]?.annualPlan).toBe(0n);
  });

  it('uses 项目编号 as a stable code, else 序号, else numbers the rows', () => {
    const withCode = parseProjectTable([['序号', '项目编号', '项目名称', '总投资', '责任单位', '责任人'], ['1', 'WJ-2026-01', '甲', '1', '单位A', '张三']]);
    expect(withCode.rows[0]).toMatchObject({ code: 'WJ-2026-01', codeIsStable: true });
    const numbered = parseProjectTable([['项目名称', '总投资', '责任单位', '责任人'], ['甲', '1', '单位A', '张三'], ['乙', 'x', '单位A', '张三'], ['丙', '1', '单位A', '张三']]);
    expect(numbered.rows.map((r) => [r.code, r.codeIsStable])).toEqual([['1', false], ['3', false]]);
    const floaty = parseProjectTable([['序号', '项目名称', '总投资', '责任单位', '责任人'], ['１.0', '甲', '1', '单位A', '张三']]);
    expect(floaty.rows[0]?.code).toBe('1');
  });

  it('skips blank rows, section headings, notes and (sub)totals, and says which', () => {
    const parsed = parseProjectTable([
      ['2026年重点项目计划清单'],
      HEADER,
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      ['一、县人民医院'],
      ['（一）', '医疗服务能力提升', '', '', '28645', '10000', '', '', '', ''],
      ROW,
      ['', '', '', '', '', '', '', '', '', ''],
      ['', '小计', '', '', '28645', '10000', '', '', '', ''],
      ['合计', '', '', '', '28645', '10000', '', '', '', ''],
      ['', '注：金额单位为万元'],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([6]);
    expect(parsed.skipped).toEqual([
      { row: 3, kind: 'section', text: '1 2 3 4 5 6 7 8 9 10' },
      { row: 4, kind: 'section', text: '一、县人民医院' },
      { row: 5, kind: 'section', text: '（一）' },
      { row: 8, kind: 'total', text: '小计' },
      { row: 9, kind: 'total', text: '合计' },
      { row: 10, kind: 'section', text: '注：金额单位为万元' },
    ]);
  });

  it('tidies names: line breaks, padded names, and "@" in Telegram usernames', () => {
    const parsed = parseProjectTable([
      ['项目名称', '总投资', '责任单位', '责任领导', '责任人', '责任人Telegram', '责任人邮箱', '责任人手机', '责任领导Telegram'],
      ['县医院城东院区\n感染防控中心工程', '1', ' 县人民医院 ', '李　院长', '王　丽', '@Wang_Li', 'Wang.Li@Example.CN', '+86 138-0000-1111', 't.me/li_yz'],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      name: '县医院城东院区感染防控中心工程',
      unit: '县人民医院',
      leader: '李院长',
      owner: '王丽',
      ownerHints: { telegramUsername: 'wang_li', email: 'wang.li@example.cn', mobile: '13800001111' },
      leaderHints: { telegramUsername: 'li_yz' },
    });
  });

  it('reports each bad cell by the row number the spreadsheet shows and the column', () => {
    const table = [
      ['某县项目清单'],
      ['序号', '项目名称', '总投资(万元)', '年度计划投资(万元)', '责任单位', '责任人'],
      ['1', '甲项目', '100', '50', '单位A', '张三'],
      ['2', '', '100', '50', '单位A', '张三'],
      ['3', '丙项目', '一百', '50', '单位A', '张三'],
      ['4', '丁项目', '100', '150', '单位A', '张三'],
      ['5', '甲项目', '100', '50', '单位A', ''],
      ['6', '己项目', '', '-5', '', '张三、李四'],
      ['6', '庚项目', '0.001元', '', '单位A', '张三'],
    ];
    const parsed = parseProjectTable(table);
    expect(keys(table)).toEqual([
      '4:import.error.required',
      '5:import.error.amount',
      '6:import.error.plan_above_total',
      '7:import.error.required',
      '7:import.error.duplicate_name',
      '8:import.error.several_people',
      '8:import.error.required',
      '8:import.error.amount',
      '9:import.error.amount',
      '9:import.error.duplicate_code',
    ]);
    expect(parsed.rows.map((r) => r.name)).toEqual(['甲项目']);
    const lines = parsed.errors.map((e) => renderRowError(zh, e));
    expect(lines).toContain('第 4 行「项目名称」：不能为空。');
    expect(lines).toContain('第 5 行「总投资(万元)」：金额「一百」看不懂（默认单位万元，可写 120、1,200,000元、1.2亿）。');
    expect(lines).toContain('第 6 行「年度计划投资(万元)」：年度计划投资大于总投资。');
    expect(lines).toContain('第 7 行「项目名称」：项目「甲项目」与第 3 行重复。');
    expect(lines).toContain('第 8 行「责任人」：只能填一人，现在是「张三、李四」。请只留主要负责的一位。');
    expect(lines).toContain('第 8 行「年度计划投资(万元)」：金额「-5」不能为负数。');
    expect(lines).toContain('第 9 行「序号」：序号/编号「6」与第 8 行重复。');
    expect(renderRowError(en, parsed.errors[1]!)).toBe('Row 5, "总投资(万元)": amount "一百": cannot be read (10k CNY by default; 120, 1,200,000元 and 1.2亿 work).');
  });

  it('checks contact hints: valid, one per person, one person per account', () => {
    const table = [
      ['项目名称', '总投资', '责任单位', '责任人', '责任人Telegram', '责任人邮箱', '责任人手机'],
      ['甲', '1', '单位A', '张三', '张三', 'not-an-email', '12'],
      ['乙', '1', '单位A', '李四', '@lisi_tg', 'li@example.cn', ''],
      ['丙', '1', '单位A', '李四', '@other_tg', '', ''],
      ['丁', '1', '单位A', '王五', 'lisi_tg', '', ''],
      ['戊', '1', '单位A', '赵六', '无', '/', '-'],
    ];
    expect(keys(table)).toEqual(['2:import.error.telegram', '2:import.error.email', '2:import.error.mobile', '4:import.error.contact_conflict', '5:import.error.contact_shared']);
    expect(parseProjectTable(table).rows.find((r) => r.name === '戊')?.ownerHints).toEqual({});
  });

  it('refuses a list without projects', () => {
    expect(keys([HEADER, ['合计', '', '', '', '0', '0']])).toEqual(['0:import.error.no_rows']);
  });
});

describe('the demo list', () => {
  it('is a valid list of 8 projects, 4 units, 3 leaders each with several projects', () => {
    const parsed = parseProjectTable(demoProjectTable);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(8);
    expect(new Set(parsed.rows.map((r) => r.unit)).size).toBe(4);
    const leaders = new Map<string, number>();
    for (const row of parsed.rows) leaders.set(row.leader ?? '', (leaders.get(row.leader ?? '') ?? 0) + 1);
    expect(leaders.size).toBe(3);
    expect([...leaders.values()].every((n) => n >= 2)).toBe(true);
    expect(parsed.rows.find((r) => r.totalInvestment === 28645n * WAN)?.annualPlan).toBe(10000n * WAN);
    expect(parsed.rows.some((r) => r.totalInvestment === 1_399_980_000n)).toBe(true);
    expect(demoCoordinatorName).not.toMatch(/\s/);
    expect(parsed.rows.map((r) => r.owner)).not.toContain(demoCoordinatorName);
  });

  it('renders an empty summary without errors', () => {
    const lines = renderImportSummary(zh, {
      dryRun: true, orgName: '示例县卫生健康局', orgCreated: true, added: [], changed: [], unchanged: 0, unchangedProjects: [], notInFile: [],
      unitsCreated: [], peopleCreated: [], peopleUpdated: [], retired: [], monthPlans: { year: 2026, listed: 0, added: 0 }, warnings: [], errors: [], applied: false,
    });
    expect(lines).toEqual(['试导入到「示例县卫生健康局」（没有做任何修改）：', '将新建项目办「示例县卫生健康局」。', '新增 0 个项目，修改 0 个，0 个不变。', '确认无误后，去掉 --dry-run 正式导入。']);
  });
});
