// A small org built directly in the database, and a way to talk to the bot as one of its people.
// Shared by core, schedule and adapter tests (data factories, as the house design asks).
import { readFile } from 'node:fs/promises';
import type { CoreDeps } from '../../src/core/context.ts';
import { silentLogger } from '../../src/core/context.ts';
import { testPorts } from './ports.ts';
import { toPlainText } from '../../src/core/messages/outbound.ts';
import type { ChatKind, Platform } from '../../src/core/model.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { handleIncoming, type Reply } from '../../src/core/router.ts';
import type { Db } from '../../src/db/client.ts';
import type { Org, Person, Project } from '../../src/db/generated/sqlite/client.ts';

export const WAN = 1_000_000n;

export interface WorldPerson {
  name: string;
  coordinator?: boolean;
  leader?: boolean;
  owner?: boolean;
  unit?: string;
  telegramUsername?: string;
}

export interface WorldProject {
  code: string;
  name: string;
  unit: string;
  leader: string;
  owner: string;
  totalWan: number;
  planWan: number;
}

/** The default test org: a county health bureau with two units, two leaders, three owners. */
export const DEFAULT_PEOPLE: WorldPerson[] = [
  { name: '王主任', coordinator: true },
  { name: '李院长', leader: true, unit: '县人民医院' },
  { name: '赵院长', leader: true, unit: '县中医院' },
  { name: '张科长', owner: true, unit: '县人民医院', telegramUsername: 'zhang_kz' },
  { name: '陈科长', owner: true, unit: '县中医院' },
  { name: '刘站长', owner: true, unit: '县人民医院' },
];

export const DEFAULT_PROJECTS: WorldProject[] = [
  { code: '1', name: '县医院城东院区感染防控中心工程', unit: '县人民医院', leader: '李院长', owner: '张科长', totalWan: 28645, planWan: 10000 },
  { code: '2', name: '县中医院综合楼', unit: '县中医院', leader: '赵院长', owner: '陈科长', totalWan: 21874, planWan: 6000 },
  { code: '3', name: '乡镇卫生院设备购置', unit: '县人民医院', leader: '李院长', owner: '刘站长', totalWan: 1399.98, planWan: 1399.98 },
  { code: '4', name: '县医院信息平台', unit: '县人民医院', leader: '李院长', owner: '张科长', totalWan: 800, planWan: 500 },
];

export interface World {
  orgId: string;
  deps: CoreDeps;
  /** Sets the clock. */
  at(iso: string): void;
  /** Sends a message as a person (by name) and returns the replies. */
  send(
    name: string,
    text: string,
    options?: { chat?: ChatKind; platform?: Platform; replyContext?: string; action?: string; senderId?: string; addressed?: boolean; eventId?: string; file?: { name: string; path: string } },
  ): Promise<Reply[]>;
  /** Sends and returns the replies as plain text, joined. */
  say(name: string, text: string, options?: Parameters<World['send']>[2]): Promise<string>;
  personId(name: string): Promise<string>;
}

function wanToFen(wan: number): bigint {
  const [whole = '0', fraction = ''] = String(wan).split('.');
  return BigInt(whole) * WAN + BigInt((fraction + '000000').slice(0, 6));
}

export interface SeedOptions {
  orgName?: string;
  timeZone?: string;
  people?: WorldPerson[];
  projects?: WorldProject[];
  /** The org's group chat; by default a sandbox group named after the org ("group-<org id>"). */
  groupChat?: { platform: Platform; platformChatId: string };
  /** Binds every person to an account on this platform, the account id made from the name. */
  identities?: { platform: Platform; userId: (name: string) => string };
  /** When the projects were created (default: now). */
  projectsCreatedAt?: Date;
}

export interface SeededOrg {
  org: Org;
  /** Unit ids by name. */
  units: Map<string, string>;
  people: Map<string, Person>;
  /** Projects by code. */
  projects: Map<string, Project>;
}

/**
 * Writes the org directly in the database: units (in order of first mention), people, projects and
 * the group chat. The one place test orgs are built; buildWorld and the scheduler's buildFixture
 * both start here.
 */
export async function seedOrg(db: Db, options: SeedOptions = {}): Promise<SeededOrg> {
  const org = await db.org.create({ data: { name: options.orgName ?? `测试县卫健局-${Math.random().toString(36).slice(2, 8)}`, timeZone: options.timeZone ?? 'Asia/Shanghai' } });
  const units = new Map<string, string>();
  const unitId = async (name: string) => {
    if (!units.has(name)) units.set(name, (await db.unit.create({ data: { orgId: org.id, name, sortOrder: units.size } })).id);
    return units.get(name) as string;
  };
  const people = new Map<string, Person>();
  for (const p of options.people ?? DEFAULT_PEOPLE) {
    const person = await db.person.create({
      data: {
        orgId: org.id,
        name: p.name,
        isCoordinator: p.coordinator ?? false,
        isLeader: p.leader ?? false,
        isOwner: p.owner ?? false,
        unitId: p.unit ? await unitId(p.unit) : null,
        telegramUsername: p.telegramUsername ?? null,
      },
    });
    if (options.identities) {
      await db.identity.create({ data: { personId: person.id, platform: options.identities.platform, platformUserId: options.identities.userId(p.name), displayName: p.name } });
    }
    people.set(p.name, person);
  }
  const projects = new Map<string, Project>();
  for (const [index, p] of (options.projects ?? DEFAULT_PROJECTS).entries()) {
    const project = await db.project.create({
      data: {
        orgId: org.id,
        code: p.code,
        name: p.name,
        unitId: await unitId(p.unit),
        leaderId: people.get(p.leader)?.id ?? null,
        ownerId: people.get(p.owner)?.id ?? null,
        totalInvestment: wanToFen(p.totalWan),
        annualPlan: wanToFen(p.planWan),
        sortOrder: index,
        ...(options.projectsCreatedAt ? { createdAt: options.projectsCreatedAt } : {}),
      },
    });
    projects.set(p.code, project);
  }
  const chat = options.groupChat ?? { platform: 'sandbox', platformChatId: `group-${org.id}` };
  await db.chat.create({ data: { orgId: org.id, platform: chat.platform, platformChatId: chat.platformChatId, kind: 'group', title: '项目群' } });
  return { org, units, people, projects };
}

/** Builds the org (people bound to sandbox accounts by name) and returns a way to talk to the bot. */
export async function buildWorld(
  db: Db,
  options: { orgName?: string; timeZone?: string; people?: WorldPerson[]; projects?: WorldProject[]; now?: string } = {},
): Promise<World> {
  const { org, people } = await seedOrg(db, options);

  let now = new Date(options.now ?? '2026-11-18T02:00:00Z'); // Wednesday 10:00 in Shanghai, 2026-W47
  const deps: CoreDeps = { db, now: () => new Date(now), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' }, log: silentLogger, ports: testPorts() };
  let seq = 0;
  const world: World = {
    orgId: org.id,
    deps,
    at(iso) {
      now = new Date(iso);
    },
    async send(name, text, opts = {}) {
      const chat = opts.chat ?? 'group';
      const incoming: Incoming = {
        platform: opts.platform ?? 'sandbox',
        eventId: opts.eventId ?? `e${++seq}-${Math.random()}`,
        chat: { id: chat === 'group' ? `group-${org.id}` : name, kind: chat, title: '项目群' },
        sender: { id: opts.senderId ?? name, displayName: name },
        text,
        receivedAt: new Date(now),
        ...(opts.replyContext ? { replyContext: opts.replyContext } : {}),
        ...(opts.action ? { action: opts.action } : {}),
        ...(opts.addressed ? { addressed: true } : {}),
        ...(opts.file ? { file: { name: opts.file.name, ref: opts.file.path } } : {}),
      };
      // An attached file is a path on this machine, read only if the command asks for it (as in the sandbox).
      return handleIncoming(deps, incoming, { fetchFile: (file) => readFile(file.ref) });
    },
    async say(name, text, opts) {
      return (await world.send(name, text, opts)).map((r) => toPlainText(r.message)).join('\n---\n');
    },
    async personId(name) {
      return people.get(name)?.id ?? '';
    },
  };
  return world;
}
