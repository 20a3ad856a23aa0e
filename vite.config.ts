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
    include: ['{server,web,metrics,connectors,examples,bench}/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
