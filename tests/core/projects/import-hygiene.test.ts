// Import hygiene on both databases: 「吴建华（副局长）」 is the person 吴建华 with the title 副局长;
// people no project names any more are listed in the preview and retired when the import is
// applied (no messages); a blank 责任领导 is a warning by row; a re-import says old → new.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/import.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { NO_UNIT_NAME, splitNameTitle, parseProjectTable } from '../../../src/core/rules/project-list.ts';
import { loadAudience } from '../../../src/core/schedule/audience.ts';
import type { Db } from '../../../src/db/client.ts';
import { testPorts } from '../../support/ports.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-hygiene-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '序号,项目名称,总投资(万元),年度计划投资(万元),责任单位,责任领导,责任人';
const FIRST = [
  HEADER,
  '1,县医院城东院区感染防控中心工程,28645,10000,县人民医院,吴建华（副局长）,张科长',
  '2,县中医院综合楼,21874,6000,县中医院,赵院长,陈科长(总务科科长)',
  '3,乡镇卫生院设备购置,1399.98,1399.98,县人民医院,吴建华（副局长）,刘站长',
];

let files = 0;
function csv(lines: string[]): string {
  const path = join(dir, `list-${++files}.csv`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

async function cli(db: Db, args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await importCommand(args, { db, ports: testPorts(), out: (line) => lines.push(line), locale: 'zh-CN' });
  return { code, out: lines.join('\n') };
}

describe('a person’s cell', () => {
  it('keeps a bracketed title apart from the name', () => {
    expect(splitNameTitle('吴建华（副局长）')).toEqual({ name: '吴建华', title: '副局长' });
    expect(splitNameTitle('吴建华 (副局长)')).toEqual({ name: '吴建华', title: '副局长' });
    expect(splitNameTitle('吴建华【副局长】')).toEqual({ name: '吴建华', title: '副局长' });
    expect(splitNameTitle('吴建华')).toEqual({ name: '吴建华', title: '' });
  });

  it('warns by row about a blank 责任领导 or 责任单位 and still reads the row', () => {
    const parsed = parseProjectTable([HEADER.split(','), ['1', '县医院信息平台', '500', '500', '县人民医院', '', '张科长'], ['2', '县中医院综合楼', '100', '', '', '赵院长', '陈科长']]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.name, r.unit, r.unitBlank])).toEqual([['县医院信息平台', '县人民医院', false], ['县中医院综合楼', NO_UNIT_NAME, true]]);
    expect(parsed.warnings).toEqual([
      { row: 2, column: '责任领导', key: 'import.warning.no_leader', params: { name: '县医院信息平台' } },
      { row: 3, column: '责任单位', key: 'import.warning.no_unit', params: { name: '县中医院综合楼', unit: NO_UNIT_NAME } },
    ]);
  });
});

describeEachProvider('import hygiene', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('imports a row with a blank 责任单位 under 「（未填责任单位）」 and says so by row', async () => {
    const { code, out } = await cli(database.db, [csv([HEADER, '1,县医院信息平台,500,500,,吴建华,张科长', '2,县中医院综合楼,100,,县中医院,赵院长,陈科长']), '--org', '某县卫健局']);
    expect(code).toBe(0);
    expect(out).toContain('第 2 行「责任单位」：「县医院信息平台」没有填写责任单位，暂列在「（未填责任单位）」下。');
    const project = await database.db.project.findFirstOrThrow({ where: { name: '县医院信息平台' }, include: { unit: true } });
    expect(project.unit.name).toBe('（未填责任单位）');
    // The owner is not made a member of the placeholder unit.
    expect((await database.db.person.findFirstOrThrow({ where: { name: '张科长' } })).unitId).toBeNull();
    // Filling the unit in later moves the project, old → new.
    const again = await cli(database.db, [csv([HEADER, '1,县医院信息平台,500,500,县人民医院,吴建华,张科长', '2,县中医院综合楼,100,,县中医院,赵院长,陈科长']), '--org', '某县卫健局']);
    expect(again.out).toContain('责任单位 （未填责任单位） → 县人民医院');
    expect((await database.db.project.findFirstOrThrow({ where: { name: '县医院信息平台' }, include: { unit: true } })).unit.name).toBe('县人民医院');
  });

  it('stores 吴建华 with the title 副局长, so he can be found by his name', async () => {
    const { code } = await cli(database.db, [csv(FIRST), '--org', '某县卫健局']);
    expect(code).toBe(0);
    const wu = await database.db.person.findMany({ where: { name: { contains: '吴建华' } } });
    expect(wu.map((p) => [p.name, p.title, p.isLeader])).toEqual([['吴建华', '副局长', true]]);
    expect((await database.db.person.findFirstOrThrow({ where: { name: '陈科长' } })).title).toBe('总务科科长');
  });

  it('shows a blank 责任领导 as a warning by row and imports the row', async () => {
    const { code, out } = await cli(database.db, [csv([HEADER, '1,县医院信息平台,500,500,县人民医院,,张科长']), '--org', '某县卫健局']);
    expect(code).toBe(0);
    expect(out).toContain('提醒（不影响导入）：');
    expect(out).toContain('第 2 行「责任领导」：「县医院信息平台」没有填写责任领导');
    expect(await database.db.project.count()).toBe(1);
  });

  it('a re-import says old → new for every changed figure', async () => {
    await cli(database.db, [csv(FIRST), '--org', '某县卫健局']);
    const second = [HEADER, '1,县医院城东院区感染防控中心工程,30000,12000.5,县人民医院,吴建华（副局长）,张科长', FIRST[2] as string, '3,乡镇卫生院设备购置,1399.98,1399.98,县人民医院,吴建华（副局长）,王站长'];
    const { out } = await cli(database.db, [csv(second), '--org', '某县卫健局', '--dry-run']);
    expect(out).toContain('1 县医院城东院区感染防控中心工程（总投资 28645万元 → 30000万元；年度计划投资 10000万元 → 12000.5万元）');
    expect(out).toContain('3 乡镇卫生院设备购置（责任人 刘站长 → 王站长）');
  });

  it('lists people no project names any more, retires them when applied, and they get no messages', async () => {
    await cli(database.db, [csv(FIRST), '--org', '某县卫健局']);
    const org = await database.db.org.findFirstOrThrow();
    const coordinator = await database.db.person.create({ data: { orgId: org.id, name: '王主任', isCoordinator: true } });
    const liu = await database.db.person.findFirstOrThrow({ where: { name: '刘站长' } });
    await database.db.identity.create({ data: { personId: liu.id, platform: 'telegram', platformUserId: 'tg-liu', displayName: '刘站长' } });
    await database.db.chat.create({ data: { orgId: org.id, platform: 'telegram', platformChatId: '-1', kind: 'group', title: '群' } });
    const second = [FIRST[0] as string, FIRST[1] as string, FIRST[2] as string, '3,乡镇卫生院设备购置,1399.98,1399.98,县人民医院,吴建华（副局长）,王站长'];

    // The preview names them and changes nothing.
    const preview = await cli(database.db, [csv(second), '--org', '某县卫健局', '--dry-run']);
    expect(preview.out).toContain('以下人员已不在任何项目上，确认导入后将停用（不再收到任何消息）：刘站长');
    expect((await database.db.person.findUniqueOrThrow({ where: { id: liu.id } })).retiredAt).toBeNull();

    const applied = await cli(database.db, [csv(second), '--org', '某县卫健局']);
    expect(applied.out).toContain('停用后不再收到任何消息：刘站长');
    const retired = await database.db.person.findUniqueOrThrow({ where: { id: liu.id } });
    expect(retired.retiredAt).not.toBeNull();
    expect((await database.db.person.findUniqueOrThrow({ where: { id: coordinator.id } })).retiredAt).toBeNull();
    expect(await database.db.auditLog.count({ where: { action: 'person.retire', entityId: liu.id } })).toBe(1);
    const deps = { db: database.db, now: () => new Date(), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const }, log: silentLogger, ports: testPorts() };
    expect((await loadAudience(deps, org)).privateChat(retired)).toBeNull();

    // Back on a list, back in service.
    const back = await cli(database.db, [csv(FIRST), '--org', '某县卫健局']);
    expect(back.out).toContain('刘站长（重新列入清单）');
    expect((await database.db.person.findUniqueOrThrow({ where: { id: liu.id } })).retiredAt).toBeNull();
    expect(back.out).toContain('停用后不再收到任何消息：王站长');
  });
});
