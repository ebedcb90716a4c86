// The CSV folder a command line reads, found before the CLI loads (its threads start then).
import { describe, expect, it } from 'vitest';
import { csvFolderOf, makesResultsInParts } from '../../src/cli/early-start.ts';

describe('the folder a command reads, for its early threads', () => {
  it('is recalc\'s --input, in either form', () => {
    expect(csvFolderOf(['recalc', '--input', 'exports/nov', '--format', 'csv'])).toBe('exports/nov');
    expect(csvFolderOf(['recalc', '--as-of', '2026-11-01', '--input=exports/nov'])).toBe('exports/nov');
  });

  it('is import\'s --input or its argument', () => {
    expect(csvFolderOf(['import', '--input', 'exports/nov'])).toBe('exports/nov');
    expect(csvFolderOf(['import', 'exports/nov', '--no-recalc'])).toBe('exports/nov');
  });

  it('is none for a command that reads no folder, or without one', () => {
    expect(csvFolderOf(['recalc', '--format', 'csv'])).toBeUndefined();
    expect(csvFolderOf(['recalc', '--input='])).toBeUndefined();
    expect(csvFolderOf(['serve', '--input', 'exports/nov'])).toBeUndefined();
    expect(csvFolderOf(['import', '--no-recalc'])).toBeUndefined();
    expect(csvFolderOf([])).toBeUndefined();
  });

  it('knows when the results are made in two parts: all of them, as JSON or CSV', () => {
    expect(makesResultsInParts(['recalc', '--input', 'x', '--format', 'csv'])).toBe(true);
    expect(makesResultsInParts(['recalc', '--input', 'x', '--format=json'])).toBe(true);
    expect(makesResultsInParts(['recalc', '--input', 'x'])).toBe(false);
    expect(makesResultsInParts(['recalc', '--input', 'x', '--format', 'csv', '--company', 'c-1'])).toBe(false);
    expect(makesResultsInParts(['import', 'x', '--format', 'csv'])).toBe(false);
  });
});
