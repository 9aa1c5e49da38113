// The office's own words in every zh-CN message: 项目办 (never 协调员), 其 (never the casual TA).
import { expect, it } from 'vitest';
import { catalogTables } from '../../../src/core/messages/catalog/index.ts';

it('says 项目办 and 其, never 协调员 or TA, in zh-CN', () => {
  const zh = catalogTables()['zh-CN'];
  const offending = Object.entries(zh).filter(([, text]) => /协调员|(^|[^A-Za-z])TA([^A-Za-z]|$)/.test(text));
  expect(offending).toEqual([]);
  expect(zh['schedule.leave.done']).toContain('不给其发提醒');
});
