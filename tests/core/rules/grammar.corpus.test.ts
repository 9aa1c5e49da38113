// The corpus: hundreds of reports as people really type them, each with what it must give.
import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../../../src/core/messages/catalog/index.ts';
import { formatWan } from '../../../src/core/rules/money.ts';
import { parseSubmission, type ParsedSubmission } from '../../../src/core/rules/submission/index.ts';
import { CORPUS, type Fields } from './grammar-corpus.ts';

/** A submission in the corpus's terms, with every field present so nothing extra goes unnoticed. */
function view(s: ParsedSubmission): Required<Fields> {
  return {
    projectRef: s.projectRef as string,
    week: s.week as never,
    progress: s.progress as number,
    invested: (s.investedThisWeek === undefined ? undefined : formatWan(s.investedThisWeek)) as string,
    cumulative: (s.cumulative === undefined ? undefined : formatWan(s.cumulative)) as string,
    done: s.done as string,
    problems: s.problems as string[],
    nextPlan: s.nextPlan as string,
    help: s.help as string,
    reason: s.reason as string,
    notes: s.notes as never,
    confirmed: s.confirmed,
  };
}

function expected(fields: Fields): Required<Fields> {
  return { ...view({ confirmed: false }), ...fields, confirmed: fields.confirmed ?? false };
}

const label = (c: (typeof CORPUS)[number]) => `${c.group}: ${JSON.stringify(c.input).slice(0, 90)}`;

describe('the grammar corpus', () => {
  it('has at least 300 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
  });

  it.each(CORPUS.filter((c) => 'fields' in c).map((c) => [label(c), c] as const))('reads %s', (_name, c) => {
    const result = parseSubmission(c.input);
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
    if ('fields' in c) expect(view(result.submission)).toEqual(expected(c.fields));
  });

  it.each(CORPUS.filter((c) => 'refused' in c).map((c) => [label(c), c] as const))('refuses %s', (_name, c) => {
    const result = parseSubmission(c.input);
    expect(result.ok, JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(false);
    if (result.ok || !('refused' in c)) return;
    expect(result.errors.map((e) => ({ field: e.field, key: e.key }))).toEqual(c.refused.map((r) => ({ field: r.field, key: r.key })));
    c.refused.forEach((r, i) => {
      if (r.figure !== undefined) expect(result.errors[i]?.params.figure).toBe(r.figure);
    });
    for (const error of result.errors) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const text = t(locale, error.key as MessageKey, error.params);
        expect(text, `${locale} ${error.key}`).not.toBe(error.key);
        expect(text, `${locale} ${error.key} fills every param`).not.toMatch(/\{\w+\}/);
        if (error.params.figure !== undefined) expect(text).toContain(String(error.params.figure));
      }
    }
  });
});
