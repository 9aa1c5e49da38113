// The outside world as the core sees it: a language model, chart drawing, file storage and
// spreadsheets. The core declares what it needs here and never imports llm/, charts/, io/ or
// node:fs; app/ports.ts wires the real implementations (tests wire the same ones on a temp dir).
import type { LedgerBook, SheetTable } from './ledger/ledger-table.ts';

// === Files

/**
 * Where a stored file belongs. Durable areas (`imports`, `photos`) are kept and backed up;
 * transient ones (`exports`, `charts`, `uploads`) are deleted after their retention.
 */
export type FileArea = 'imports' | 'photos' | 'exports' | 'charts' | 'uploads';

/** A file the store holds. */
export interface StoredFile {
  area: FileArea;
  /** The file's key in the store ("exports/2026…-进度台账.xlsx"): what the database records. */
  key: string;
  /** Its absolute path on this machine, for a platform upload or a writer that needs a path. */
  path: string;
  /** The name people see (the name it was given, without the store's prefix). */
  name: string;
}

/** File storage under one data directory. Paths outside it are refused. */
export interface FileStore {
  /** A fresh, unique place for a file named `name` in `area`: an empty private (0600) file for a writer to fill. */
  reserve(area: FileArea, name: string): Promise<StoredFile>;
  /** Writes bytes as a new file in `area`. `photos` are content-addressed: the same bytes are stored once. */
  write(area: FileArea, name: string, bytes: Uint8Array): Promise<StoredFile>;
  /** The stored file of a key, or null when the key is not a file of the store. */
  find(key: string): StoredFile | null;
  read(key: string): Promise<Buffer>;
  /** Deletes a file; a missing file is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes transient files older than their area's retention; returns how many. */
  sweep(now: Date): Promise<number>;
}

// === Spreadsheets

/** Why a spreadsheet could not be read; each code has a catalog message `import.read.<code>`. */
export interface TableProblem {
  code: string;
  /** The file's name as the user gave it. */
  file: string;
  /** A technical detail (a limit, an OS error code), may be empty. */
  detail: string;
}

/** Reading and writing spreadsheets. */
export interface SpreadsheetPort {
  /** The rows of cell texts of an .xlsx or .csv file's bytes; `fileName` tells the format. */
  readTable(bytes: Uint8Array, fileName: string): Promise<{ ok: true; rows: string[][] } | { ok: false; problem: TableProblem }>;
  /**
   * Writes the ledger workbook. Its image cells (site photo thumbnails) are read with `readImage`
   * (the file store's read), one key at a time; without it they show their fallback text.
   */
  writeLedgerXlsx(book: LedgerBook, path: string, meta: { creator: string; created: Date; readImage?: (key: string) => Promise<Uint8Array> }): Promise<void>;
  /** Writes one table as CSV (formula-safe, UTF-8 with BOM). */
  writeTableCsv(table: SheetTable, path: string): Promise<void>;
}

// === Charts

/** What the standings chart shows: completion rate by unit and 形象进度 by project (percent, 0–100). */
export interface StandingsChartData {
  title: string;
  unitsTitle: string;
  projectsTitle: string;
  /** Expected pace in percent, drawn as a line over the unit bars. */
  expected: number;
  units: { name: string; completion: number; flag: 'green' | 'amber' | 'red' | 'none' }[];
  projects: { name: string; progress: number }[];
}

/** Drawing charts. */
export interface ChartPort {
  /** The standings chart as PNG bytes. */
  standingsPng(data: StandingsChartData): Promise<Uint8Array>;
}

// === Language model (optional)

/** The fields a language model read from an owner's prose; null when not stated. */
export interface ExtractedReport {
  projectCode: string | null;
  progress: number | null;
  cumulativeWan: number | null;
  investedThisWeekWan: number | null;
  done: string | null;
  problems: string | null;
  nextPlan: string | null;
  help: string | null;
}

/** An OpenAI-compatible model, when one is configured. Its answers are checked by the core before use. */
export interface LlmPort {
  /** Reads a prose report for one of `projects`; null when nothing usable was read (or on any failure). */
  extractReport(input: { text: string; locale: string; projects: { code: string; name: string }[] }): Promise<ExtractedReport | null>;
  /** A few sentences summarising a digest, given as plain text; null on any failure. */
  summarizeDigest(input: { data: string; locale: string }): Promise<string | null>;
}

// === Telemetry (optional)

/** Counters and timings the core reports (app/ wires Prometheus metrics; absent in tests). */
export interface Telemetry {
  inboundEvent(platform: string, status: 'received' | 'processed' | 'failed' | 'duplicate' | 'retried'): void;
  observeProcessing(platform: string, seconds: number): void;
  reportFiled(platform: string, kind: 'new' | 'revision' | 'late'): void;
  receipt(platform: string): void;
}

/** Every port, as the core receives them in CoreDeps. */
export interface Ports {
  files: FileStore;
  spreadsheets: SpreadsheetPort;
  charts: ChartPort;
  /** Null when no model is configured. */
  llm: LlmPort | null;
}
