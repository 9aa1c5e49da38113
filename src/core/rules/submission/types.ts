// The shapes the submission grammar produces.
import type { WeekRef } from '../period.ts';

export type { WeekRef } from '../period.ts';

/** The fields of a weekly report. */
export type ReportField = 'progress' | 'investedThisWeek' | 'cumulative' | 'done' | 'problems' | 'nextPlan' | 'help';

/** The order fields are shown and asked for. */
export const FIELD_ORDER: ReportField[] = ['progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan', 'help'];

/** A report as the sender wrote it, read into typed values. */
export interface ParsedSubmission {
  /** The project as named (code or part of a name); undefined when left out. */
  projectRef?: string;
  /** The week as named; undefined means the current week. */
  week?: WeekRef;
  /** 形象进度, percent 0–100, at most 2 decimals. */
  progress?: number;
  /** 本周完成投资 in 分. */
  investedThisWeek?: bigint;
  /** 累计完成投资 (year to date) in 分. */
  cumulative?: bigint;
  /** 本周进展. */
  done?: string;
  /** 存在问题; [] when explicitly none (无 / none). */
  problems?: string[];
  /** 下周计划. */
  nextPlan?: string;
  /** 需协调事项. */
  help?: string;
  /** 原因 / reason, needed for a late filing (补报). */
  reason?: string;
  /**
   * Notes written in brackets after a figure, kept with the field they explain:
   * "累计完成投资：300万元（含设备预付款）" → { field: 'cumulative', text: '含设备预付款' }.
   */
  notes?: { field: ReportField; text: string }[];
  /** The sender added 确认 / confirm. */
  confirmed: boolean;
}

export type GrammarErrorField = ReportField | 'project' | 'week' | 'reason' | 'line' | 'body';

/** Something the sender must fix: which field, the catalog key of the explanation, and what they typed. */
export interface GrammarError {
  field: GrammarErrorField;
  key: `grammar.${string}`;
  params: Record<string, string | number>;
  /** Exactly what the sender typed for this field or line (trimmed). */
  quote: string;
}

export type ParseResult = { ok: true; submission: ParsedSubmission } | { ok: false; errors: GrammarError[]; partial: ParsedSubmission };
