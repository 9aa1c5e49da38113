// Small but well-formed image files for photo tests: a JPEG with (or without) an EXIF
// DateTimeOriginal, a 1×1 PNG, WebP and HEIC headers. Each call can be made distinct by `seed`.

/** A 1×1 PNG (valid: exceljs and viewers open it). */
export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A TIFF block (little-endian) with IFD0 → Exif IFD → DateTimeOriginal (and OffsetTimeOriginal). */
function exifTiff(dateTimeOriginal: string, offset?: string): Buffer {
  const entries = offset ? 2 : 1;
  const ifd0 = 8;
  const exifIfd = ifd0 + 2 + 12 + 4;
  const dataAt = exifIfd + 2 + entries * 12 + 4;
  const out = Buffer.alloc(dataAt + 20 + (offset ? 7 : 0));
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifd0, 4);
  out.writeUInt16LE(1, ifd0);
  out.writeUInt16LE(0x8769, ifd0 + 2);
  out.writeUInt16LE(4, ifd0 + 4);
  out.writeUInt32LE(1, ifd0 + 6);
  out.writeUInt32LE(exifIfd, ifd0 + 10);
  out.writeUInt16LE(entries, exifIfd);
  out.writeUInt16LE(0x9003, exifIfd + 2);
  out.writeUInt16LE(2, exifIfd + 4);
  out.writeUInt32LE(20, exifIfd + 6);
  out.writeUInt32LE(dataAt, exifIfd + 10);
  out.write(`${dateTimeOriginal}\0`, dataAt, 'latin1');
  if (offset) {
    out.writeUInt16LE(0x9011, exifIfd + 14);
    out.writeUInt16LE(2, exifIfd + 16);
    out.writeUInt32LE(7, exifIfd + 18);
    out.writeUInt32LE(dataAt + 20, exifIfd + 22);
    out.write(`${offset}\0`, dataAt + 20, 'latin1');
  }
  return out;
}

/** A JPEG: SOI, an APP1 Exif segment when `taken` is given ("2026:11:17 09:30:00"), a comment making it distinct, SOS, EOI. */
export function jpeg(options: { taken?: string; offset?: string; seed?: string; padTo?: number } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (options.taken) {
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(options.taken, options.offset)]);
    const header = Buffer.from([0xff, 0xe1, 0, 0]);
    header.writeUInt16BE(body.length + 2, 2);
    parts.push(header, body);
  }
  const comment = Buffer.from(`photo ${options.seed ?? ''}`, 'utf8');
  const com = Buffer.from([0xff, 0xfe, 0, 0]);
  com.writeUInt16BE(comment.length + 2, 2);
  parts.push(com, comment, Buffer.from([0xff, 0xda, 0x00, 0x02]));
  const sized = Buffer.concat(parts);
  const padding = Math.max(0, (options.padTo ?? 0) - sized.length - 2);
  return Buffer.concat([sized, Buffer.alloc(padding, 0x11), Buffer.from([0xff, 0xd9])]);
}

export const WEBP_HEADER = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(14)]);
export const HEIC_HEADER = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(12)]);
