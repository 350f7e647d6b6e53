/**
 * The container image lane (`npm run test:image`): test/image/ builds the image with podman and
 * places a call through it. Apart from `npm test`, which does not need podman and should not wait
 * minutes for an image build; .ci/run runs both.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'image',
    include: ['test/image/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
  },
});
