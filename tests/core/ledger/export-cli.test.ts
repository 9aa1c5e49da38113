// `npm run cli -- export`: the ledger to a path, and the project list in the import's layout so
// that exporting and re-importing changes nothing. Both databases.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exportCommand } from '../../../src/cli/export.ts';
import { importProjects } from '../../../src/core/projects/import-projects.ts';
import { parseProjectTable } from '../../../src/core/rules/project-list.ts';
import { readTableFile } from '../../../src/io/read-table.ts';
import { PROJECT_LIST_HEADERS } from '../../../src/io/write-project-list.ts';
import { testPorts } from '../../support/ports.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import type { World } from '../../support/world.ts';
import { buildLedgerWorld, EXPORT_AT, ORG_NAME } from './ledger-fixture.ts';

describeEachProvider('export CLI', (provider) => {
  let database: TestDatabase;
  let world: World;
  let dir: string;
  let lines: string[];

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildLedgerWorld(database.db);
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    lines = [];
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => exportCommand(argv, { db: database.db, out: (line) => lines.push(line), locale: 'zh-CN', now: () => new Date(EXPORT_AT), ports: testPorts() });

  it('writes the week ledger to --out and prints a summary', async () => {
    const out = join(dir, 'ledger.xlsx');
    expect(await run('--week', '2026-W47', '--out', out)).toBe(0);
    expect(lines.join('\n')).toContain('2026-W47 进度台账（XLSX）：4 个项目');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['周报台账', '修改记录', '问题清单', '报送率']);
    expect(workbook.getWorksheet('周报台账')!.getCell('A1').value).toBe(`${ORG_NAME}重点项目进度台账（2026年第47周 11月16日—11月22日）`);
  });

  it('writes a month as CSV with --org, and refuses bad usage', async () => {
    const out = join(dir, 'month.csv');
    expect(await run('--month', '2026-11', '--csv', '--out', out, '--org', ORG_NAME)).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFF序号,项目名称')).toBe(true);
    expect(csv).toContain('本月完成投资(万元)');
    expect(await run('--week', '2026-W47', '--month', '2026-11')).toBe(2);
    expect(await run('--bogus')).toBe(2);
    expect(await run('--week', 'next')).toBe(2);
    expect(await run('--org', '没有这个局')).toBe(1);
    expect(existsSync(join(dir, 'ledger.xlsx'))).toBe(false);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    it(`round-trips the project list as ${format}: exported and re-imported, nothing changes`, async () => {
      // Contact hints and awkward text (quotes, commas, line breaks) must survive the trip.
      const zhang = await world.personId('张科长');
      await database.db.person.update({ where: { id: zhang }, data: { larkEmail: 'zhang@example.cn', larkMobile: '13800138000' } });
      await database.db.person.update({ where: { id: await world.personId('李院长') }, data: { telegramUsername: 'li_yz' } });
      await database.db.project.updateMany({
        where: { orgId: world.orgId, code: '2' },
        data: { location: '龙浔镇', scope: '4.1万平方米综合楼, 附属楼"二期"\n新增床位200张', note: '含设备, 分两批' },
      });
      const snapshot = async () => ({
        projects: (await database.db.project.findMany({ where: { orgId: world.orgId }, include: { unit: true, leader: true, owner: true }, orderBy: { sortOrder: 'asc' } })).map((p) => ({
          code: p.code,
          name: p.name,
          location: p.location,
          scope: p.scope,
          total: p.totalInvestment,
          plan: p.annualPlan,
          unit: p.unit.name,
          leader: p.leader?.name,
          owner: p.owner?.name,
          note: p.note,
          status: p.status,
          sortOrder: p.sortOrder,
        })),
        people: (await database.db.person.findMany({ where: { orgId: world.orgId }, orderBy: { name: 'asc' } })).map((p) => [p.name, p.isLeader, p.isOwner, p.isCoordinator, p.telegramUsername, p.larkEmail, p.larkMobile, p.unitId]),
        units: (await database.db.unit.findMany({ where: { orgId: world.orgId }, orderBy: { name: 'asc' } })).map((u) => [u.name, u.sortOrder]),
      });
      const before = await snapshot();

      const out = join(dir, `projects.${format}`);
      expect(await run('--projects', '--out', out)).toBe(0);
      expect(lines.join('\n')).toContain('4 projects');

      const table = await readTableFile(out);
      expect(table[0]).toEqual([...PROJECT_LIST_HEADERS]);
      const parsed = parseProjectTable(table);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows.map((r) => [r.code, r.totalInvestment])).toEqual([
        ['1', 28_645_000_000n],
        ['2', 21_874_000_000n],
        ['3', 1_399_980_000n],
        ['4', 800_000_000n],
      ]);
      const input = { orgName: ORG_NAME, rows: parsed.rows, errors: parsed.errors, actorId: null, timeZone: 'Asia/Shanghai', locale: 'zh-CN' };
      const dry = await importProjects(database.db, { ...input, dryRun: true });
      expect(dry).toMatchObject({ added: [], changed: [], unchanged: 4, notInFile: [], unitsCreated: [], peopleCreated: [], errors: [] });
      const applied = await importProjects(database.db, { ...input, dryRun: false });
      expect(applied).toMatchObject({ applied: true, added: [], changed: [], unchanged: 4 });
      expect(await snapshot()).toEqual(before);
    });
  }
});
