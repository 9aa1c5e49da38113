// The central directory of a zip archive (an .xlsx is one): each entry's name, method and sizes,
// read without unpacking anything, so a workbook can be judged before a parser inflates it. Plain
// zip only (no zip64, no encryption): an office workbook small enough to upload never needs them.
import { inflateRawSync } from 'node:zlib';

/** One file in the archive, as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** As declared; {@link inflateZipEntry} checks that the data keeps to it. */
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

/** The archive is not a zip this reader accepts. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const MAX_END_SEARCH = 22 + 0xffff;

/** The entries listed in the central directory, in order. */
export function readZipDirectory(zip: Buffer): ZipEntry[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - MAX_END_SEARCH); i--) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipFormatError('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipFormatError('zip64 archives are not read');
  if (offset + size > end) throw new ZipFormatError('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== DIRECTORY_HEADER) throw new ZipFormatError(`bad central directory entry ${n}`);
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    };
    if (flags & 1) throw new ZipFormatError(`${entry.name} is encrypted`);
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipFormatError('zip64 entries are not read');
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes (a view into the archive). */
export function zipEntryData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) throw new ZipFormatError(`${entry.name}: bad local header`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + entry.compressedSize > zip.length) throw new ZipFormatError(`${entry.name}: data out of bounds`);
  return zip.subarray(start, start + entry.compressedSize);
}

/**
 * The entry's contents, never more than its declared size: an entry whose data inflates beyond
 * what the directory says (a lying header, the trick of zip bombs) is refused as soon as it does.
 */
export function inflateZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const data = zipEntryData(zip, entry);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new ZipFormatError(`${entry.name}: stored sizes differ`);
    return data;
  }
  if (entry.method !== 8) throw new ZipFormatError(`${entry.name}: compression method ${entry.method} is not read`);
  let out: Buffer;
  try {
    // maxOutputLength 0 is not allowed: an empty entry may hold at most one byte, then is checked.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipFormatError(`${entry.name}: inflates beyond its declared ${entry.uncompressedSize} bytes`);
    throw new ZipFormatError(`${entry.name}: ${(error as Error).message}`);
  }
  if (out.length !== entry.uncompressedSize) throw new ZipFormatError(`${entry.name}: inflates to ${out.length} bytes, declared ${entry.uncompressedSize}`);
  return out;
}
