import { describe, expect, it } from 'vitest';
import { classify, LineJoiner } from '../../../src/adapters/sandbox/input.ts';
import { parseLocalTime } from '../../../src/adapters/sandbox/sandbox.ts';

describe('sandbox input', () => {
  it('joins lines ending with a backslash into one message', () => {
    const joiner = new LineJoiner();
    expect(joiner.push('/report 1 \\')).toBeNull();
    expect(joiner.open).toBe(true);
    expect(joiner.push('形象进度: 45% \\')).toBeNull();
    expect(joiner.push('累计完成投资: 3200万')).toBe('/report 1 \n形象进度: 45% \n累计完成投资: 3200万');
    expect(joiner.push('/status')).toBe('/status');
    expect(joiner.push('dangling \\')).toBeNull();
    expect(joiner.flush()).toBe('dangling ');
  });

  it('tells controls from messages', () => {
    expect(classify(':as 张科长')).toEqual({ kind: 'control', name: 'as', arg: '张科长' });
    expect(classify(':CLOCK 2026-11-19T16:00')).toEqual({ kind: 'control', name: 'clock', arg: '2026-11-19T16:00' });
    expect(classify('  ')).toEqual({ kind: 'blank' });
    expect(classify('进度：45%')).toEqual({ kind: 'message', text: '进度：45%' });
  });

  it('reads clock times in the org zone', () => {
    expect(parseLocalTime('2026-11-19T16:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(parseLocalTime('2026-11-19 16:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(parseLocalTime('2026-11-19T08:00:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(parseLocalTime('next thursday', 'Asia/Shanghai')).toBeNull();
  });
});
