// A small org for the scheduler's tests, built directly with Prisma: a county health bureau with
// two units, a coordinator, two leaders and three owners bound to Telegram accounts, a Telegram
// group, and four projects. A movable clock, a way to file reports, to run commands, and to read
// what the scheduler queued.
import type { Reply } from '../../src/core/commands/context.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { silentLogger } from '../../src/core/context.ts';
import { testPorts } from '../support/ports.ts';
import { toPlainText, type OutboundMessage } from '../../src/core/messages/outbound.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { handleIncoming } from '../../src/core/router.ts';
import type { JobHandlers } from '../../src/core/schedule/job-handlers.ts';
import type { Db } from '../../src/db/client.ts';
import type { Org, Person, Project } from '../../src/db/generated/sqlite/client.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';

export const GROUP_CHAT = '-1001';

/** Telegram account of a person in the fixture: "tg-<name>". */
export const tg = (name: string) => `tg-${name}`;

const PEOPLE = [
  { name: '王主任', coordinator: true },
  { name: '李院长', leader: true, unit: '县人民医院' },
  { name: '赵院长', leader: true, unit: '县中医院' },
  { name: '张科长', owner: true, unit: '县人民医院' },
  { name: '陈科长', owner: true, unit: '县中医院' },
  { name: '刘站长', owner: true, unit: '县人民医院' },
];

const PROJECTS = [
  { code: '1', name: '县医院城东院区感染防控中心工程', unit: '县人民医院', leader: '李院长', owner: '张科长' },
  { code: '2', name: '县中医院综合楼', unit: '县中医院', leader: '赵院长', owner: '陈科长' },
  { code: '3', name: '乡镇卫生院设备购置', unit: '县人民医院', leader: '李院长', owner: '刘站长' },
  { code: '4', name: '县医院信息平台', unit: '县人民医院', leader: '李院长', owner: '张科长' },
];

export interface OutboxEntry {
  key: string;
  chatId: string;
  text: string;
  message: OutboundMessage;
  createdAt: Date;
}

export interface Fixture {
  db: Db;
  org: Org;
  deps: CoreDeps;
  /** The summary jobs' handlers the fixture's schedulers use (none until a test sets one). */
  handlers: JobHandlers;
  person(name: string): Person;
  project(code: string): Project;
  /** Sets the clock (an ISO instant). */
  at(iso: string): void;
  now(): Date;
  scheduler(options?: { db?: Db; instanceId?: string }): Scheduler;
  /** Files a report for a project and week directly in the store. */
  file(code: string, period: string, options?: { late?: boolean }): Promise<void>;
  /** Everything queued so far, oldest first. */
  outbox(): Promise<OutboxEntry[]>;
  /** Runs a schedule command as a person, in the group (default) or in private. */
  command(name: string, command: string, args: string, chat?: 'group' | 'private'): Promise<Reply[]>;
  /** Updates the org's stored settings (merged over the current ones). */
  setSettings(patch: Record<string, unknown>): Promise<void>;
}

export async function buildFixture(db: Db, options: { timeZone?: string; now?: string } = {}): Promise<Fixture> {
  const org = await db.org.create({ data: { name: `测试县卫健局-${Math.random().toString(36).slice(2, 8)}`, timeZone: options.timeZone ?? 'Asia/Shanghai' } });
  const units = new Map<string, string>();
  for (const name of ['县人民医院', '县中医院']) units.set(name, (await db.unit.create({ data: { orgId: org.id, name, sortOrder: units.size } })).id);
  const people = new Map<string, Person>();
  for (const p of PEOPLE) {
    const person = await db.person.create({
      data: { orgId: org.id, name: p.name, isCoordinator: p.coordinator ?? false, isLeader: p.leader ?? false, isOwner: p.owner ?? false, unitId: p.unit ? (units.get(p.unit) ?? null) : null },
    });
    await db.identity.create({ data: { personId: person.id, platform: 'telegram', platformUserId: tg(p.name), displayName: p.name } });
    people.set(p.name, person);
  }
  const projects = new Map<string, Project>();
  for (const [index, p] of PROJECTS.entries()) {
    const project = await db.project.create({
      data: {
        orgId: org.id,
        code: p.code,
        name: p.name,
        unitId: units.get(p.unit) ?? '',
        leaderId: people.get(p.leader)?.id ?? null,
        ownerId: people.get(p.owner)?.id ?? null,
        totalInvestment: 1_000_000_000n,
        annualPlan: 500_000_000n,
        sortOrder: index,
        createdAt: new Date('2026-01-01T00:00:00Z'),
      },
    });
    projects.set(p.code, project);
  }
  await db.chat.create({ data: { orgId: org.id, platform: 'telegram', platformChatId: GROUP_CHAT, kind: 'group', title: '项目群' } });

  let now = new Date(options.now ?? '2026-11-16T00:00:00Z');
  const deps: CoreDeps = { db, now: () => new Date(now), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' }, log: silentLogger, ports: testPorts() };
  const handlers: JobHandlers = {};
  let seq = 0;

  const fixture: Fixture = {
    db,
    org,
    deps,
    handlers,
    person: (name) => {
      const p = people.get(name);
      if (!p) throw new Error(`no person ${name}`);
      return p;
    },
    project: (code) => {
      const p = projects.get(code);
      if (!p) throw new Error(`no project ${code}`);
      return p;
    },
    at(iso) {
      now = new Date(iso);
    },
    now: () => new Date(now),
    scheduler(opts = {}) {
      return new Scheduler({ deps: { ...deps, db: opts.db ?? db }, handlers, instanceId: opts.instanceId ?? 'test-instance' });
    },
    async file(code, period, opts = {}) {
      const project = fixture.project(code);
      await db.report.create({
        data: { orgId: org.id, projectId: project.id, period, revision: 1, authorId: project.ownerId ?? '', late: opts.late ?? false, firstFiledAt: new Date(now), filedAt: new Date(now), progress: 50 },
      });
    },
    async outbox() {
      const rows = await db.outbox.findMany({ where: { orgId: org.id }, orderBy: [{ createdAt: 'asc' }, { key: 'asc' }] });
      return rows.map((r) => {
        const message = JSON.parse(r.message) as OutboundMessage;
        return { key: r.key, chatId: r.platformChatId, text: toPlainText(message), message, createdAt: r.createdAt };
      });
    },
    async command(name, command, args, chat = 'group') {
      const incoming: Incoming = {
        platform: 'telegram',
        eventId: `e${++seq}`,
        chat: { id: chat === 'group' ? GROUP_CHAT : tg(name), kind: chat },
        sender: { id: tg(name), displayName: name },
        text: `/${command} ${args}`,
        receivedAt: new Date(now),
      };
      return handleIncoming(deps, incoming);
    },
    async setSettings(patch) {
      const current = await db.org.findUniqueOrThrow({ where: { id: org.id } });
      const merged = deepMerge(JSON.parse(current.settings) as Record<string, unknown>, patch);
      await db.org.update({ where: { id: org.id }, data: { settings: JSON.stringify(merged) } });
    },
  };
  return fixture;
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const prev = out[key];
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object' ? deepMerge(prev as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** Plain text of replies, joined. */
export function repliesText(replies: Reply[]): string {
  return replies.map((r) => toPlainText(r.message)).join('\n---\n');
}
