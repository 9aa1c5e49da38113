// Work ordered per chat: a chat's tasks run one after another, in the order given; different chats
// run side by side, at most `concurrency` at once.

export interface ChatQueue {
  /** Runs `task` after the chat's earlier tasks; resolves or rejects with it. */
  run<T>(chatId: string, task: () => Promise<T>): Promise<T>;
}

export function createChatQueue(concurrency: number): ChatQueue {
  const tails = new Map<string, Promise<unknown>>();
  let running = 0;
  const waiting: (() => void)[] = [];

  async function slot<T>(task: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  return {
    run(chatId, task) {
      const previous = tails.get(chatId) ?? Promise.resolve();
      const next = previous.then(
        () => slot(task),
        () => slot(task),
      );
      const tail = next.catch(() => undefined);
      tails.set(chatId, tail);
      void tail.then(() => {
        if (tails.get(chatId) === tail) tails.delete(chatId);
      });
      return next;
    },
  };
}
