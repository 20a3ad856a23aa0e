import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config for the web build (web/ → dist/web) and for Vitest (tests next to the code).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  test: {
    root: '.',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{server,web,metrics,connectors,examples,bench}/**/*.test.{ts,tsx}'], exclude: ['**/*.browser.test.ts', '**/node_modules/**'] },
      },
      // Each browser test drives its own Chromium; on two cores, two at once starve each other.
      { extends: true, test: { name: 'browser', include: ['web/**/*.browser.test.ts'], fileParallelism: false } },
    ],
  },
});
