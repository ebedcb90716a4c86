import { describe, expect, it } from 'vitest';
import { COST_LINES } from './cost-to-serve.ts';
import { DEFAULT_MODEL_CONFIG } from './default-model-config.ts';
import { drivers, type ExplanationFacts } from './explanation.ts';
import { LABELS, LANGUAGES, roleLabel, spelledOut, touchpointLabel } from './labels.ts';
import { SEGMENTS } from './records.ts';

/** Every label of every list, with where it is. */
function everyLabel(language: (typeof LANGUAGES)[number]): [string, string][] {
  return Object.entries(LABELS[language]).flatMap(([list, labels]) => Object.entries(labels as Record<string, string>).map(([code, label]): [string, string] => [`${list}.${code}`, label]));
}

describe('labels', () => {
  it('word every code in both languages, as words rather than codes', () => {
    for (const language of LANGUAGES) {
      for (const [where, label] of everyLabel(language)) {
        expect(label.trim(), `${language} ${where}`).not.toBe('');
        expect(label, `${language} ${where}`).not.toMatch(/_|[a-z][A-Z]/);
      }
    }
    expect(everyLabel('nl').map(([where]) => where)).toEqual(everyLabel('en').map(([where]) => where));
  });

  it('are Dutch in Dutch', () => {
    expect(LABELS.en.roles.account_manager).toBe('Account manager');
    expect(LABELS.nl.roles.account_manager).toBe('Accountmanager');
    expect(LABELS.en.costLines.orderHandling).toBe('Order handling');
    expect(LABELS.nl.costLines.orderHandling).toBe('Orderverwerking');
    expect(LABELS.nl.flags.over_served).toBe('Te veel bediend');
    const same = everyLabel('en').filter(([where, label]) => everyLabel('nl').find(([w]) => w === where)![1] === label);
    // Only words the two languages share (OK, Management, Tickets, Prospect, segment letters…).
    expect(same.length).toBeLessThan(everyLabel('en').length / 4);
  });

  it('cover the default config’s roles and touchpoints, every cost line and every driver the model names', () => {
    for (const language of LANGUAGES) {
      for (const role of Object.keys(DEFAULT_MODEL_CONFIG.costs.hourlyRate)) expect(LABELS[language].roles, role).toHaveProperty(role);
      for (const s of SEGMENTS) for (const tp of DEFAULT_MODEL_CONFIG.contacts.schedule[s]) expect(LABELS[language].touchpoints, tp.name).toHaveProperty([tp.name]);
      expect(Object.keys(LABELS[language].costLines).sort()).toEqual([...COST_LINES].sort());
    }
    const everything: ExplanationFacts = {
      segment: 'A',
      segmentComputed: 'A',
      override: null,
      pyramidLevel: 'top',
      valueRank: 1,
      valueScore: null,
      customers: 1,
      netContribution: 1,
      strategicValue: 1,
      totalValue: 6,
      clv: 1,
      referralValue: 1,
      influenceValue: 1,
      referenceValue: 1,
      knowledgeValue: 1,
      growthPotential: 2,
      costToServe: 10,
      costBreakdown: Object.fromEntries(COST_LINES.map((line) => [line, 1])) as unknown as ExplanationFacts['costBreakdown'],
    };
    // drivers() keeps the top three; rotate which are biggest so each element gets its turn.
    const keys = ['clv', 'referralValue', 'influenceValue', 'referenceValue', 'knowledgeValue', 'growthPotential'] as const;
    const named = new Set(keys.flatMap((key) => drivers({ ...everything, [key]: 100 }, DEFAULT_MODEL_CONFIG).filter((d) => d.kind === 'value').map((d) => d.element)));
    expect([...named].sort()).toEqual(Object.keys(LABELS.en.valueElements).sort());
  });

  it('spell out a role or touchpoint nobody labelled', () => {
    expect(roleLabel('account_manager', 'nl')).toBe('Accountmanager');
    expect(roleLabel('field_engineer', 'en')).toBe('Field engineer');
    expect(roleLabel('toString', 'en')).toBe('To string');
    expect(spelledOut('orderHandling')).toBe('Order handling');
    expect(touchpointLabel('account visit', 'nl')).toBe('Accountbezoek');
    expect(touchpointLabel('quarterly review', 'nl')).toBe('Quarterly review');
  });
});
