import { describe, expect, it } from 'vitest';
import { matchProject } from '../../../src/core/rules/project-match.ts';

const projects = [
  { id: 'a', code: '1', name: '县医院城东院区感染防控中心工程' },
  { id: 'b', code: '2', name: '县中医院综合楼' },
  { id: 'c', code: 'XX-3', name: '县医院信息平台' },
];

describe('matchProject', () => {
  it.each([
    ['1', 'a'],
    ['#2', 'b'],
    ['xx-3', 'c'],
    ['ＸＸ－３', 'c'],
    ['城东院区', 'a'],
    ['城东 院区', 'a'],
    ['县中医院综合楼', 'b'],
    ['信息平台', 'c'],
  ])('%s → %s', (ref, id) => {
    const match = matchProject(ref, projects);
    expect(match.kind === 'found' && match.project.id).toBe(id);
  });

  it('reports an ambiguous part of a name with its candidates', () => {
    const match = matchProject('县医院', projects);
    expect(match.kind).toBe('ambiguous');
    expect(match.kind === 'ambiguous' && match.candidates.map((p) => p.id)).toEqual(['a', 'c']);
  });

  it('finds nothing for an unknown or empty reference', () => {
    expect(matchProject('卫生院', projects).kind).toBe('unknown');
    expect(matchProject('  ', projects).kind).toBe('unknown');
  });
});
