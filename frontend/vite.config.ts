/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { writeFileSync } from 'node:fs';

// go:embed needs frontend/dist to exist in a fresh clone, so a placeholder is
// committed there; emptyOutDir deletes it on every build, so put it back.
const keepDistPlaceholder = {
  name: 'keep-dist-placeholder',
  closeBundle() {
    writeFileSync('dist/.gitkeep', '');
  },
};

export default defineConfig({
  plugins: [svelte(), svelteTesting(), keepDistPlaceholder],
  // Wails serves the built files from its own asset server: relative paths
  // keep them working whatever the origin is.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // A test that does not end within a minute is stuck, not slow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Lets src/theme.test.ts read the colours from app.css.
    css: { include: [/app\.css/] },
    // Each test starts from the mocks' own default behaviour, with no calls recorded.
    mockReset: true,
  },
});
