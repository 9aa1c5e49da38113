// The audit log: every change a person makes is written in the same transaction as the change.
import type { Tx } from '../db/client.ts';

export interface AuditEntry {
  orgId: string;
  /** The person who made the change; null for the system (import from the CLI, a scheduled job). */
  actorId: string | null;
  /** Verb-noun, e.g. "report.submit", "problem.close", "project.import". */
  action: string;
  entity: string;
  entityId: string;
  detail?: Record<string, unknown>;
}

/** An entry's detail as stored: JSON, amounts (bigint) as text. */
export function auditText(detail: Record<string, unknown>): string {
  return JSON.stringify(detail, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Records one change. Call it inside the transaction that makes the change. */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: entry.orgId,
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      detail: auditText(entry.detail ?? {}),
    },
  });
}
