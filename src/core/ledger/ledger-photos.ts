// Site photos (现场照片) in the ledger: how many photos each project's reports of the period have
// (the 现场照片 column), the photos in ledger order (the appendix sheet), and which of them a
// workbook embeds as thumbnails: JPEG and PNG only (what Excel shows), and at most
// PHOTO_EMBED_LIMITS photos and bytes per workbook, in ledger order. Pure.
import type { ReportPhoto } from '../model.ts';
import type { LedgerProject } from './load-ledger-data.ts';

/** A photo row as the ledger loads it: what the appendix shows and where the bytes are. */
export type LedgerPhotoRecord = Pick<ReportPhoto, 'id' | 'reportId' | 'projectId' | 'period' | 'fileKey' | 'mime' | 'bytes' | 'takenAt' | 'createdAt'>;

/** One photo of the appendix sheet. */
export interface LedgerPhoto {
  /** The project's 序号 and name. */
  code: string;
  projectName: string;
  /** The report's ISO week ("2026-W47"). */
  period: string;
  /** EXIF time it was taken, when the file has it. */
  takenAt: Date | null;
  /** When it was attached. */
  uploadedAt: Date;
  /** The file store's key of the bytes. */
  fileKey: string;
  mime: string;
  /** Size of the stored file. */
  bytes: number;
}

/** How many photos, and how many of their bytes, one workbook embeds at most. */
export interface PhotoEmbedLimits {
  count: number;
  bytes: number;
}

/**
 * The default bounds: a workbook with 200 thumbnails and 20 MB of images opens in Excel and WPS,
 * stays under Feishu's 30 MB file limit, and keeps the bot under its 200 MB while it writes (the
 * bytes are held in memory until the workbook is written).
 */
export const PHOTO_EMBED_LIMITS: PhotoEmbedLimits = { count: 200, bytes: 20 * 1024 * 1024 };

/** How a photo appears in the appendix: its thumbnail, or a row saying why it has none. */
export type PhotoEmbed = { kind: 'embed'; format: 'jpeg' | 'png' } | { kind: 'unsupported' } | { kind: 'over_limit' };

/** The image format a workbook can embed for a stored type, or null (WebP, HEIC). */
export function embeddableFormat(mime: string): 'jpeg' | 'png' | null {
  return mime === 'image/jpeg' ? 'jpeg' : mime === 'image/png' ? 'png' : null;
}

/**
 * Which photos get a thumbnail, in order: JPEG and PNG until the next one would pass the count or
 * byte limit; from there on none (so that the embedded ones are the first ones in ledger order).
 * The same stored file (one photo attached to two reports) is embedded once and counted once.
 */
export function planEmbeds(photos: readonly Pick<LedgerPhoto, 'mime' | 'bytes' | 'fileKey'>[], limits: PhotoEmbedLimits = PHOTO_EMBED_LIMITS): PhotoEmbed[] {
  const seen = new Set<string>();
  let count = 0;
  let bytes = 0;
  let full = false;
  return photos.map((photo): PhotoEmbed => {
    const format = embeddableFormat(photo.mime);
    if (!format) return { kind: 'unsupported' };
    if (seen.has(photo.fileKey)) return { kind: 'embed', format };
    if (full || count + 1 > limits.count || bytes + photo.bytes > limits.bytes) {
      full = true;
      return { kind: 'over_limit' };
    }
    seen.add(photo.fileKey);
    count += 1;
    bytes += photo.bytes;
    return { kind: 'embed', format };
  });
}

/** Photos per report id. */
export function photoCountsByReport(photos: readonly LedgerPhotoRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const photo of photos) counts.set(photo.reportId, (counts.get(photo.reportId) ?? 0) + 1);
  return counts;
}

/** The 现场照片 cell: the photos of the reports (0 when they have none), or null without a report. */
export function photoCount(counts: ReadonlyMap<string, number>, reports: readonly { id: string }[]): number | null {
  if (reports.length === 0) return null;
  return reports.reduce((sum, report) => sum + (counts.get(report.id) ?? 0), 0);
}

/** The photos in ledger order: by project (the ledger's order), then week, then when attached. */
export function ledgerPhotos(projects: readonly LedgerProject[], photos: readonly LedgerPhotoRecord[]): LedgerPhoto[] {
  const rank = new Map(projects.map((p, i) => [p.id, i]));
  const sorted = photos
    .filter((p) => rank.has(p.projectId))
    .sort((a, b) => rank.get(a.projectId)! - rank.get(b.projectId)! || a.period.localeCompare(b.period) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return sorted.map((p) => {
    const project = projects[rank.get(p.projectId)!]!;
    return { code: project.code, projectName: project.name, period: p.period, takenAt: p.takenAt, uploadedAt: p.createdAt, fileKey: p.fileKey, mime: p.mime, bytes: p.bytes };
  });
}
