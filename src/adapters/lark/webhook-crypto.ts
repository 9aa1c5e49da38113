// The cryptography of Lark's webhook: the request signature and the event encryption, both keyed by
// the console's Encrypt Key.
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** sha256hex(timestamp + nonce + encryptKey + body), as Lark signs a request (X-Lark-Signature). */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, body: Buffer): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, 'utf8'), body])).digest('hex');
}

/** True when `signature` is the request's signature (compared in constant time). */
export function verifyLarkSignature(signature: string, timestamp: string, nonce: string, encryptKey: string, body: Buffer): boolean {
  const expected = Buffer.from(larkSignature(timestamp, nonce, encryptKey, body), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Decrypts an `{"encrypt": …}` body: base64 of a 16-byte IV followed by AES-256-CBC ciphertext,
 * keyed by sha256(encryptKey). Throws on a wrong key or a damaged body.
 */
export function decryptLarkBody(encrypt: string, encryptKey: string): string {
  const data = Buffer.from(encrypt, 'base64');
  if (data.length < 32) throw new Error('encrypted body too short');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
