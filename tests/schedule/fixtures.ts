// A small org for the scheduler's tests, seeded by the shared seedOrg (tests/support/world.ts): a county health bureau with
// two units, a coordinator, two leaders and three owners bound to Telegram accounts, a Telegram
// group, and four projects. A movable clock, a way to file reports, to run commands, and to read
// what the scheduler queued.
import type { Reply } from '../../src/core/commands/context.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { silentLogger } from '../../src/core/context.ts';
import { testPorts } from '../support/ports.ts';
import { DEFAULT_PEOPLE, DEFAULT_PROJECTS, seedOrg, type WorldPerson, type WorldProject } from '../support/world.ts';
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

/** The shared world's people, bound to Telegram by account id ("tg-<name>") rather than by username. */
const PEOPLE: WorldPerson[] = DEFAULT_PEOPLE.map(({ telegramUsername: _, ...person }) => person);

/** The shared world's projects, each 1000万 in total with a 500万 plan this year. */
const PROJECTS: WorldProject[] = DEFAULT_PROJECTS.map((project) => ({ ...project, totalWan: 1000, planWan: 500 }));

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
  const { org, people, projects } = await seedOrg(db, {
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    people: PEOPLE,
    projects: PROJECTS,
    groupChat: { platform: 'telegram', platformChatId: GROUP_CHAT },
    identities: { platform: 'telegram', userId: tg },
    projectsCreatedAt: new Date('2026-01-01T00:00:00Z'),
  });

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
