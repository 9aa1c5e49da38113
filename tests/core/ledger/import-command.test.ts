// Importing a project list in chat: a dry-run preview with a confirm button, nothing changed until
// confirmed, confirm applies, a list with errors never applies. Both databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IMPORT_CONFIRM_ACTION } from '../../../src/core/ledger/import-command.ts';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import type { Reply } from '../../../src/core/commands/context.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildWorld, WAN, type World } from '../../support/world.ts';

const HEADER = '序号,项目名称,建设地点,建设内容及规模,总投资(万元),年度计划投资(万元),责任单位,责任领导,责任人,备注';
const LIST = [
  HEADER,
  '1,县医院城东院区感染防控中心工程,,,28645,10000,县人民医院,李院长,张科长,',
  '2,县中医院综合楼,龙浔镇,4.1万平方米综合楼,21874,7000,县中医院,赵院长,陈科长,',
  '3,乡镇卫生院设备购置,,,1399.98,1399.98,县人民医院,李院长,刘站长,',
  '4,县医院信息平台,,,800,500,县人民医院,李院长,张科长,',
  '5,中心村卫生室新建,各乡镇,10所中心村卫生室,600,600,县卫生健康局,李院长,何股长,',
].join('\r\n');

const text = (replies: Reply[]) => replies.map((r) => toPlainText(r.message)).join('\n');

describeEachProvider('project list import in chat', (provider) => {
  let database: TestDatabase;
  let world: World;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const projectState = async () =>
    (await database.db.project.findMany({ where: { orgId: world.orgId }, orderBy: { code: 'asc' } })).map((p) => [p.code, p.name, p.location, p.annualPlan]);

  /** Sends a file with /import as a person; the adapter would have saved it at `path`. */
  async function sendFile(name: string, fileName: string, contents: string): Promise<Reply[]> {
    const path = join(dir, `upload-${fileName}`);
    writeFileSync(path, contents);
    return world.send(name, '/import', { file: { name: fileName, path } });
  }

  it('previews the import with a confirm button and changes nothing until confirmed', async () => {
    const before = await projectState();
    const replies = await sendFile('王主任', '项目清单.csv', LIST);
    const preview = text(replies);
    expect(preview).toContain('导入预览（尚未保存）：项目清单.csv');
    expect(preview).toContain('新增 1 个项目，修改 1 个，3 个不变。');
    expect(preview).toContain('5 中心村卫生室新建');
    expect(preview).toMatch(/2 县中医院综合楼（.*年度计划投资.*）/);
    expect(preview).not.toContain('--dry-run');
    expect(replies[0]!.message.buttons?.map((b) => b.action)).toEqual([IMPORT_CONFIRM_ACTION, 'draft:cancel']);
    expect(await projectState()).toEqual(before);
    const draft = await database.db.draft.findFirst({ where: { orgId: world.orgId } });
    expect(draft?.kind).toBe('import');

    const applied = text(await world.send('王主任', '', { action: IMPORT_CONFIRM_ACTION }));
    expect(applied).toContain('已导入项目清单：项目清单.csv');
    expect(applied).toContain('新增 1 个项目，修改 1 个，3 个不变。');
    const after = await database.db.project.findMany({ where: { orgId: world.orgId }, orderBy: { code: 'asc' } });
    expect(after.map((p) => p.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(after.find((p) => p.code === '2')).toMatchObject({ location: '龙浔镇', annualPlan: 7000n * WAN });
    expect(await database.db.draft.count({ where: { orgId: world.orgId } })).toBe(0);

    // A second confirm has nothing to do.
    expect(text(await world.send('王主任', '确认'))).toContain('没有待确认的填报或导入');
  });

  it('reports errors by row, offers no button and never applies', async () => {
    const before = await projectState();
    const bad = [HEADER, '1,县医院城东院区感染防控中心工程,,,28645,10000,县人民医院,李院长,张科长,', '2,县中医院综合楼,,,两万,6000,县中医院,赵院长,陈科长,', '3,新项目,,,100,200,县中医院,赵院长,,'].join('\n');
    const replies = await sendFile('王主任', 'bad.csv', bad);
    const reply = text(replies);
    expect(reply).toContain('第 3 行');
    expect(reply).toContain('第 4 行');
    expect(reply).toContain('没有导入任何内容');
    expect(replies[0]!.message.buttons).toBeUndefined();
    expect(await database.db.draft.count({ where: { orgId: world.orgId } })).toBe(0);
    expect(text(await world.send('王主任', '确认'))).toContain('没有待确认的填报或导入');
    expect(await projectState()).toEqual(before);
  });

  it('explains how to send a file, says when nothing would change, and refuses non-coordinators', async () => {
    expect(text(await world.send('王主任', '/import'))).toContain('作为文件发给我');
    const same = LIST.split('\r\n').slice(0, 5).join('\r\n').replace('龙浔镇,4.1万平方米综合楼,21874,7000', ',,21874,6000');
    expect(text(await sendFile('王主任', 'same.csv', same))).toContain('无需导入');
    expect(text(await sendFile('李院长', 'list.csv', LIST))).toContain('只有项目办');
    expect(text(await sendFile('王主任', 'list.pdf', 'not a table'))).toContain('「list.pdf」不是项目清单文件');
    expect(await database.db.draft.count({ where: { orgId: world.orgId } })).toBe(0);
  });

  it('keeps its own copy of the file, so the adapter may delete the download before confirm', async () => {
    const path = join(dir, 'upload.csv');
    writeFileSync(path, LIST);
    await world.send('王主任', '/import', { file: { name: '清单.csv', path } });
    rmSync(path);
    expect(text(await world.send('王主任', '确认'))).toContain('已导入项目清单');
    expect(await database.db.project.count({ where: { orgId: world.orgId } })).toBe(5);
  });
});
