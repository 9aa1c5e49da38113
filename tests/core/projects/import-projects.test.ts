// Importing project lists end to end (file → reader → use case → database), on both databases:
// CSV (UTF-8 and GBK) and XLSX, dry runs, re-imports, changes, bad rows, and choosing the org.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/import.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { importProjects } from '../../../src/core/projects/import-projects.ts';
import { renderImportSummary } from '../../../src/core/projects/render-import-summary.ts';
import { parseProjectTable } from '../../../src/core/rules/project-list.ts';
import type { Db } from '../../../src/db/client.ts';
import { demoProjectTable } from '../../../src/demo/demo-projects.ts';
import { readTableFile } from '../../../src/io/read-table.ts';
import { testPorts } from '../../support/ports.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';

const WAN = 1_000_000n;
const dir = mkdtempSync(join(tmpdir(), 'import-projects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', name);

const HEADER = '序号,项目名称,建设地点,建设内容及规模,总投资(万元),年度计划投资(万元),责任单位,责任领导,责任人,备注,责任人Telegram,责任人邮箱';
const ROWS = [
  '1,县医院城东院区感染防控中心工程,城东新区,"3.4万平方米,新增床位200张",28645,10000,县人民医院,李院长,张科长,,@Zhang_KZ,zhang@example.cn',
  '2,县中医院综合楼,城关镇,4.1万平方米,"21,874",6000,县中医院,赵院长,陈科长,,,',
  '3,乡镇卫生院设备购置,各乡镇,13台设备,1399.98,1399.98,县人民医院,李院长,刘站长,政府采购,,',
];

let files = 0;
function csv(lines: string[]): string {
  const path = join(dir, `list-${++files}.csv`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

async function xlsx(rows: (string | number | null)[][], merge?: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('计划清单');
  for (const row of rows) sheet.addRow(row);
  if (merge) sheet.mergeCells(merge);
  const path = join(dir, `list-${++files}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Runs the CLI command and returns its exit code and output. */
async function cli(db: Db, args: string[], locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await importCommand(args, { db, ports: testPorts(), out: (line) => lines.push(line), locale });
  return { code, out: lines.join('\n') };
}

async function counts(db: Db) {
  return {
    orgs: await db.org.count(),
    units: await db.unit.count(),
    people: await db.person.count(),
    projects: await db.project.count(),
    audits: await db.auditLog.count({ where: { action: 'project.import' } }),
  };
}

describeEachProvider('importing a project list', (provider) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
  });
  afterAll(async () => {
    await database.destroy();
  });

  describe('one org, imported again and again', () => {
    const ORG = '测试县卫生健康局';
    const list = () => csv([HEADER, ...ROWS]);

    it('a dry run reports what would happen and writes nothing', async () => {
      const before = await counts(db);
      const run = await cli(db, [list(), '--dry-run', '--org', ORG]);
      expect(run.code).toBe(0);
      expect(run.out).toContain('试导入到「测试县卫生健康局」（没有做任何修改）');
      expect(run.out).toContain('将新建项目办「测试县卫生健康局」。');
      expect(run.out).toContain('新增 3 个项目，修改 0 个，0 个不变。');
      expect(run.out).toContain('新增责任单位：县人民医院、县中医院');
      expect(run.out).toContain('新增人员：李院长、张科长、赵院长、陈科长、刘站长');
      expect(await counts(db)).toEqual(before);
    });

    it('imports: org, units, people with roles and hints, projects in 分, one audit entry', async () => {
      const run = await cli(db, [list(), '--org', ORG]);
      expect(run.code).toBe(0);
      expect(run.out).toContain('已导入到「测试县卫生健康局」');
      expect(await counts(db)).toEqual({ orgs: 1, units: 2, people: 5, projects: 3, audits: 1 });
      const org = await db.org.findUniqueOrThrow({ where: { name: ORG } });
      expect(org).toMatchObject({ timeZone: 'Asia/Shanghai', locale: 'zh-CN' });
      const east = await db.project.findFirstOrThrow({ where: { orgId: org.id, code: '1' }, include: { unit: true, leader: true, owner: true } });
      expect(east).toMatchObject({ name: '县医院城东院区感染防控中心工程', scope: '3.4万平方米,新增床位200张', totalInvestment: 28645n * WAN, annualPlan: 10000n * WAN });
      expect(east.unit.name).toBe('县人民医院');
      expect(east.leader).toMatchObject({ name: '李院长', isLeader: true, isOwner: false });
      expect(east.owner).toMatchObject({ name: '张科长', isOwner: true, telegramUsername: 'zhang_kz', larkEmail: 'zhang@example.cn', unitId: east.unitId });
      expect((await db.project.findFirstOrThrow({ where: { code: '3' } })).totalInvestment).toBe(1_399_980_000n);
      const entry = await db.auditLog.findFirstOrThrow({ where: { action: 'project.import' } });
      expect(JSON.parse(entry.detail)).toMatchObject({ added: 3, changed: 0, unitsCreated: 2, peopleCreated: 5 });
    });

    it('re-importing the same list changes nothing and duplicates nothing', async () => {
      const before = await db.project.findMany({ orderBy: { code: 'asc' } });
      const dry = await cli(db, [list(), '--dry-run']);
      const real = await cli(db, [list()]);
      expect(real.code).toBe(0);
      for (const run of [dry, real]) expect(run.out).toContain('新增 0 个项目，修改 0 个，3 个不变。');
      expect(real.out).not.toContain('新增人员');
      expect(await counts(db)).toMatchObject({ orgs: 1, units: 2, people: 5, projects: 3 });
      expect(await db.project.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
    });

    it('reports a changed row with its fields and updates it; an empty hint cell erases nothing', async () => {
      const changed = [
        HEADER,
        ROWS[0]!.replace('@Zhang_KZ,zhang@example.cn', ','),
        '2,县中医院综合楼,城关镇,4.1万平方米综合楼及附属楼,22000,7000,县中医院,赵院长,陈科长,,@chen_kz,',
        ROWS[2]!,
      ];
      const dry = await importProjects(db, { rows: parseProjectTable(changed.map((l) => l.split(','))).rows, dryRun: true, actorId: null });
      expect(dry.changed).toEqual([
        {
          code: '2',
          name: '县中医院综合楼',
          fields: ['scope', 'totalInvestment', 'annualPlan'],
          changes: [
            { field: 'scope', from: '4.1万平方米', to: '4.1万平方米综合楼及附属楼' },
            { field: 'totalInvestment', from: String(21874n * WAN), to: String(22000n * WAN) },
            { field: 'annualPlan', from: String(6000n * WAN), to: String(7000n * WAN) },
          ],
        },
      ]);
      expect(dry.peopleUpdated).toEqual([{ name: '陈科长', fields: ['telegram'] }]);

      const run = await cli(db, [csv(changed)]);
      expect(run.out).toContain('新增 0 个项目，修改 1 个，2 个不变。');
      expect(run.out).toContain('2 县中医院综合楼（建设内容 4.1万平方米 → 4.1万平方米综合楼及附属楼；总投资 21874万元 → 22000万元；年度计划投资 6000万元 → 7000万元）');
      expect(run.out).toContain('更新人员：陈科长（Telegram）');
      expect(await db.project.findFirstOrThrow({ where: { code: '2' } })).toMatchObject({ totalInvestment: 22000n * WAN, annualPlan: 7000n * WAN, scope: '4.1万平方米综合楼及附属楼' });
      expect(await db.person.findFirstOrThrow({ where: { name: '张科长' } })).toMatchObject({ telegramUsername: 'zhang_kz', larkEmail: 'zhang@example.cn' });
      expect((await db.person.findFirstOrThrow({ where: { name: '陈科长' } })).telegramUsername).toBe('chen_kz');
    });

    it('renumbering swaps codes between projects without tripping the unique code', async () => {
      const swapped = [
        HEADER,
        '1,县中医院综合楼,城关镇,4.1万平方米综合楼及附属楼,22000,7000,县中医院,赵院长,陈科长,,,',
        ROWS[0]!.replace(/^1,/, '2,'),
        ROWS[2]!,
      ];
      const run = await cli(db, [csv(swapped)]);
      expect(run.code).toBe(0);
      expect(run.out).toContain('修改 2 个');
      const projects = await db.project.findMany({ orderBy: { sortOrder: 'asc' } });
      expect(projects.map((p) => [p.code, p.name])).toEqual([
        ['1', '县中医院综合楼'],
        ['2', '县医院城东院区感染防控中心工程'],
        ['3', '乡镇卫生院设备购置'],
      ]);
    });

    it('with bad rows reports each by row number and writes nothing at all', async () => {
      const before = await db.project.findMany({ orderBy: { code: 'asc' } });
      const audits = (await counts(db)).audits;
      const bad = [
        '2026年重点项目计划清单',
        HEADER,
        '1,县中医院综合楼,城关镇,改,99999,7000,县中医院,赵院长,陈科长,,,',
        '2,县医院城东院区感染防控中心工程,城东新区,,abc,10000,县人民医院,李院长,张科长,,,',
        '3,乡镇卫生院设备购置,各乡镇,13台设备,1399.98,2000,县人民医院,李院长,,政府采购,,',
        '4,全新项目,某地,规模,100,50,新单位,新领导,新人,,,',
      ];
      const run = await cli(db, [csv(bad)]);
      expect(run.code).toBe(1);
      expect(run.out.split('\n')).toEqual([
        '清单有 3 处错误，什么都没有导入。改好后重新导入：',
        '  第 4 行「总投资(万元)」：金额「abc」看不懂（默认单位万元，可写 120、1,200,000元、1.2亿）。',
        '  第 5 行「责任人」：不能为空。',
        '  第 5 行「年度计划投资(万元)」：年度计划投资大于总投资。',
      ]);
      expect(await db.project.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
      expect(await counts(db)).toMatchObject({ units: 2, people: 5, projects: 3, audits });
    });

    it('never gives a new project the 序号 (and history) of a project the file leaves out', async () => {
      const before = await counts(db);
      const run = await cli(db, [csv([HEADER, '1,县中医院综合楼,城关镇,4.1万平方米综合楼及附属楼,22000,7000,县中医院,赵院长,陈科长,,,', '2,全新项目,某地,规模,100,50,新单位,新领导,新人,,,'])]);
      expect(run.code).toBe(1);
      expect(run.out).toContain('第 3 行：序号/编号「2」已被项目「县医院城东院区感染防控中心工程」使用（它不在这份清单里）。');
      expect(await counts(db)).toEqual(before);
    });

    it('lists projects the file leaves out and never deletes them', async () => {
      const run = await cli(db, [csv([HEADER, '1,县中医院综合楼,城关镇,4.1万平方米综合楼及附属楼,22000,7000,县中医院,赵院长,陈科长,,,'])], 'en');
      expect(run.code).toBe(0);
      expect(run.out).toContain('0 projects added, 0 changed, 1 unchanged.');
      expect(run.out).toContain('Not in this list (left as they are, not deleted):\n  2 县医院城东院区感染防控中心工程\n  3 乡镇卫生院设备购置');
      expect(await db.project.count()).toBe(3);
    });
  });

  describe('reading files', () => {
    it('imports an XLSX list with a merged title, a blank row, group rows and a total', async () => {
      const path = await xlsx(
        [
          ['2026年县卫健局重点项目计划清单'],
          [],
          ['序 号', '项目名称', '建设地点', '建设内容及规模', '总投资（亿元）', '2026年计划投资（万元）', '责任单位', '责任领导', '责任人', '备注'],
          ['一、县人民医院'],
          [1, '县医院城东院区感染防控中心工程', '城东新区', '3.4万平方米', 2.8645, 10000, '县人民医院', '李院长', '张科长', null],
          ['合计', null, null, null, 2.8645, 10000],
        ],
        'A1:J1',
      );
      const run = await cli(db, [path, '--org', 'XLSX县卫健局']);
      expect(run.code).toBe(0);
      expect(run.out).toContain('新增 1 个项目');
      expect(run.out).toContain('以下行不是项目，已跳过（分组、说明或合计）：第 4 行「一、县人民医院」、第 6 行「合计」');
      const org = await db.org.findUniqueOrThrow({ where: { name: 'XLSX县卫健局' } });
      expect(await db.project.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({ code: '1', totalInvestment: 28645n * WAN, annualPlan: 10000n * WAN });
      expect(await db.project.count({ where: { org: { name: '测试县卫生健康局' } } })).toBe(3);
    });

    it('imports a CSV saved by Excel in GBK, and its UTF-8 twin changes nothing after it', async () => {
      const gbk = join(dir, '项目清单-gbk.csv');
      copyFileSync(fixture('project-list-gbk.csv'), gbk);
      const first = await cli(db, [gbk, '--org', 'GBK县卫健局']);
      expect(first.code).toBe(0);
      expect(first.out).toContain('新增 3 个项目');
      const org = await db.org.findUniqueOrThrow({ where: { name: 'GBK县卫健局' } });
      const names = (await db.project.findMany({ where: { orgId: org.id }, orderBy: { sortOrder: 'asc' } })).map((p) => p.name);
      expect(names).toEqual(['县医院城东院区感染防控中心工程', '县中医院综合楼', '乡镇卫生院医疗设备购置']);
      const again = await cli(db, [fixture('project-list-utf8.csv'), '--org', 'GBK县卫健局']);
      expect(again.out).toContain('新增 0 个项目，修改 0 个，3 个不变。');
    });

    it('imports the demo list', async () => {
      const parsed = parseProjectTable(demoProjectTable);
      const summary = await importProjects(db, { orgName: '示例县卫生健康局', rows: parsed.rows, errors: parsed.errors, dryRun: false, actorId: null });
      expect(summary).toMatchObject({ applied: true, orgCreated: true });
      expect(summary.added).toHaveLength(8);
      expect(summary.unitsCreated).toHaveLength(4);
    });

    it('explains a file it cannot read, and bad usage', async () => {
      expect(await cli(db, [join(dir, 'missing.xlsx')])).toEqual({ code: 1, out: '找不到文件「missing.xlsx」。' });
      writeFileSync(join(dir, 'list.pdf'), '%PDF-1.7');
      expect((await cli(db, [join(dir, 'list.pdf')])).out).toContain('请使用 .xlsx 或 .csv 文件');
      expect((await cli(db, [])).code).toBe(2);
      expect((await cli(db, ['a.csv', 'b.csv'])).code).toBe(2);
      expect((await cli(db, ['a.csv', '--bogus'])).code).toBe(2);
      expect((await cli(db, ['a.csv', '--org', ' '])).code).toBe(2);
    });
  });
});

describeEachProvider('choosing the org of an import', (provider) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
  });
  afterAll(async () => {
    await database.destroy();
  });
  const list = () => csv([HEADER, ROWS[0]!]);

  it('asks for --org on the first import, and creates the org named by it', async () => {
    const run = await cli(db, [list()]);
    expect(run).toEqual({ code: 1, out: '第一次导入请用 --org 指定项目办名称，例如 --org 某县卫生健康局。' });
    expect(await db.org.count()).toBe(0);
    expect((await cli(db, [list(), '--org', '甲县卫健局'])).code).toBe(0);
    expect((await db.org.findMany()).map((o) => o.name)).toEqual(['甲县卫健局']);
  });

  it('uses the only org when --org is not given', async () => {
    const run = await cli(db, [list()]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('已导入到「甲县卫健局」');
  });

  it('with several orgs asks which one, and --org picks it', async () => {
    expect((await cli(db, [list(), '--org', '乙县卫健局'])).out).toContain('新建项目办「乙县卫健局」');
    expect(await cli(db, [list()])).toEqual({ code: 1, out: '数据库里有多个项目办，请用 --org 指定导入到哪一个。' });
    const picked = await cli(db, [list(), '--org', '乙县卫健局']);
    expect(picked.out).toContain('已导入到「乙县卫健局」');
    expect(picked.out).toContain('0 个不变'.replace('0', '1'));
    // The same names in two orgs are two orgs' own units, people and projects.
    expect(await db.project.count()).toBe(2);
    expect(await db.person.count()).toBe(4);
  });

  it('matches a renamed project by its explicit 项目编号 and keeps its id', async () => {
    const withCode = (name: string) => csv(['项目编号,项目名称,总投资(万元),责任单位,责任人', `XM-001,${name},100,单位A,张三`]);
    await cli(db, [withCode('旧名称'), '--org', '丙县卫健局']);
    const before = await db.project.findFirstOrThrow({ where: { code: 'XM-001' } });
    const run = await cli(db, [withCode('新名称'), '--org', '丙县卫健局']);
    expect(run.out).toContain('XM-001 新名称（名称；原名「旧名称」）');
    const after = await db.project.findFirstOrThrow({ where: { code: 'XM-001' } });
    expect(after).toMatchObject({ id: before.id, name: '新名称' });
  });

  it('reads title rows from a list file as they are, not as the org name', async () => {
    const path = await readTableFile(fixture('project-list-utf8.csv'));
    expect(parseProjectTable(path).title).toBe('2026年示例县卫健局重点项目计划清单');
    expect(await db.org.count({ where: { name: '2026年示例县卫健局重点项目计划清单' } })).toBe(0);
  });
});

describe('rendering', () => {
  it('caps long lists', () => {
    const zh = translator('zh-CN');
    const added = Array.from({ length: 25 }, (_, i) => ({ code: String(i + 1), name: `项目${i + 1}` }));
    const lines = renderImportSummary(zh, { dryRun: false, orgName: '某县', orgCreated: false, added, changed: [], unchanged: 0, unchangedProjects: [], notInFile: [], unitsCreated: [], peopleCreated: [], peopleUpdated: [], retired: [], monthPlans: { year: 2026, listed: 0, added: 0 }, warnings: [], errors: [], applied: true });
    expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(21);
    expect(lines).toContain('  ……还有 5 条');
  });
});
