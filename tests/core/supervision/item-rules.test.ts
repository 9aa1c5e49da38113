// The pure rules of 督办 items: 期限, overdue ladder, scope, 延期 dates, solved mentions.
import { describe, expect, it } from 'vitest';
import {
  canDirectItem,
  canSeeItem,
  countsAsOverdue,
  defaultDueDate,
  dueDay,
  matchSolved,
  overdueActions,
  overdueWeeks,
  parseDueDate,
  solvedMention,
  splitCoordination,
} from '../../../src/core/supervision/item-rules.ts';
import { readItemRef } from '../../../src/core/supervision/load-item.ts';

const ZONE = 'Asia/Shanghai';
const WED = new Date('2026-11-18T02:00:00Z'); // Wednesday 10:00 in Shanghai

describe('督办 item rules', () => {
  it('gives a 期限 at the end of the local day, weeks later', () => {
    const due = defaultDueDate(WED, ZONE, 2);
    expect(due.toISOString()).toBe('2026-12-02T16:00:00.000Z'); // 2026-12-03 00:00 in Shanghai
    expect(dueDay(due, ZONE)).toBe('2026-12-02');
  });

  it('counts weeks overdue from the 期限 and climbs the ladder', () => {
    const due = defaultDueDate(WED, ZONE, 2);
    expect(overdueWeeks(due, new Date('2026-12-02T15:59:59Z'))).toBe(0);
    expect(overdueWeeks(due, due)).toBe(1);
    expect(overdueWeeks(due, new Date('2026-12-10T00:00:00Z'))).toBe(2);
    const thresholds = { leaderAfter: 2, standingsAfter: 3 };
    const open = { status: 'open', dueDate: due };
    expect(overdueActions(open, new Date('2026-12-04T00:00:00Z'), thresholds)).toEqual({ nudgeOwner: true, tellLeader: false, listInStandings: false });
    expect(overdueActions(open, new Date('2026-12-10T00:00:00Z'), thresholds)).toEqual({ nudgeOwner: true, tellLeader: true, listInStandings: false });
    expect(overdueActions(open, new Date('2026-12-17T00:00:00Z'), thresholds)).toEqual({ nudgeOwner: true, tellLeader: true, listInStandings: true });
    // 已办结 waits for the coordinator's 销号: not chased.
    expect(overdueActions({ status: 'resolved', dueDate: due }, new Date('2026-12-17T00:00:00Z'), thresholds).nudgeOwner).toBe(false);
  });

  it('counts 超期问题 by 期限, and by age for items without one', () => {
    const at = new Date('2026-12-10T00:00:00Z');
    expect(countsAsOverdue({ status: 'open', dueDate: defaultDueDate(WED, ZONE, 2) }, 0, at, 4)).toBe(true);
    expect(countsAsOverdue({ status: 'in_progress', dueDate: defaultDueDate(WED, ZONE, 4) }, 9, at, 4)).toBe(false);
    expect(countsAsOverdue({ status: 'open', dueDate: null }, 4, at, 4)).toBe(true);
    expect(countsAsOverdue({ status: 'open', dueDate: null }, 3, at, 4)).toBe(false);
  });

  it('reads a new 期限 as a date or a span, after today', () => {
    const day = (text: string) => {
      const due = parseDueDate(text, WED, ZONE);
      return due ? dueDay(due, ZONE) : null;
    };
    expect(day('2026-12-31')).toBe('2026-12-31');
    expect(day('12月31日')).toBe('2026-12-31');
    expect(day('12/31')).toBe('2026-12-31');
    expect(day('1月10日')).toBe('2027-01-10');
    expect(day('2周')).toBe('2026-12-02');
    expect(day('10天')).toBe('2026-11-28');
    expect(day('2026-02-30')).toBeNull();
    expect(day('2026-11-01')).toBeNull();
    expect(day('下个月')).toBeNull();
  });

  it('shows items only to the project’s owner, leader, coordinators and the person it was given to', () => {
    const item = { orgId: 'o', leaderId: 'leader', ownerId: 'owner', assigneePersonId: null };
    const person = (id: string, isCoordinator = false, orgId = 'o') => ({ id, orgId, isCoordinator });
    expect(canSeeItem(person('owner'), item)).toBe(true);
    expect(canSeeItem(person('leader'), item)).toBe(true);
    expect(canSeeItem(person('office', true), item)).toBe(true);
    expect(canSeeItem(person('office', true, 'other'), item)).toBe(false);
    expect(canSeeItem(person('someone'), item)).toBe(false);
    expect(canSeeItem(person('someone'), { ...item, assigneePersonId: 'someone' })).toBe(true);
    expect(canDirectItem(person('owner'), item)).toBe(false);
    expect(canDirectItem(person('leader'), item)).toBe(true);
  });

  it('reads a report line that says an item is solved', () => {
    expect(solvedMention('问题1已解决')).toEqual({ number: 1 });
    expect(solvedMention('#12 已办结')).toEqual({ number: 12 });
    expect(solvedMention('3号问题已解决。')).toEqual({ number: 3 });
    expect(solvedMention('已解决：施工用电增容审批未完成')).toEqual({ text: '施工用电增容审批未完成' });
    expect(solvedMention('施工用电增容审批未完成（已解决）')).toEqual({ text: '施工用电增容审批未完成' });
    expect(solvedMention('雨季影响土方外运')).toBeNull();
    const items = [{ number: 1, text: '施工用电增容审批未完成' }];
    expect(matchSolved({ text: '施工用电增容审批未完成' }, items)).toBe(items[0]);
    expect(matchSolved({ text: '主体结构' }, items)).toBeUndefined();
  });

  it('splits 需协调事项 into items and reads item references', () => {
    expect(splitCoordination('1. 需协调供电公司增容 2. 用地指标')).toEqual(['需协调供电公司增容', '用地指标']);
    expect(splitCoordination('需协调供电公司增容\n用地指标')).toEqual(['需协调供电公司增容', '用地指标']);
    expect(splitCoordination('无')).toEqual([]);
    expect(readItemRef('#12 请加快')).toEqual({ number: 12, rest: '请加快' });
    expect(readItemRef('12：请加快')).toEqual({ number: 12, rest: '请加快' });
    expect(readItemRef('问题3')).toEqual({ number: 3, rest: '' });
    expect(readItemRef('加快')).toBeNull();
  });
});
