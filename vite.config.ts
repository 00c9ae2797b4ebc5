import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Test files that serve the production build of the app; they share one `vite build`.
const builtApp = ['test/browser/**/*.test.ts', 'test/twilio/built-server.test.ts'];
// Test files that need a PostgreSQL server; they share one throwaway server.
const postgres = ['test/postgres/**/*.test.ts'];

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/bench/**', 'node_modules/**', ...builtApp, ...postgres] } },
      // Building takes longer than a hook may: vitest runs this once, only when one of these files is queued.
      { extends: true, test: { name: 'built-app', include: builtApp, globalSetup: ['test/support/build-app.ts'] } },
      { extends: true, test: { name: 'postgres', include: postgres, globalSetup: ['test/support/postgres-global-setup.ts'] } }
    ]
  }
});
