// A known data set for the ledger tests, filed through the bot as people would (tests/support/world):
// the default county org (县人民医院: projects 1, 3, 4; 县中医院: project 2), weeks 2026-W46 and W47.
//
// 2026-W47 (deadline Friday 2026-11-20 17:00 Shanghai), exported on Sunday 2026-11-22 10:00:
//   1 城东院区  on time on Wednesday, then 更正 on Saturday (46 %, 本周 170, 累计 3250, reason given)
//   3 设备购置  on time, filed by the coordinator on the owner's behalf (30.5 %, 50.5, 500.25)
//   4 信息平台  missing (逾期未报)
//   2 中医院    补报 on Saturday (60 %, 80, 4000, reason given)
// 2026-W46: project 1 on time (40 %, 100, 3080). Problem #1 (project 1) is closed by the coordinator.
import { readFile } from 'node:fs/promises';
import type { PersonContext } from '../../../src/core/commands/context.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { resolveActor } from '../../../src/core/people/resolve-actor.ts';
import type { Incoming } from '../../../src/core/platform.ts';
import type { Db } from '../../../src/db/client.ts';
import { buildWorld, type World } from '../../support/world.ts';

export const ORG_NAME = '示例县卫生健康局';
/** Sunday 2026-11-22 10:00 in Shanghai: W47's deadline has passed, W48 has not begun. */
export const EXPORT_AT = '2026-11-22T02:00:00Z';
export const CORRECTION_REASON = '累计投资数据录入错误';
export const LATE_REASON = '负责人出差，延后报送';
export const CLOSE_NOTE = '已协调供电公司完成增容';

async function expectStored(world: World, name: string, text: string): Promise<void> {
  const reply = await world.say(name, text);
  if (!reply.includes('已收到')) throw new Error(`report not stored for ${name}:\n${text}\n→ ${reply}`);
}

/** Builds the org and files the known reports. The clock is left at EXPORT_AT. */
export async function buildLedgerWorld(db: Db): Promise<World> {
  const world = await buildWorld(db, { orgName: `${ORG_NAME}-${Math.random().toString(36).slice(2, 6)}` });
  // The title uses the org name: give it the plain name (org names are unique per database).
  await db.org.update({ where: { id: world.orgId }, data: { name: ORG_NAME } });

  world.at('2026-11-11T02:00:00Z'); // Wednesday of W46
  await expectStored(world, '张科长', '/report 1\n形象进度: 40%\n本周完成投资: 100万\n累计完成投资: 3080万\n本周进展: 主体结构第二层浇筑完成\n下周计划: 第三层施工');

  world.at('2026-11-18T02:00:00Z'); // Wednesday of W47
  await expectStored(
    world,
    '张科长',
    '/report 1\n形象进度: 45%\n本周完成投资: 120万\n累计完成投资: 3200万\n本周进展: 主体结构第三层浇筑完成, 进入"四层"施工\n存在问题: 施工用电增容审批未完成\n下周计划: 第四层钢筋绑扎',
  );
  world.at('2026-11-19T03:00:00Z'); // Thursday: the coordinator files for 刘站长
  await expectStored(world, '王主任', '/report 3\n形象进度: 30.5%\n本周完成投资: 50.5万\n累计完成投资: 500.25万\n本周进展: 设备招标完成\n下周计划: 签订合同');

  world.at('2026-11-21T02:00:00Z'); // Saturday, after Friday's deadline
  await expectStored(
    world,
    '张科长',
    `/report 1\n形象进度: 46%\n本周完成投资: 170万\n累计完成投资: 3250万\n本周进展: 主体结构第三层浇筑完成, 进入"四层"施工\n存在问题: 施工用电增容审批未完成\n下周计划: 第四层钢筋绑扎\n原因: ${CORRECTION_REASON}`,
  );
  await expectStored(world, '陈科长', `/report 2\n形象进度: 60%\n本周完成投资: 80万\n累计完成投资: 4000万\n本周进展: 综合楼装修\n存在问题: 资金拨付滞后\n下周计划: 消防验收\n原因: ${LATE_REASON}`);

  const closed = await world.say('王主任', `/close 1 ${CLOSE_NOTE}`);
  if (!closed.includes(CLOSE_NOTE)) throw new Error(`problem not closed: ${closed}`);

  world.at(EXPORT_AT);
  return world;
}

/** The context the router hands a command, for a person of the world speaking in the group. */
export async function personContext(world: World, name: string, text: string, extra: Partial<Incoming> = {}): Promise<PersonContext> {
  const incoming: Incoming = {
    platform: 'sandbox',
    eventId: `ctx-${Math.random()}`,
    chat: { id: `group-${world.orgId}`, kind: 'group' },
    sender: { id: name, displayName: name },
    text,
    receivedAt: world.deps.now(),
    ...extra,
  };
  const actor = await resolveActor(world.deps, incoming);
  if (!actor.person || !actor.org) throw new Error(`${name} is not bound`);
  const args = text.replace(/^\/\S+\s*/, '');
  return { deps: world.deps, incoming, actor: actor as PersonContext['actor'], t: translator(actor.locale), args, fetchFile: (file) => readFile(file.ref) };
}
