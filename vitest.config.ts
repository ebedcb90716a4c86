import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'webhooks/**/*.test.ts',
      'test/**/*.test.ts',
      // The HubSpot card (its own package and tsconfig; JSX compiled with the automatic runtime).
      'extensions/src/app/cards/**/*.test.{ts,tsx}',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
