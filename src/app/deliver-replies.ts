// Delivers the router's replies: to the chat the message came from directly (quick answers), and
// to any other chat through the outbox (reliable). A direct send that fails is queued in the outbox
// so the answer is not lost.
import type { CoreDeps } from '../core/context.ts';
import { enqueueMessages } from '../core/outbox/enqueue.ts';
import type { ChatPlatform } from '../core/platform.ts';
import type { Reply } from '../core/router.ts';

export type DeliverReplies = (platform: ChatPlatform, chatId: string, replies: Reply[], eventKey: string) => Promise<void>;

export function createReplyDelivery(deps: CoreDeps, onQueued: () => void): DeliverReplies {
  return async (platform, chatId, replies, eventKey) => {
    const queued = [];
    for (const [index, reply] of replies.entries()) {
      const to = reply.to ?? { platform: platform.name, chatId };
      const key = reply.key ?? `reply:${platform.name}:${eventKey}:${index}`;
      if (to.platform === platform.name && to.chatId === chatId) {
        try {
          // The same key as the outbox would use: a platform that de-duplicates (Lark's uuid) never
          // delivers a reply twice even if this send timed out after delivering and is queued again.
          await platform.send(chatId, reply.message, { idempotencyKey: key });
          continue;
        } catch (error) {
          deps.log.warn('direct reply failed; queued for retry', { platform: platform.name, chatId, error: String(error) });
        }
      }
      queued.push({ key, to, message: reply.message });
    }
    if (queued.length) {
      await enqueueMessages(deps.db, queued, deps.now());
      onQueued();
    }
  };
}
