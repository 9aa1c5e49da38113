// The photo store: type by magic bytes, the size limit, one file per content, EXIF time.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileStore } from '../../../src/storage/file-store.ts';
import { photoTakenAt, sniffPhotoType } from '../../../src/core/photos/photo-file.ts';
import { MAX_PHOTO_BYTES, storePhoto } from '../../../src/core/photos/store-photo.ts';
import { testDataDir } from '../../support/ports.ts';
import { HEIC_HEADER, jpeg, PNG_1x1, WEBP_HEADER } from './photo-bytes.ts';

const zone = 'Asia/Shanghai';

describe('photo type by magic bytes', () => {
  it('knows JPEG, PNG, WebP and HEIC, and nothing else', () => {
    expect(sniffPhotoType(jpeg())).toBe('image/jpeg');
    expect(sniffPhotoType(PNG_1x1)).toBe('image/png');
    expect(sniffPhotoType(WEBP_HEADER)).toBe('image/webp');
    expect(sniffPhotoType(HEIC_HEADER)).toBe('image/heic');
    expect(sniffPhotoType(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(sniffPhotoType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array())).toBeNull();
  });
});

describe('EXIF DateTimeOriginal', () => {
  it('reads it as local time in the org time zone', () => {
    expect(photoTakenAt(jpeg({ taken: '2026:11:17 09:30:00' }), zone)?.toISOString()).toBe('2026-11-17T01:30:00.000Z');
  });
  it('uses OffsetTimeOriginal when the camera wrote one', () => {
    expect(photoTakenAt(jpeg({ taken: '2026:11:17 09:30:00', offset: '+02:00' }), zone)?.toISOString()).toBe('2026-11-17T07:30:00.000Z');
  });
  it('is null without EXIF, with a blank date, or for a truncated file', () => {
    expect(photoTakenAt(jpeg(), zone)).toBeNull();
    expect(photoTakenAt(jpeg({ taken: '    :  :     :  :  ' }), zone)).toBeNull();
    expect(photoTakenAt(jpeg({ taken: '2026:11:17 09:30:00' }).subarray(0, 30), zone)).toBeNull();
    expect(photoTakenAt(PNG_1x1, zone)).toBeNull();
  });
});

describe('storePhoto', () => {
  const files = createFileStore({ dataDir: testDataDir() });

  it('stores under files/photos/ab/cdef….jpg with its sha256, type, size and taken time', async () => {
    const bytes = jpeg({ taken: '2026:11:16 15:00:00', seed: 'a' });
    const result = await storePhoto(files, bytes, { timeZone: zone });
    if (!result.ok) throw new Error(result.reason);
    const { photo } = result;
    expect(photo.mime).toBe('image/jpeg');
    expect(photo.bytes).toBe(bytes.length);
    expect(photo.takenAt?.toISOString()).toBe('2026-11-16T07:00:00.000Z');
    expect(photo.fileKey).toBe(`photos/${photo.sha256.slice(0, 2)}/${photo.sha256.slice(2)}.jpg`);
    const path = join(testDataDir(), 'files', 'photos', photo.sha256.slice(0, 2), `${photo.sha256.slice(2)}.jpg`);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await files.read(photo.fileKey)).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once', async () => {
    const bytes = jpeg({ seed: 'same' });
    const first = await storePhoto(files, bytes, { timeZone: zone });
    const second = await storePhoto(files, bytes, { timeZone: zone });
    if (!first.ok || !second.ok) throw new Error('not stored');
    expect(second.photo.fileKey).toBe(first.photo.fileKey);
    expect(existsSync(files.find(first.photo.fileKey)!.path)).toBe(true);
  });

  it('refuses what is not an image, whatever its name says', async () => {
    expect(await storePhoto(files, Buffer.from('%PDF-1.7 not a photo'), { timeZone: zone })).toEqual({ ok: false, reason: 'not_an_image' });
  });

  it('refuses a photo over the size limit before looking at it', async () => {
    expect(MAX_PHOTO_BYTES).toBe(10 * 1024 * 1024);
    expect(await storePhoto(files, jpeg({ padTo: 2048 }), { timeZone: zone, maxBytes: 1024 })).toEqual({ ok: false, reason: 'too_large' });
    const ok = await storePhoto(files, jpeg({ padTo: 1000, seed: 'small' }), { timeZone: zone, maxBytes: 1024 });
    expect(ok.ok).toBe(true);
  });

  it('keeps photo keys inside the store', () => {
    expect(files.find('photos/../../etc/passwd')).toBeNull();
    expect(files.find('photos/ab/../../x')).toBeNull();
    expect(files.find(`photos/ab/${'c'.repeat(62)}.jpg`)?.path).toBe(join(testDataDir(), 'files', 'photos', 'ab', `${'c'.repeat(62)}.jpg`));
  });
});
