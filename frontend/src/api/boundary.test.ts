/// <reference types="node" />
// DESIGN.md: src/api is the only importer of the bindings Wails generates,
// so a change of Go signatures touches one folder of the frontend.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|js|svelte)$/.test(f))
    .map((f) => join(dir, f));
}

describe('the bindings boundary', () => {
  it('finds the sources it checks', () => {
    expect(sources(src).length).toBeGreaterThan(10);
  });

  it('keeps every import of wailsjs inside src/api', () => {
    const offenders = sources(src)
      .filter((file) => !relative(src, file).startsWith('api/'))
      .filter((file) => /from\s+['"][^'"]*wailsjs|import\(\s*['"][^'"]*wailsjs|window\.go\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    expect(offenders).toEqual([]);
  });
});
