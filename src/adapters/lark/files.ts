// Files sent to the bot: fetched from Lark only when a command asks for them, never to disk.
import type * as lark from '@larksuiteoapi/node-sdk';
import type { IncomingFile } from '../../core/platform.ts';
import { toLarkApiError } from './errors.ts';

/** The most a file may hold (a project list is a few hundred kB). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Downloads a message's file ("<message id>/<file key>") or image ("<message id>/<image key>/image")
 * into memory, refusing more than `maxBytes`.
 */
export async function fetchLarkFile(client: lark.Client, file: IncomingFile, maxBytes = MAX_FILE_BYTES): Promise<Uint8Array> {
  const [messageId = '', fileKey = '', kind = 'file'] = file.ref.split('/');
  if (!messageId || !fileKey || (kind !== 'file' && kind !== 'image')) throw new Error(`not a Lark file reference: ${file.ref}`);
  let resource;
  try {
    resource = await client.im.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: kind } });
  } catch (error) {
    throw toLarkApiError('im.v1.messageResource.get', error);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of resource.getReadableStream()) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) throw new Error(`file larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
