// An in-process chat platform that records what it is asked to send and can be told to fail.
// Used where the platform itself is not under test (the outbox, the scheduler).
import type { OutboundMessage } from '../../src/core/messages/outbound.ts';
import type { Platform } from '../../src/core/model.ts';
import type { SendError } from '../../src/core/platform.ts';
import type { ChatPlatform, SendOptions, SendResult } from '../../src/core/platform.ts';

export class MemoryPlatform implements ChatPlatform {
  readonly sent: { to: string; message: OutboundMessage; key?: string }[] = [];
  /** Failures to return for the next sends, in order. */
  readonly failures: SendError[] = [];
  /** Called before each send (a test moves its clock, looks at the store, or throws a failure here). */
  beforeSend: ((to: string) => Promise<void> | void) | null = null;
  /** Chats whose send window is full, with how long a message would wait (see ChatPlatform.sendDelayMs). */
  readonly busy = new Map<string, number>();
  #seq = 0;

  constructor(readonly name: Platform = 'sandbox') {}

  async send(to: string, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    await this.beforeSend?.(to);
    await options?.onSending?.();
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ to, message, key: options?.idempotencyKey });
    return { platformMessageId: String(++this.#seq) };
  }

  sendDelayMs(to: string): number {
    return this.busy.get(to) ?? 0;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
