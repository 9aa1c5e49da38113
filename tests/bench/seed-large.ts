// Seeds a big org fast, for the benchmarks: units, people, projects and a report (with its first
// revision) per project and week, shaped as the app itself writes them (see import-projects.ts and
// submit-report.ts), but with multi-row INSERTs instead of one use case call per row. Deterministic:
// the same options give the same rows (the PRNG of tests/support/prng.ts).
import { formatWan, FEN_PER_WAN } from '../../src/core/rules/money.ts';
import { formatWeek, parseWeekId, shiftWeek, weekStart, type IsoWeek } from '../../src/core/rules/period.ts';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Db, Tx } from '../../src/db/client.ts';
import { prng } from '../support/prng.ts';

export interface LargeOrgOptions {
  projects: number;
  /** Weeks of history per project, ending with `endWeek`. */
  weeks: number;
  owners: number;
  /** Default: one per 200 projects, at least 2, at most 50. */
  leaders?: number;
  /** 责任单位. Default: one per 50 projects, at least 4, at most 200. */
  units?: number;
  /** ISO week, e.g. '2026-W46': the last week with history. */
  endWeek: string;
  /** Bind the coordinator, owners and leaders to Telegram accounts and add the group chat. */
  telegram?: boolean;
  timeZone?: string;
  /** Varies names, ids and figures, so several orgs can share a database. Default 1. */
  seed?: number;
  /** Default: '压测县卫生健康局' plus the seed when it is not 1. */
  orgName?: string;
}

export interface LargeOrg {
  orgId: string;
  orgName: string;
  coordinator: { personId: string; name: string; telegramUserId?: string };
  owners: Array<{ personId: string; name: string; telegramUserId?: string; projectCodes: string[] }>;
  leaders: Array<{ personId: string; name: string; telegramUserId?: string }>;
  /** The Telegram group chat id (with `telegram`). */
  telegramGroupChatId?: string;
  projectCount: number;
  reportCount: number;
  problemCount: number;
}

type Provider = 'sqlite' | 'postgresql';
type Value = string | number | bigint | boolean | Date | null;
type Row = Record<string, Value>;

const BASE_UNITS = ['县人民医院', '县中医院', '县妇幼保健院', '县疾病预防控制中心', '县卫生健康局规划发展股', '县精神卫生中心', '县急救中心', '县卫生监督所'];
const TOWNS = ['城关', '青溪', '石门', '白沙', '桃源', '龙潭', '金桥', '新塘', '柳营', '河口', '松坪', '凤凰', '双河', '梅林', '高桥', '长岭', '黄土', '马鞍', '三江', '云台'];
const KINDS = ['门诊综合楼改扩建工程', '医技楼改造及设备更新', '新院区建设', '医疗设备购置', '村卫生室建设', '信息平台建设', '发热门诊改造', '污水处理站提标改造', '住院楼新建工程', '康养中心建设'];
const SCOPES = ['新建业务用房及附属设施', '改造既有用房并更新设备', '购置DR、彩超、CT等设备', '建设县乡村三级信息互联平台'];
const DONE = ['完成主体结构第{n}层浇筑', '完成设备招标文件编制并挂网', '完成室内装修{n}0%', '完成管网铺设与基础验收', '完成设备到货验收{n}台', '完成平台接口联调'];
const PLANS = ['推进二次结构施工', '组织开标评标', '开展消防验收准备', '完成竣工资料整理', '组织设备安装调试'];
const PROBLEMS = ['施工用电增容审批未完成', '设备采购资金未完全到位', '部分用地手续待办', '施工图审查意见未回复', '冬季停工影响工期'];
const HELP = ['请协调供电公司加快用电增容审批', '请财政局尽快拨付第二批资金', '请自然资源局协助办理用地手续'];

/** Telegram user ids start here (private chat id = user id). */
const TELEGRAM_USER_BASE = 7_000_000_000;

function providerOf(db: Db): Provider {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`seedLargeOrg: unknown provider ${String(provider)}`);
  return provider;
}

/** A value as an SQL literal of the provider's column (what Prisma itself writes: see the note on dates). */
function literal(provider: Provider, value: Value): string {
  if (value === null) return 'NULL';
  // Prisma's SQLite adapter keeps DateTime as ISO text with an explicit offset; PostgreSQL's timestamp(3) holds UTC.
  if (value instanceof Date) return provider === 'sqlite' ? `'${value.toISOString().replace('Z', '+00:00')}'` : `'${value.toISOString()}'`;
  if (typeof value === 'boolean') return provider === 'sqlite' ? (value ? '1' : '0') : value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`seedLargeOrg: ${value} is not a finite number`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Rows per INSERT statement: large enough to amortise each statement, small enough to stay cheap to build. */
const ROWS_PER_STATEMENT = 1_000;

/** Writes batches of rows, each batch in one transaction. */
interface Writer {
  /** Inserts the tables' rows (in the order given) in one transaction. */
  write(tables: [table: string, rows: Row[]][]): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL (and SQLite in memory): multi-row INSERTs through the client. The values are generated
 * here, never typed by anyone, so they go in as literals: binding ~20 parameters per row through the
 * driver adapter was several times slower.
 */
function clientWriter(db: Db, provider: Provider): Writer {
  return {
    async write(tables) {
      await db.$transaction(
        async (tx: Tx) => {
          for (const sql of insertStatements(provider, null, tables)) await tx.$executeRawUnsafe(sql);
        },
        { maxWait: 30_000, timeout: 600_000 },
      );
    },
    async close() {},
  };
}

/** Multi-row INSERT statements with literal values, ROWS_PER_STATEMENT rows each. */
function* insertStatements(provider: Provider, schema: string | null, tables: [string, Row[]][]): Generator<string> {
  for (const [table, rows] of tables) {
    const first = rows[0];
    if (!first) continue;
    const columns = Object.keys(first);
    const columnList = columns.map((c) => `"${c}"`).join(', ');
    const target = schema ? `"${schema}"."${table}"` : `"${table}"`;
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const tuples: string[] = [];
      for (let r = start; r < Math.min(rows.length, start + ROWS_PER_STATEMENT); r++) {
        const row = rows[r] as Row;
        tuples.push(`(${columns.map((c) => literal(provider, row[c] ?? null)).join(', ')})`);
      }
      yield `INSERT INTO ${target} (${columnList}) VALUES ${tuples.join(', ')}`;
    }
  }
}

/**
 * PostgreSQL: a connection of its own (node-postgres, as the adapter uses), with the adapter's
 * settings, sending the same multi-row INSERTs without the client's query pipeline (twice as fast).
 */
async function postgresWriter(config: pg.ClientConfig, schema: string): Promise<Writer> {
  const client = new pg.Client(config);
  await client.connect();
  return {
    async write(tables) {
      await client.query('BEGIN');
      try {
        for (const sql of insertStatements('postgresql', schema, tables)) await client.query(sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * SQLite on a file: a second connection (better-sqlite3, as the adapter uses) with one prepared
 * statement per table. Several times faster than statements through the client, whose query
 * pipeline is built for small queries. WAL lets the client read everything once committed.
 */
function sqliteFileWriter(path: string): Writer {
  const conn = new BetterSqlite3(path, { timeout: 10_000 });
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  const statements = new Map<string, { columns: string[]; statement: BetterSqlite3.Statement }>();
  const prepared = (table: string, first: Row) => {
    const columns = Object.keys(first);
    const key = `${table}|${columns.join(',')}`;
    let entry = statements.get(key);
    if (!entry) {
      entry = { columns, statement: conn.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`) };
      statements.set(key, entry);
    }
    return entry;
  };
  const bind = (value: Value): string | number | bigint | null => {
    if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  };
  const run = conn.transaction((tables: [string, Row[]][]) => {
    for (const [table, rows] of tables) {
      const first = rows[0];
      if (!first) continue;
      const { columns, statement } = prepared(table, first);
      for (const row of rows) statement.run(columns.map((c) => bind(row[c] ?? null)));
    }
  });
  return {
    async write(tables) {
      run(tables);
    },
    async close() {
      conn.close();
    },
  };
}

/** The fastest writer for the database behind `db`. */
async function writerFor(db: Db, provider: Provider): Promise<Writer> {
  if (provider === 'sqlite') {
    const files = await db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list');
    const file = files.find((f) => f.name === 'main')?.file;
    if (file) return sqliteFileWriter(file);
  }
  if (provider === 'postgresql') {
    // The adapter (src/db/client.ts) holds the pool settings and the schema from ?schema=.
    const adapter = (db as unknown as { _engineConfig?: { adapter?: { config?: pg.ClientConfig; options?: { schema?: string } } } })._engineConfig?.adapter;
    const schema = adapter?.options?.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`seedLargeOrg: schema "${schema}" is not a plain identifier`);
    if (adapter?.config) return postgresWriter({ connectionString: adapter.config.connectionString, ...(adapter.config.password ? { password: adapter.config.password } : {}) }, schema);
  }
  return clientWriter(db, provider);
}

/** Rounds 分 down to whole 0.01 万元 (what people type). */
const toHundredthWan = (fen: bigint): bigint => fen - (fen % (FEN_PER_WAN / 100n));

/** Seeds the org. Returns who is who, for the suites that then talk to the bot. */
export async function seedLargeOrg(db: Db, options: LargeOrgOptions): Promise<LargeOrg> {
  const provider = providerOf(db);
  const seed = options.seed ?? 1;
  const random = prng(0x5eed + seed * 7919);
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const end = parseWeekId(options.endWeek);
  if (!end) throw new Error(`seedLargeOrg: endWeek "${options.endWeek}" is not an ISO week like 2026-W46`);
  const projectCount = options.projects;
  const ownerCount = Math.max(1, Math.min(options.owners, projectCount));
  const unitCount = Math.max(1, options.units ?? Math.min(200, Math.max(4, Math.ceil(projectCount / 50))));
  const leaderCount = Math.max(1, options.leaders ?? Math.min(50, Math.max(2, Math.ceil(projectCount / 200))));
  const tag = `b${seed.toString(36)}`;
  const orgId = `${tag}org${projectCount.toString(36)}`;
  const orgName = options.orgName ?? (seed === 1 ? '压测县卫生健康局' : `压测县卫生健康局${seed}`);
  const orgCreated = new Date(weekStart(shiftWeek(end, -Math.max(options.weeks, 1)), timeZone).getTime() - 86_400_000);
  const platform = options.telegram ? 'telegram' : 'sandbox';
  const telegramBase = TELEGRAM_USER_BASE + seed * 1_000_000;

  // === Org, units, people
  const unitNames = Array.from({ length: unitCount }, (_, i) => {
    if (i < BASE_UNITS.length) return BASE_UNITS[i] as string;
    const j = i - BASE_UNITS.length;
    const round = Math.floor(j / TOWNS.length);
    return `${TOWNS[j % TOWNS.length]}镇${round === 0 ? '' : `第${round + 1}`}卫生院`;
  });
  const unitIds = unitNames.map((_, i) => `${tag}u${i.toString(36)}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const ownerWidth = Math.max(4, String(ownerCount).length);
  const coordinator = { personId: `${tag}pc`, name: '王丽华', ...(options.telegram ? { telegramUserId: String(telegramBase) } : {}) };
  const leaders = Array.from({ length: leaderCount }, (_, i) => ({
    personId: `${tag}pl${i.toString(36)}`,
    name: `分管领导${pad(i + 1, 2)}`,
    ...(options.telegram ? { telegramUserId: String(telegramBase + 1 + i) } : {}),
  }));
  const owners = Array.from({ length: ownerCount }, (_, i) => ({
    personId: `${tag}po${i.toString(36)}`,
    name: `项目负责人${pad(i + 1, ownerWidth)}`,
    ...(options.telegram ? { telegramUserId: String(telegramBase + 1000 + i) } : {}),
    projectCodes: [] as string[],
  }));
  // An owner belongs to one unit; the unit's projects have one 分管领导.
  const ownerUnit = (o: number) => o % unitCount;
  const unitLeader = (u: number) => u % leaderCount;

  await db.org.create({ data: { id: orgId, name: orgName, timeZone, locale: 'zh-CN', settings: '{}', createdAt: orgCreated } });
  const writer = await writerFor(db, provider);
  try {
    await writer.write([['Unit', unitNames.map((name, i) => ({ id: unitIds[i] as string, orgId, name, sortOrder: i, createdAt: orgCreated }))]]);
    const person = (p: { personId: string; name: string }, roles: { isCoordinator?: boolean; isLeader?: boolean; isOwner?: boolean }, unitId: string | null): Row => ({
      id: p.personId,
      orgId,
      name: p.name,
      unitId,
      isCoordinator: roles.isCoordinator ?? false,
      isLeader: roles.isLeader ?? false,
      isOwner: roles.isOwner ?? false,
      createdAt: orgCreated,
      updatedAt: orgCreated,
    });
    await writer.write([
      [
        'Person',
        [
          person(coordinator, { isCoordinator: true }, null),
          ...leaders.map((l) => person(l, { isLeader: true }, null)),
          ...owners.map((o, i) => person(o, { isOwner: true }, unitIds[ownerUnit(i)] as string)),
        ],
      ],
    ]);
    if (options.telegram) {
      const bound = [coordinator, ...leaders, ...owners] as { personId: string; name: string; telegramUserId?: string }[];
      await writer.write([
        ['Identity', bound.map((p) => ({ id: `${tag}i${p.personId}`, personId: p.personId, platform: 'telegram', platformUserId: p.telegramUserId ?? '', displayName: p.name, createdAt: orgCreated }))],
      ]);
    }
    const telegramGroupChatId = options.telegram ? String(-1_002_000_000_000 - seed) : undefined;
    await db.chat.create({
      data: { id: `${tag}chat`, orgId, platform, platformChatId: telegramGroupChatId ?? `group-${orgId}`, kind: 'group', title: '重点项目周报群', createdAt: orgCreated },
    });

    // === Projects
    const codeWidth = Math.max(5, String(projectCount).length);
    interface Seeded {
      id: string;
      code: string;
      ownerId: string;
      annualPlan: bigint;
      total: bigint;
      progress: number;
      pace: number;
    }
    const projects: Seeded[] = [];
    const projectRows: Row[] = [];
    for (let i = 0; i < projectCount; i++) {
      const o = i % ownerCount;
      const u = ownerUnit(o);
      const owner = owners[o] as (typeof owners)[number];
      const code = `P${pad(i + 1, codeWidth)}`;
      owner.projectCodes.push(code);
      // 500万 to 5亿元, log-uniform, in whole 0.01 万元; the year's plan a fifth to 70 % of it.
      const totalWan = Math.round(500 * 100 ** random() * 100) / 100;
      const total = BigInt(Math.round(totalWan * 100)) * (FEN_PER_WAN / 100n);
      const annualPlan = toHundredthWan((total * BigInt(20 + Math.floor(random() * 50))) / 100n);
      const id = `${tag}p${i.toString(36)}`;
      projects.push({ id, code, ownerId: owner.personId, annualPlan, total, progress: Math.round(random() * 400) / 10, pace: 0.6 + random() * 0.6 });
      projectRows.push({
        id,
        orgId,
        code,
        name: `${unitNames[u]}${KINDS[i % KINDS.length]}（${code}）`,
        location: `${TOWNS[i % TOWNS.length]}镇`,
        scope: SCOPES[i % SCOPES.length] as string,
        totalInvestment: total,
        annualPlan,
        unitId: unitIds[u] as string,
        leaderId: (leaders[unitLeader(u)] as (typeof leaders)[number]).personId,
        ownerId: owner.personId,
        note: '',
        status: 'active',
        sortOrder: i,
        createdAt: orgCreated,
        updatedAt: orgCreated,
      });
    }
    await writer.write([['Project', projectRows]]);

    // === Problems: about one project in twelve has an open one, raised some weeks back; a few are closed.
    interface SeededProblem {
      projectIndex: number;
      text: string;
      from: number;
      until: number;
    }
    const weeks = Array.from({ length: options.weeks }, (_, k) => shiftWeek(end, k - options.weeks + 1));
    const problemRows: Row[] = [];
    const problemsByProject = new Map<number, SeededProblem[]>();
    for (let i = 0; i < projectCount; i++) {
      if (random() >= 1 / 12 || weeks.length === 0) continue;
      const from = Math.floor(random() * weeks.length);
      const closed = random() < 0.3 && from < weeks.length - 1;
      const until = closed ? from + Math.floor(random() * (weeks.length - 1 - from)) : weeks.length - 1;
      const text = PROBLEMS[(i + from) % PROBLEMS.length] as string;
      const project = projects[i] as Seeded;
      const raisedAt = filingTime(weeks[from] as IsoWeek, timeZone, 0);
      const closedAt = closed ? filingTime(weeks[until + 1] ?? (weeks[until] as IsoWeek), timeZone, 120) : null;
      problemRows.push({
        id: `${tag}q${problemRows.length.toString(36)}`,
        orgId,
        number: problemRows.length + 1,
        projectId: project.id,
        text,
        status: closed ? 'closed' : random() < 0.3 ? 'in_progress' : 'open',
        raisedById: project.ownerId,
        raisedPeriod: formatWeek(weeks[from] as IsoWeek),
        lastSeenPeriod: formatWeek(weeks[until] as IsoWeek),
        createdAt: raisedAt,
        updatedAt: closedAt ?? raisedAt,
        closedAt,
        closedById: closed ? coordinator.personId : null,
        closeNote: closed ? '已解决' : '',
      });
      const list = problemsByProject.get(i) ?? [];
      list.push({ projectIndex: i, text, from, until });
      problemsByProject.set(i, list);
    }
    await writer.write([['Problem', problemRows]]);

    // === Reports and their first revisions, a slice of projects per transaction.
    let reportCount = 0;
    const PROJECTS_PER_BATCH = Math.max(1, Math.floor(20_000 / Math.max(1, weeks.length)));
    for (let start = 0; start < projectCount; start += PROJECTS_PER_BATCH) {
      const reports: Row[] = [];
      const revisions: Row[] = [];
      for (let i = start; i < Math.min(projectCount, start + PROJECTS_PER_BATCH); i++) {
        const project = projects[i] as Seeded;
        let progress = project.progress;
        let cumulative = 0n;
        let year = -1;
        for (const [k, week] of weeks.entries()) {
          if (week.year !== year) {
            year = week.year;
            cumulative = 0n; // 累计完成投资 is year to date
          }
          progress = Math.min(100, Math.round((progress + random() * 1.5) * 10) / 10);
          const invested = toHundredthWan(BigInt(Math.floor((Number(project.annualPlan) * project.pace * (0.5 + random())) / 52)));
          cumulative += invested;
          const late = random() < 0.03;
          const filedAt = filingTime(week, timeZone, late ? 24 * 60 * 5 + Math.floor(random() * 600) : Math.floor(random() * 60 * 48));
          const open = (problemsByProject.get(i) ?? []).filter((p) => p.from <= k && k <= p.until).map((p) => p.text);
          const n = (k % 9) + 1;
          const done = (DONE[(i + k) % DONE.length] as string).replace('{n}', String(n));
          const nextPlan = PLANS[(i + k) % PLANS.length] as string;
          const help = open.length > 0 && k % 4 === 0 ? (HELP[i % HELP.length] as string) : '';
          const lateReason = late ? '负责人外出培训，延后报送' : '';
          const period = formatWeek(week);
          const sourceText = [
            project.code,
            `周次: ${period}`,
            `形象进度: ${progress}%`,
            `本周完成投资: ${formatWan(invested)}万`,
            `累计完成投资: ${formatWan(cumulative)}万`,
            `本周进展: ${done}`,
            `存在问题: ${open.length ? open.join('；') : '无'}`,
            `下周计划: ${nextPlan}`,
            ...(help ? [`需协调: ${help}`] : []),
            ...(late ? [`原因: ${lateReason}`] : []),
          ].join('\n');
          const reportId = `${tag}r${i.toString(36)}_${k.toString(36)}`;
          const values = {
            authorId: project.ownerId,
            onBehalf: false,
            progress,
            investedThisWeek: invested,
            cumulative,
            done,
            problems: open.join('\n'),
            nextPlan,
            help,
            late,
            lateReason,
          };
          reports.push({ id: reportId, orgId, projectId: project.id, period, revision: 1, ...values, firstFiledAt: filedAt, filedAt, updatedAt: filedAt });
          revisions.push({ id: `${reportId}v1`, reportId, revision: 1, ...values, correction: '', sourceText, platform, platformMessageId: String(1000 + reportCount), filedAt });
          reportCount += 1;
        }
      }
      await writer.write([
        ['Report', reports],
        ['ReportRevision', revisions],
      ]);
    }

    return {
      orgId,
      orgName,
      coordinator,
      owners,
      leaders,
      ...(telegramGroupChatId ? { telegramGroupChatId } : {}),
      projectCount,
      reportCount,
      problemCount: problemRows.length,
    };
  } finally {
    await writer.close();
  }
}

const mondays = new Map<string, number>();

/** Wednesday 10:00 local of the week, plus `minutes`. */
function filingTime(week: IsoWeek, zone: string, minutes: number): Date {
  const key = `${zone}|${week.year}|${week.week}`;
  let monday = mondays.get(key);
  if (monday === undefined) {
    monday = weekStart(week, zone).getTime();
    mondays.set(key, monday);
  }
  return new Date(monday + (2 * 24 + 10) * 3_600_000 + minutes * 60_000);
}
