/**
 * The package lane (`npm run test:package`): packs callflow as npm would publish it (prepack builds
 * the compiled engine and the editor) and installs the tarball into a scratch repository. It takes
 * minutes, mostly the build and npm, so it runs beside the image lane rather than in `npm test`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
