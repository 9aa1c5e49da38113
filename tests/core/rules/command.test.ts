import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../../src/core/commands/command-table.ts';

describe('parseCommand', () => {
  it.each([
    ['/report 城东院区 45%', { name: 'report', args: '城东院区 45%' }],
    ['/report@progress_bot 城东院区', { name: 'report', args: '城东院区' }],
    ['/REPORT 1', { name: 'report', args: '1' }],
    ['填报 城东院区\n形象进度: 45%', { name: 'report', args: '城东院区\n形象进度: 45%' }],
    ['/report\n形象进度: 45%', { name: 'report', args: '\n形象进度: 45%' }],
    ['／填报 1', { name: 'report', args: '1' }],
    ['进度', { name: 'status', args: '' }],
    ['未报', { name: 'missing', args: '' }],
    ['问题 县医院', { name: 'problems', args: '县医院' }],
    ['帮助', { name: 'help', args: '' }],
    ['确认', { name: 'confirm', args: '' }],
    ['confirm', { name: 'confirm', args: '' }],
    ['/start', { name: 'help', args: '' }],
    ['/提醒', { name: 'remind', args: '' }],
    ['/请假 张科长 至 2026-12-01', { name: 'leave', args: '张科长 至 2026-12-01' }],
    ['  \u200b/status  ', { name: 'status', args: '' }],
  ])('%j', (text, expected) => {
    expect(parseChatCommand(text, 'progress_bot')).toEqual(expected);
  });

  it.each([
    ['进度：45%'], // a report field, not the /status alias
    ['进度: 45%'],
    ['/report@other_bot 1'], // addressed to another bot
    ['hello'],
    ['/unknowncommand'],
    ['今天天气不错'],
    ['提醒 大家明天开会'], // only with "/" in free text
    ['请假 一天'],
    [''],
  ])('ignores %j', (text) => {
    expect(parseChatCommand(text, 'progress_bot')).toBeNull();
  });
});
