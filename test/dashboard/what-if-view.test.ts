// The what-if blocks of the dashboard without a browser: the words for results stored before
// the what-ifs existed, and for a portfolio without D customers.
import { describe, expect, it } from 'vitest';
import { computePortfolio } from '../../src/domain/engine.ts';
import { portfolioReport } from '../../src/domain/portfolio-report.ts';
import { AS_OF, activity, company, config, portfolio, won } from '../../src/domain/testing/builders.ts';
import { companyWhatIf } from '../../src/domain/what-if.ts';
import { wordsFor } from '../../src/http/dashboard/views/messages.ts';
import { companyWhatIfSection, portfolioWhatIfLine } from '../../src/http/dashboard/views/what-if.view.ts';

const loss = portfolio({
  companies: [company('talker'), company('whale')],
  deals: [won('talker', 6000), won('whale', 100_000)],
  activities: Array.from({ length: 20 }, () => activity('talker', 'meeting', '2026-05-01', { ownerRole: 'management' })),
});
const results = computePortfolio(loss, config(), AS_OF).results;
const talker = results.find((r) => r.companyId === 'talker')!;
const text = (markup: { markup: string } | string) => (typeof markup === 'string' ? markup : markup.markup).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the what-if views', () => {
  it('words the table in Dutch, with the recommended option marked', () => {
    const section = text(companyWhatIfSection(talker, companyWhatIf(talker, config()), wordsFor('nl')));
    expect(section).toContain('Digitaal bedienen aanbevolen');
    expect(section).toContain('20 bezoeken en afspraken → 40 telefoongesprekken en e-mails');
    expect(section).toContain('1.098');
  });

  it('asks for a recalculation when a loss-maker\'s result was stored before the what-ifs', () => {
    const old = { ...talker, activityCounts: undefined };
    expect(text(companyWhatIfSection(old, companyWhatIf(old, config()), wordsFor('en')))).toContain('Recalculate to see what the options for this customer would earn.');
    const report = portfolioReport(results.map((r) => (r.companyId === 'talker' ? old : r)), config(), null);
    expect(text(portfolioWhatIfLine(report, wordsFor('en')))).toContain('Recalculate to see what the recommended actions');
  });

  it('says there is nothing to change without D customers', () => {
    const report = portfolioReport(results.filter((r) => r.companyId === 'whale'), config(), null);
    expect(text(portfolioWhatIfLine(report, wordsFor('en')))).toContain('No D customers: nothing to change.');
    const whale = results.find((r) => r.companyId === 'whale')!;
    expect(companyWhatIfSection(whale, null, wordsFor('en'))).toBe('');
  });
});
