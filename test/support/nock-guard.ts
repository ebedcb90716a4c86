// For test files whose CRM calls nock answers: no request leaves the machine, and each test
// uses every answer it set up (an interceptor left over means a call the code should have
// made and did not). Call once at the top of the file.
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';

export function guardNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'interceptors the test set up and the code never called').toEqual([]);
  });
}
