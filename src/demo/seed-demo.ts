// Loads the demo org (a county health bureau) with a few weeks of history, filed through the same
// use cases a person would use, so a newcomer sees the product working within a minute.
import { rmSync } from 'node:fs';
import type { CoreDeps } from '../core/context.ts';
import type { Actor } from '../core/people/resolve-actor.ts';
import { importProjects } from '../core/projects/import-projects.ts';
import { formatWan, FEN_PER_WAN } from '../core/rules/money.ts';
import { expectedShare } from '../core/rules/pace.ts';
import { formatWeek, shiftWeek, weekOf, weekStart } from '../core/rules/period.ts';
import { parseProjectTable } from '../core/rules/project-list.ts';
import { submitReport } from '../core/reports/submit-report.ts';
import { readOrgSettings } from '../core/settings.ts';
import { demoCoordinatorName, demoProjectTable } from './demo-projects.ts';

/** Where `npm start -- --demo` keeps its data unless DATABASE_URL says otherwise. */
export const DEMO_DATABASE_URL = 'file:./data/demo.db';

/** Removes the demo database files so each demo starts fresh. */
export function resetDemoDatabase(path = './data/demo.db'): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Problems and plans the demo owners write, cycled through the weeks. */
const DONE = ['完成主体结构第{n}层浇筑', '完成设备招标文件编制并挂网', '完成室内装修{n}0%', '完成管网铺设与基础验收', '完成设备到货验收{n}台', '完成平台接口联调'];
const PLANS = ['推进二次结构施工', '组织开标评标', '开展消防验收准备', '完成竣工资料整理', '组织设备安装调试'];
const PROBLEMS = ['施工用电增容审批未完成', '设备采购资金未完全到位', '部分村卫生室用地手续待办'];
/** Each demo project's distance from the expected pace, in 序时进度 points (🟢 under 10 behind, 🟡 10–30, 🔴 beyond). */
const PACE = [3, -5, -18, -38, 1, -22, 0, -7];
/** The project (by list position) that never reports in the demo. */
const NEVER_REPORTS = 6;

/**
 * Imports the demo project list (once) and files three weeks of reports (two back, last week, and
 * part of this week), relative to the clock. Returns the org and the coordinator's name.
 */
export async function seedDemo(deps: CoreDeps): Promise<{ orgName: string; coordinator: string }> {
  const parsed = parseProjectTable(demoProjectTable);
  if (parsed.errors.length) throw new Error(`demo project list is invalid: ${JSON.stringify(parsed.errors[0])}`);
  const summary = await importProjects(deps.db, { rows: parsed.rows, errors: [], dryRun: false, actorId: null, orgName: DEMO_ORG_NAME, timeZone: deps.defaults.timeZone, locale: deps.defaults.locale, now: deps.now() });
  const org = await deps.db.org.findUniqueOrThrow({ where: { name: DEMO_ORG_NAME } });
  await deps.db.person.upsert({
    where: { orgId_name: { orgId: org.id, name: demoCoordinatorName } },
    create: { orgId: org.id, name: demoCoordinatorName, isCoordinator: true },
    update: { isCoordinator: true },
  });
  if ((await deps.db.report.count({ where: { orgId: org.id } })) > 0 || summary.dryRun) return { orgName: org.name, coordinator: demoCoordinatorName };

  const projects = await deps.db.project.findMany({ where: { orgId: org.id }, include: { owner: true }, orderBy: { sortOrder: 'asc' } });
  const realNow = deps.now();
  const thisWeek = weekOf(realNow, org.timeZone);
  const settings = readOrgSettings(org.settings);
  const expected = expectedShare(realNow, org.timeZone, settings.digest.planCurve) * 100;
  // Weeks -3..-1 all (but one project skips -1, another is late), this week the first half; one
  // project (村卫生室设备配备) has not reported at all, and stands on its 本年已完成投资 from the list.
  for (const offset of [-3, -2, -1, 0]) {
    const week = shiftWeek(thisWeek, offset);
    for (const [index, project] of projects.entries()) {
      if (!project.owner || index === NEVER_REPORTS) continue;
      if (offset === 0 && index % 2 === 1) continue;
      if (offset === -1 && index === projects.length - 1) continue;
      const late = offset === -1 && index === projects.length - 2;
      // File on Wednesday 10:00 local, or on the next Monday for the late one.
      const filedAt = new Date(weekStart(week, org.timeZone).getTime() + (late ? 7 * 24 + 10 : 2 * 24 + 10) * 3_600_000);
      if (filedAt > realNow) continue;
      const step = 4 - offset * -1;
      const progress = Math.min(95, 20 + index * 7 + (offset + 4) * step);
      const plan = project.annualPlan;
      // A share of the plan around the expected pace (序时进度), a project's own distance from it, so
      // that the standings show a believable mix of 🟢🟡🔴 whenever the demo runs.
      const share = Math.min(100, Math.max(1, expected + (PACE[index] ?? 0) + offset * 1.5));
      const cumulative = (plan * BigInt(Math.round(share * 100))) / 10_000n;
      const invested = cumulative / 20n - (cumulative / 20n) % (FEN_PER_WAN / 100n);
      const n = offset + 5;
      const lines = [
        project.code,
        `周次: ${formatWeek(week)}`,
        `形象进度: ${progress}%`,
        `本周完成投资: ${formatWan(invested)}万`,
        `累计完成投资: ${formatWan(cumulative)}万`,
        `本周进展: ${(DONE[(index + n) % DONE.length] ?? '').replace('{n}', String(n))}`,
        `存在问题: ${index % 3 === 0 ? PROBLEMS[index % PROBLEMS.length] : '无'}`,
        `下周计划: ${PLANS[(index + n) % PLANS.length]}`,
        ...(late ? ['原因: 负责人外出培训，延后报送'] : []),
      ];
      const actor: Actor & { person: NonNullable<Actor['person']>; org: typeof org } = { org, person: project.owner, chat: null, locale: 'zh-CN', settings, boundNow: false };
      const result = await submitReport({ ...deps, now: () => filedAt }, actor, { text: lines.join('\n'), platform: 'sandbox', chatId: 'group' });
      if (result.kind !== 'stored') deps.log.warn('demo report not stored', { project: project.code, week: formatWeek(week), result: result.kind });
    }
  }
  return { orgName: org.name, coordinator: demoCoordinatorName };
}

export const DEMO_ORG_NAME = '示例县卫生健康局';
