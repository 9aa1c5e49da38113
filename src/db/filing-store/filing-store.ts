// The filing path's store: what one report costs the database, in hand-written SQL with prepared
// statements, on both providers (issue #18). Prisma stays everywhere else; this covers the
// statements every filed report runs: record the event, resolve the speaker, read the sender's
// projects and the week's neighbours, then one transaction that writes the revision, its audit line,
// the replies and the event's processed mark; then the send's two marks.
import { randomUUID } from 'node:crypto';
import type { Chat, Org, Person, Project, Report } from '../../core/model.ts';
import type { Db } from '../client.ts';
import { CHAT_COLUMNS, decodeRow, ORG_COLUMNS, PERSON_COLUMNS, PROJECT_COLUMNS, REPORT_COLUMNS, selectList } from './columns.ts';
import type { SqlDriver, SqlValue, Step } from './sql-driver.ts';

/** The speaker's rows, read in one statement. */
export interface SpeakerRows {
  /** The chat, when it is bound to an org, and its org. */
  chat: Chat | null;
  chatOrg: Org | null;
  /** The person the account is bound to, and their org. */
  person: Person | null;
  personOrg: Org | null;
}

/** A week's report and the reports around it, read in one statement. */
export interface WeekNeighbours {
  /** The latest report before the week (any year). */
  previous: Report | null;
  /** The earliest report after the week, in the same year. */
  next: Report | null;
  /** The week's own report (a new filing makes it a revision). */
  sameWeek: Report | null;
  /** Site photos attached to the week's report. */
  sameWeekPhotos: number;
}

/** The columns a revision writes to Report and ReportRevision alike, in the order the SQL binds them. */
const REVISION_FIELDS = ['authorId', 'onBehalf', 'progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan', 'help', 'notes', 'late', 'lateReason'] as const;

/** The stored columns of a report revision, as written to Report and ReportRevision alike. */
export type RevisionValues = Pick<Report, (typeof REVISION_FIELDS)[number]>;

/** A report revision to write in the event's transaction (see core/reports/submit-report.ts). */
export interface FilingWrite {
  reportId: string;
  orgId: string;
  projectId: string;
  period: string;
  revision: number;
  /** The week's report is new (INSERT); else it must still be at revision - 1 (a conditional UPDATE). */
  isNew: boolean;
  /** What the Report row gets (a revision keeps the first filing's lateness). */
  report: RevisionValues;
  /** What the ReportRevision row gets. */
  values: RevisionValues;
  correction: string;
  sourceText: string;
  platform: string;
  platformMessageId: string;
  sourceEvent: string;
  at: Date;
  audit: { action: string; detail: string };
  /** The sender's report draft in this chat, deleted (a confirmed draft is done). */
  draft: { personId: string; platform: string; chatId: string };
}

/** A message to queue in the outbox; a key already queued is left as it is. */
export interface QueuedMessage {
  id: string;
  key: string;
  orgId: string | null;
  platform: string;
  platformChatId: string;
  message: string;
  nextAttemptAt: Date;
  createdAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
}

/** Everything one event writes once it is handled, committed together. */
export interface EventCommit {
  filings: FilingWrite[];
  outbox: QueuedMessage[];
  /** The event marked processed (when it was recorded). */
  processed: { platform: string; eventId: string; at: Date } | null;
}

export interface FilingStore {
  /** Stores an inbound event; false when the same platform event was stored before. */
  recordEvent(event: { platform: string; eventId: string; payload: string; receivedAt: Date }): Promise<boolean>;
  speaker(platform: string, platformChatId: string, platformUserId: string): Promise<SpeakerRows>;
  /** The person's projects not completed, in list order. */
  ownProjects(orgId: string, personId: string): Promise<Project[]>;
  neighbours(projectId: string, period: string): Promise<WeekNeighbours>;
  /** Commits the event's writes in one transaction; returns the outbox keys it queued (new ones only). */
  commitEvent(unit: EventCommit): Promise<Set<string>>;
  /** The request is about to leave (a crash from here on leaves the message ambiguous). */
  outboxSending(id: string): Promise<void>;
  outboxSent(id: string, sent: { attempts: number; at: Date; platformMessageId: string }): Promise<void>;
}

/** A new row id (the filing path's rows; Prisma's are cuids, both are opaque text). */
export const newRowId = (): string => randomUUID();

function insertSql(table: string, columns: readonly string[], conflict = ''): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`;
}

export function createFilingStore(driver: SqlDriver): FilingStore {
  const t = (name: string) => driver.table(name);
  const oneRow = driver.provider === 'sqlite' ? '(SELECT 1 AS one)' : '(SELECT 1 AS one) AS one';

  const speakerSql = `SELECT ${selectList(CHAT_COLUMNS, 'c', 'c_')}, ${selectList(ORG_COLUMNS, 'co', 'co_')}, ${selectList(PERSON_COLUMNS, 'p', 'p_')}, ${selectList(ORG_COLUMNS, 'po', 'po_')}
    FROM ${oneRow}
    LEFT JOIN ${t('Chat')} c ON c."platform" = ? AND c."platformChatId" = ?
    LEFT JOIN ${t('Org')} co ON co."id" = c."orgId"
    LEFT JOIN ${t('Identity')} i ON i."platform" = ? AND i."platformUserId" = ?
    LEFT JOIN ${t('Person')} p ON p."id" = i."personId"
    LEFT JOIN ${t('Org')} po ON po."id" = p."orgId"`;

  const ownProjectsSql = `SELECT ${selectList(PROJECT_COLUMNS, 'p', '')} FROM ${t('Project')} p WHERE p."orgId" = ? AND p."ownerId" = ? AND p."status" <> 'completed' ORDER BY p."sortOrder" ASC, p."code" ASC`;

  const reportCols = selectList(REPORT_COLUMNS, 'r', '');
  const neighboursSql = `SELECT * FROM (SELECT 'previous' AS slot, 0 AS photos, ${reportCols} FROM ${t('Report')} r WHERE r."projectId" = ? AND r."period" < ? ORDER BY r."period" DESC LIMIT 1) prev
    UNION ALL SELECT * FROM (SELECT 'next' AS slot, 0 AS photos, ${reportCols} FROM ${t('Report')} r WHERE r."projectId" = ? AND r."period" > ? AND r."period" < ? ORDER BY r."period" ASC LIMIT 1) nxt
    UNION ALL SELECT 'same' AS slot, (SELECT COUNT(*) FROM ${t('ReportPhoto')} f WHERE f."reportId" = r."id") AS photos, ${reportCols} FROM ${t('Report')} r WHERE r."projectId" = ? AND r."period" = ?`;

  const eventSql = insertSql(t('InboundEvent'), ['id', 'platform', 'eventId', 'payload', 'status', 'error', 'receivedAt'], ' ON CONFLICT ("platform", "eventId") DO NOTHING');
  const processedSql = `UPDATE ${t('InboundEvent')} SET "status" = 'processed', "processedAt" = ? WHERE "platform" = ? AND "eventId" = ? AND "status" = 'received'`;
  const reportInsertSql = insertSql(t('Report'), ['id', 'orgId', 'projectId', 'period', 'revision', ...REVISION_FIELDS, 'firstFiledAt', 'filedAt', 'updatedAt']);
  const reportUpdateSql = `UPDATE ${t('Report')} SET ${[...REVISION_FIELDS, 'revision', 'filedAt', 'updatedAt'].map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ? AND "revision" = ?`;
  const revisionSql = insertSql(t('ReportRevision'), ['id', 'reportId', 'revision', ...REVISION_FIELDS, 'correction', 'sourceText', 'platform', 'platformMessageId', 'sourceEvent', 'filedAt']);
  const auditSql = insertSql(t('AuditLog'), ['id', 'orgId', 'actorId', 'action', 'entity', 'entityId', 'detail', 'createdAt']);
  const draftSql = `DELETE FROM ${t('Draft')} WHERE "personId" = ? AND "platform" = ? AND "chatId" = ? AND "kind" = 'report'`;
  const outboxSql = insertSql(
    t('Outbox'),
    ['id', 'orgId', 'key', 'platform', 'platformChatId', 'message', 'status', 'attempts', 'nextAttemptAt', 'lockedBy', 'lockedUntil', 'lastError', 'platformMessageId', 'createdAt'],
    ' ON CONFLICT ("key") DO NOTHING',
  );
  const sendingSql = `UPDATE ${t('Outbox')} SET "status" = 'sending' WHERE "id" = ?`;
  const sentSql = `UPDATE ${t('Outbox')} SET "status" = 'sent', "attempts" = ?, "sentAt" = ?, "platformMessageId" = ?, "lockedBy" = NULL, "lockedUntil" = NULL WHERE "id" = ?`;

  const revisionParams = (v: RevisionValues): SqlValue[] => REVISION_FIELDS.map((field) => v[field]);

  function filingSteps(f: FilingWrite): Step[] {
    const report: Step = f.isNew
      ? { sql: reportInsertSql, params: [f.reportId, f.orgId, f.projectId, f.period, f.revision, ...revisionParams(f.report), f.at, f.at, f.at] }
      : { sql: reportUpdateSql, params: [...revisionParams(f.report), f.revision, f.at, f.at, f.reportId, f.revision - 1], expect: 1 };
    return [
      report,
      { sql: revisionSql, params: [newRowId(), f.reportId, f.revision, ...revisionParams(f.values), f.correction, f.sourceText, f.platform, f.platformMessageId, f.sourceEvent, f.at] },
      { sql: auditSql, params: [newRowId(), f.orgId, f.values.authorId, f.audit.action, 'report', f.reportId, f.audit.detail, f.at] },
      { sql: draftSql, params: [f.draft.personId, f.draft.platform, f.draft.chatId] },
    ];
  }

  return {
    async recordEvent(event) {
      return (await driver.run(eventSql, [newRowId(), event.platform, event.eventId, event.payload, 'received', '', event.receivedAt])) === 1;
    },
    async speaker(platform, platformChatId, platformUserId) {
      const [row] = await driver.all(speakerSql, [platform, platformChatId, platform, platformUserId]);
      if (!row) return { chat: null, chatOrg: null, person: null, personOrg: null };
      return { chat: decodeRow(CHAT_COLUMNS, row, 'c_'), chatOrg: decodeRow(ORG_COLUMNS, row, 'co_'), person: decodeRow(PERSON_COLUMNS, row, 'p_'), personOrg: decodeRow(ORG_COLUMNS, row, 'po_') };
    },
    async ownProjects(orgId, personId) {
      return (await driver.all(ownProjectsSql, [orgId, personId])).map((row) => decodeRow(PROJECT_COLUMNS, row) as Project);
    },
    async neighbours(projectId, period) {
      // "2026-W53" < "2026-X": the next report is looked for within the week's year.
      const rows = await driver.all(neighboursSql, [projectId, period, projectId, period, `${period.slice(0, 4)}-X`, projectId, period]);
      const slot = (name: string) => rows.find((r) => r.slot === name);
      const same = slot('same');
      return {
        previous: slot('previous') ? decodeRow(REPORT_COLUMNS, slot('previous') as Record<string, unknown>) : null,
        next: slot('next') ? decodeRow(REPORT_COLUMNS, slot('next') as Record<string, unknown>) : null,
        sameWeek: same ? decodeRow(REPORT_COLUMNS, same) : null,
        sameWeekPhotos: same ? Number(same.photos) : 0,
      };
    },
    async commitEvent(unit) {
      const steps: Step[] = unit.filings.flatMap(filingSteps);
      const firstOutbox = steps.length;
      for (const m of unit.outbox) {
        steps.push({ sql: outboxSql, params: [m.id, m.orgId, m.key, m.platform, m.platformChatId, m.message, 'pending', 0, m.nextAttemptAt, m.lockedBy, m.lockedUntil, '', '', m.createdAt] });
      }
      if (unit.processed) steps.push({ sql: processedSql, params: [unit.processed.at, unit.processed.platform, unit.processed.eventId] });
      if (steps.length === 0) return new Set();
      const changes = await driver.transaction(steps);
      return new Set(unit.outbox.filter((_, index) => changes[firstOutbox + index] === 1).map((m) => m.key));
    },
    async outboxSending(id) {
      await driver.run(sendingSql, [id]);
    },
    async outboxSent(id, sent) {
      await driver.run(sentSql, [sent.attempts, sent.at, sent.platformMessageId, id]);
    },
  };
}

const stores = new WeakMap<object, FilingStore>();

/** Registers the filing store of a client (src/db/client.ts, when it opens the database). */
export function attachFilingStore(db: Db, store: FilingStore): void {
  stores.set(db, store);
}

/** The filing store of a client opened by openDatabase. */
export function filingStoreOf(db: Db): FilingStore {
  const store = stores.get(db);
  if (!store) throw new Error('this database client was not opened by openDatabase: it has no filing store');
  return store;
}
