import { describe, expect, it } from 'vitest';
import { dependentCompanies } from './dependants.ts';
import { company, relation } from './testing/builders.ts';

const links = {
  companies: [company('member', { parentId: 'holding' }), company('lone')],
  relations: [relation('chairman', 'member', 'influence'), relation('friend', 'member', 'referral'), relation('group', 'member', 'parent'), relation('member', 'supplier', 'influence')],
};

describe('dependentCompanies', () => {
  it('finds who referred or influences a changed company, not whom it influences', () => {
    expect([...dependentCompanies(new Set(['member']), links, { parentInfluence: false })].sort()).toEqual(['chairman', 'friend']);
  });

  it('adds its parents, from the company record and from parent relations, only with parentInfluence', () => {
    expect([...dependentCompanies(new Set(['member']), links, { parentInfluence: true })].sort()).toEqual(['chairman', 'friend', 'group', 'holding']);
  });

  it('leaves out the changed companies themselves and companies nobody reads', () => {
    expect([...dependentCompanies(new Set(['member', 'chairman', 'lone']), links, { parentInfluence: false })]).toEqual(['friend']);
    expect(dependentCompanies(new Set(['supplier']), links, { parentInfluence: true })).toEqual(new Set(['member']));
  });
});
