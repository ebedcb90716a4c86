// Days before the sample's date. No record lands on a day a 12-month boundary can fall on
// (365 or 366 days back, and its multiples): a window of 12 calendar months holds 365 or 366
// days depending on leap years and the hour, and a record on such a day would be in the
// window one year and out of it the next. Kept away from them, the sample moved to any day
// (living-sample.ts) gives the same figures.

export const DAY = 86_400_000;

/** The days a boundary of the window, the year before or the retention periods can fall on. */
const YEAR_ENDS = [1, 2, 3].map((years) => ({ first: 365 * years - 1, last: 365 * years + years + 1 }));

/** `daysAgo`, moved out of the days around a year's end (to the day before them). */
export function awayFromYearEnds(daysAgo: number): number {
  for (const end of YEAR_ENDS) if (daysAgo >= end.first && daysAgo <= end.last) return end.first - 1;
  return daysAgo;
}
