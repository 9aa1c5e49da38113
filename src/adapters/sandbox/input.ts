// Reads the sandbox's input: joins continued lines and tells controls from chat messages. Pure.

export type SandboxInput =
  | { kind: 'message'; text: string }
  | { kind: 'control'; name: string; arg: string }
  | { kind: 'blank' };

/**
 * Joins physical lines into logical ones: a line ending with a backslash continues on the next.
 * Feed lines one by one; `push` returns a complete logical line or null while one is still open.
 */
export class LineJoiner {
  #pending: string[] = [];

  push(line: string): string | null {
    const stripped = line.replace(/\r$/, '');
    if (/\\\s*$/.test(stripped)) {
      this.#pending.push(stripped.replace(/\\\s*$/, ''));
      return null;
    }
    const whole = [...this.#pending, stripped].join('\n');
    this.#pending = [];
    return whole;
  }

  /** Whatever was still open at the end of input. */
  flush(): string | null {
    if (this.#pending.length === 0) return null;
    const whole = this.#pending.join('\n');
    this.#pending = [];
    return whole;
  }

  get open(): boolean {
    return this.#pending.length > 0;
  }
}

/** Classifies a logical line. Controls start with ":" (":as 张三"). */
export function classify(line: string): SandboxInput {
  if (!line.trim()) return { kind: 'blank' };
  const control = /^:(\w+)\s*([\s\S]*)$/.exec(line.trim());
  if (control) return { kind: 'control', name: (control[1] ?? '').toLowerCase(), arg: (control[2] ?? '').trim() };
  return { kind: 'message', text: line };
}
