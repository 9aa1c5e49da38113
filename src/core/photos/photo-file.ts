// What a site photo's bytes are: the image type by its magic bytes (never by name or by what the
// platform says), and the time it was taken from its EXIF DateTimeOriginal when the file has one
// (JPEG APP1, PNG eXIf, WebP EXIF). Pure; no image library.
import { DateTime } from 'luxon';

/** Image types kept as site photos. */
export const PHOTO_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
} as const;

export type PhotoMime = keyof typeof PHOTO_TYPES;

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

/** The image type of `bytes` by their magic bytes, or null when they are not a kept image type. */
export function sniffPhotoType(bytes: Uint8Array): PhotoMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  // ISO base media: "ftyp" at 4, then a HEIF brand.
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp' && /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(ascii(bytes, 8, 4))) return 'image/heic';
  return null;
}

/**
 * When the photo was taken, from EXIF DateTimeOriginal (with OffsetTimeOriginal when present;
 * otherwise read as local time in `timeZone`). Null when the file has none or it cannot be read.
 */
export function photoTakenAt(bytes: Uint8Array, timeZone: string): Date | null {
  try {
    const tiff = exifTiff(bytes);
    if (!tiff) return null;
    const found = readDateTimeOriginal(tiff);
    if (!found) return null;
    const zone = found.offset && /^[+-]\d{2}:\d{2}$/.test(found.offset) ? `UTC${found.offset}` : timeZone;
    const time = DateTime.fromFormat(found.value.trim(), 'yyyy:MM:dd HH:mm:ss', { zone });
    return time.isValid ? time.toJSDate() : null;
  } catch {
    return null;
  }
}

/** The TIFF block holding the EXIF data, by container. */
function exifTiff(bytes: Uint8Array): Uint8Array | null {
  const type = sniffPhotoType(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/jpeg') {
    let at = 2;
    while (at + 4 <= bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!;
      if (marker === 0xda || marker === 0xd9) return null; // image data starts: no more metadata
      const length = view.getUint16(at + 2);
      if (marker === 0xe1 && ascii(bytes, at + 4, 6) === 'Exif\0\0') return bytes.subarray(at + 10, at + 2 + length);
      at += 2 + length;
    }
    return null;
  }
  if (type === 'image/png') {
    let at = 8;
    while (at + 12 <= bytes.length) {
      const length = view.getUint32(at);
      const name = ascii(bytes, at + 4, 4);
      if (name === 'eXIf') return bytes.subarray(at + 8, at + 8 + length);
      if (name === 'IDAT' || name === 'IEND') return null;
      at += 12 + length;
    }
    return null;
  }
  if (type === 'image/webp') {
    let at = 12;
    while (at + 8 <= bytes.length) {
      const name = ascii(bytes, at, 4);
      const length = view.getUint32(at + 4, true);
      if (name === 'EXIF') {
        const chunk = bytes.subarray(at + 8, at + 8 + length);
        return ascii(chunk, 0, 6) === 'Exif\0\0' ? chunk.subarray(6) : chunk;
      }
      at += 8 + length + (length % 2);
    }
  }
  return null;
}

const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;
const EXIF_IFD_POINTER = 0x8769;

/** DateTimeOriginal (and its offset) from a TIFF block: IFD0 → Exif IFD. */
function readDateTimeOriginal(tiff: Uint8Array): { value: string; offset?: string } | null {
  if (tiff.length < 8) return null;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (u16(2) !== 42) return null;

  const entries = (ifd: number) => {
    const count = u16(ifd);
    return Array.from({ length: count }, (_, i) => ifd + 2 + i * 12).filter((at) => at + 12 <= tiff.length);
  };
  const asciiValue = (entry: number) => {
    const count = u32(entry + 4);
    const start = count > 4 ? u32(entry + 8) : entry + 8;
    if (start + count > tiff.length) return null;
    return ascii(tiff, start, count).replace(/\0.*$/s, '');
  };
  const exifIfd = entries(u32(4)).find((at) => u16(at) === EXIF_IFD_POINTER);
  if (exifIfd === undefined) return null;
  const exifEntries = entries(u32(exifIfd + 8));
  const date = exifEntries.find((at) => u16(at) === DATE_TIME_ORIGINAL);
  const value = date === undefined ? null : asciiValue(date);
  if (!value) return null;
  const offsetEntry = exifEntries.find((at) => u16(at) === OFFSET_TIME_ORIGINAL);
  const offset = offsetEntry === undefined ? null : asciiValue(offsetEntry);
  return { value, ...(offset ? { offset } : {}) };
}
