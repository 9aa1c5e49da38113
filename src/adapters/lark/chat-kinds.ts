// Remembers whether a chat id is a group or a private chat. Lark's chat ids ("oc_…") look the same
// for both, and a card callback does not say which; messages and private sends tell us.
import type { ChatKind } from '../../core/model.ts';

/** A bounded map of chat id → kind (oldest entries dropped first). */
export class ChatKinds {
  readonly #kinds = new Map<string, ChatKind>();

  constructor(private readonly limit = 10_000) {}

  /** Records what a message or a send showed about a chat. */
  learn(chatId: string, kind: ChatKind): void {
    if (!chatId) return;
    this.#kinds.delete(chatId);
    this.#kinds.set(chatId, kind);
    if (this.#kinds.size > this.limit) {
      const oldest = this.#kinds.keys().next().value;
      if (oldest !== undefined) this.#kinds.delete(oldest);
    }
  }

  /** The kind of a destination: open_ids ("ou_…") are people; chat ids as seen, if seen. */
  kindOf(to: string): ChatKind | undefined {
    if (to.startsWith('ou_')) return 'private';
    return this.#kinds.get(to);
  }
}
