// Attaches the photos of a message to a week's report: each is fetched from the platform (only now,
// after the sender's right to the report was checked), checked and stored, and recorded once per
// report. Returns how many were added, how many the report now has, and why any were refused.
import type { CoreDeps } from '../context.ts';
import type { FetchFile, IncomingFile } from '../platform.ts';
import { MAX_PHOTO_BYTES, storePhoto, type PhotoRefusal } from './store-photo.ts';

/** The report photos attach to. */
export interface PhotoTarget {
  reportId: string;
  orgId: string;
  projectId: string;
  period: string;
}

export interface AttachResult {
  added: number;
  /** Photos the report has now. */
  total: number;
  refused: PhotoRefusal[];
}

export async function attachPhotos(
  deps: CoreDeps,
  input: { target: PhotoTarget; photos: readonly IncomingFile[]; fetchFile: FetchFile; byPersonId: string; timeZone: string },
): Promise<AttachResult> {
  const { target } = input;
  let added = 0;
  const refused: PhotoRefusal[] = [];
  for (const file of input.photos) {
    if (file.size !== undefined && file.size > MAX_PHOTO_BYTES) {
      refused.push('too_large');
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await input.fetchFile(file);
    } catch (error) {
      deps.log.warn('a photo could not be fetched', { ref: file.ref, error: String(error) });
      refused.push(/larger than/.test(String(error)) ? 'too_large' : 'unreadable');
      continue;
    }
    const stored = await storePhoto(deps.ports.files, bytes, { timeZone: input.timeZone });
    if (!stored.ok) {
      refused.push(stored.reason);
      continue;
    }
    const { photo } = stored;
    const existing = await deps.db.reportPhoto.findUnique({ where: { reportId_sha256: { reportId: target.reportId, sha256: photo.sha256 } }, select: { id: true } });
    if (existing) continue;
    await deps.db.reportPhoto.upsert({
      where: { reportId_sha256: { reportId: target.reportId, sha256: photo.sha256 } },
      update: {},
      create: { ...target, sha256: photo.sha256, fileKey: photo.fileKey, mime: photo.mime, bytes: photo.bytes, takenAt: photo.takenAt, byPersonId: input.byPersonId, createdAt: deps.now() },
    });
    added += 1;
  }
  const total = await deps.db.reportPhoto.count({ where: { reportId: target.reportId } });
  return { added, total, refused };
}

/** How many photos each of `reportIds` has. */
export async function photoCounts(deps: CoreDeps, reportIds: readonly string[]): Promise<Map<string, number>> {
  if (reportIds.length === 0) return new Map();
  const groups = await deps.db.reportPhoto.groupBy({ by: ['reportId'], where: { reportId: { in: [...reportIds] } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.reportId, g._count._all]));
}
