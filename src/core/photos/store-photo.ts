// Keeps one site photo's bytes in the file store: the size limit and the type (by magic bytes) are
// checked first; the store is content-addressed, so the same photo sent twice is stored once.
import { createHash } from 'node:crypto';
import type { FileStore } from '../ports.ts';
import { PHOTO_TYPES, photoTakenAt, sniffPhotoType, type PhotoMime } from './photo-file.ts';

/** The most a site photo may hold (a phone camera's JPEG is 2–6 MB). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** A photo kept in the store. */
export interface StoredPhoto {
  sha256: string;
  /** The file store's key ("photos/ab/cdef….jpg"). */
  fileKey: string;
  mime: PhotoMime;
  bytes: number;
  takenAt: Date | null;
}

/** Why a photo was not kept; each has a catalog message `photos.refused.<reason>`. */
export type PhotoRefusal = 'too_large' | 'not_an_image' | 'unreadable';

export type StorePhotoResult = { ok: true; photo: StoredPhoto } | { ok: false; reason: PhotoRefusal };

/** Checks and stores a photo's bytes. `timeZone` reads an EXIF time without offset as local time. */
export async function storePhoto(files: FileStore, bytes: Uint8Array, options: { timeZone: string; maxBytes?: number }): Promise<StorePhotoResult> {
  if (bytes.byteLength > (options.maxBytes ?? MAX_PHOTO_BYTES)) return { ok: false, reason: 'too_large' };
  const mime = sniffPhotoType(bytes);
  if (!mime) return { ok: false, reason: 'not_an_image' };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = await files.write('photos', `${sha256}.${PHOTO_TYPES[mime]}`, bytes);
  return { ok: true, photo: { sha256, fileKey: stored.key, mime, bytes: bytes.byteLength, takenAt: photoTakenAt(bytes, options.timeZone) } };
}
