// @vitest-environment node
/**
 * The layer rule of STYLE.md: `layerOf` and `violation` case by case, then
 * the rule itself through ESLint's RuleTester on real import statements.
 */
import path from 'node:path';
import { RuleTester, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

interface LayersModule {
  layerOf: (file: string) => string;
  violation: (from: string, target: string, isPackage: boolean, specifier: string) => string | null;
  default: { rules: { layers: Rule.RuleModule } };
}

// layers.js is plain JavaScript without types; a variable specifier keeps tsc from asking for a declaration file.
const LAYERS_MODULE = './layers.js';
const { layerOf, violation, default: plugin } = (await import(/* @vite-ignore */ LAYERS_MODULE)) as LayersModule;

const ROOT = path.resolve(import.meta.dirname, '..');
const file = (relative: string) => path.join(ROOT, relative);
const packageImport = (from: string, specifier: string) => violation(from, 'package', true, specifier);

describe('layerOf', () => {
  it.each([
    ['src/shared/text.ts', 'shared'],
    ['src/server/routes/households.ts', 'server'],
    ['src/client/features/visit/visit-screen.tsx', 'client/features/visit'],
    ['src/client/features/households/household-row.tsx', 'client/features/households'],
    ['src/client/data/households.ts', 'client/data'],
    ['src/client/ui/button.tsx', 'client/ui'],
    ['src/client/lib/i18n.ts', 'client/lib'],
    ['src/client/app/app.tsx', 'client/app'],
    ['src/client/main.tsx', 'client/root'],
    ['tests/setup.ts', 'other'],
    ['eslint.config.js', 'other'],
  ])('puts %s in %s', (relative, layer) => {
    expect(layerOf(file(relative))).toBe(layer);
  });
});

describe('violation: packages', () => {
  it('lets shared/ import zod and nothing else', () => {
    expect(packageImport('shared', 'zod')).toBeNull();
    expect(packageImport('shared', 'react')).toMatch(/shared\/ imports only zod, not "react"/);
    expect(packageImport('shared', '@testing-library/react')).toMatch(/not "@testing-library\/react"/);
  });

  it('keeps Dexie inside data/', () => {
    expect(packageImport('client/data', 'dexie')).toBeNull();
    expect(packageImport('client/features/households', 'dexie')).toMatch(/"dexie" is used only in client\/data/);
    expect(packageImport('client/ui', 'dexie/dist/dexie.mjs')).toMatch(/"dexie"/);
  });

  it('keeps i18next, react-i18next, html5-qrcode, qrcode and workbox-window inside lib/', () => {
    for (const name of ['i18next', 'react-i18next', 'html5-qrcode', 'qrcode', 'workbox-window']) {
      expect(packageImport('client/lib', name), name).toBeNull();
      expect(packageImport('client/features/settings', name), name).toMatch(/is used only in client\/lib/);
      expect(packageImport('client/app', name), name).not.toBeNull();
    }
  });

  it('keeps React out of data/', () => {
    for (const name of ['react', 'react-dom', 'dexie-react-hooks', 'zustand']) {
      expect(packageImport('client/data', name), name).toMatch(/data\/ knows nothing of React/);
    }
  });

  it('lets features use React, dexie-react-hooks and zustand', () => {
    for (const name of ['react', 'dexie-react-hooks', 'zustand']) {
      expect(packageImport('client/features/visit', name), name).toBeNull();
    }
  });

  it('puts no rule on files outside the layers, such as tests/ and configs', () => {
    expect(packageImport('other', 'dexie')).toBeNull();
    expect(packageImport('other', 'i18next')).toBeNull();
  });
});

describe('violation: our own modules', () => {
  it.each([
    ['shared', 'client/data', 'shared/ imports nothing of ours'],
    ['client/features/visit', 'server', 'the client never imports the server'],
    ['client/data', 'server', 'the client never imports the server'],
    ['server', 'client/data', 'the server never imports the client'],
    ['client/features/visit', 'client/features/households', 'a feature never imports another feature'],
    ['client/features/visit', 'client/app', 'features never import app/'],
    ['client/ui', 'client/data', 'ui/ never imports data, features or app'],
    ['client/ui', 'client/features/households', 'ui/ never imports data, features or app'],
    ['client/lib', 'client/data', 'lib/ wraps libraries only'],
    ['client/lib', 'client/ui', 'lib/ wraps libraries only'],
    ['client/data', 'client/ui', 'data/ never imports UI code'],
    ['client/data', 'client/lib', 'data/ never imports UI code'],
  ])('forbids %s → %s', (from, target, message) => {
    expect(violation(from, target, false, './x')).toBe(message);
  });

  it.each([
    ['shared', 'shared'],
    ['server', 'shared'],
    ['client/data', 'shared'],
    ['client/features/visit', 'client/features/visit'],
    ['client/features/visit', 'client/data'],
    ['client/features/visit', 'client/ui'],
    ['client/features/visit', 'client/lib'],
    ['client/ui', 'client/lib'],
    ['client/ui', 'shared'],
    ['client/app', 'client/features/households'],
    ['client/root', 'client/app'],
    ['other', 'client/data'],
  ])('allows %s → %s', (from, target) => {
    expect(violation(from, target, false, './x')).toBeNull();
  });
});

describe('the go-cua/layers rule in ESLint', () => {
  RuleTester.describe = describe;
  RuleTester.it = it;
  const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

  tester.run('layers', plugin.rules.layers, {
    valid: [
      { filename: file('src/shared/household.ts'), code: "import { z } from 'zod'; import { normalizePhone } from './phone';" },
      { filename: file('src/client/features/visit/visit-screen.tsx'), code: "import { recordVisit } from '../../data/visits';" },
      { filename: file('src/client/data/database.ts'), code: "import Dexie from 'dexie';" },
      { filename: file('src/client/app/routes.tsx'), code: "const screen = import('../features/visit/visit-screen');" },
      { filename: file('tests/support/database.ts'), code: "import { setDatabase } from '../../src/client/data/database';" },
      { filename: file('src/shared/text.test.ts'), code: "import fc from 'fast-check'; import { it } from 'vitest';" },
    ],
    invalid: [
      {
        filename: file('src/shared/text.test.ts'),
        code: "import { database } from '../client/data/database';",
        errors: [{ message: 'Import "../client/data/database": shared/ imports nothing of ours.' }],
      },
      {
        filename: file('src/shared/text.ts'),
        code: "import { useState } from 'react';",
        errors: [{ message: 'Import "react": shared/ imports only zod, not "react".' }],
      },
      {
        filename: file('src/client/features/visit/visit-screen.tsx'),
        code: "import { HouseholdRow } from '../households/household-row';",
        errors: [{ message: 'Import "../households/household-row": a feature never imports another feature.' }],
      },
      {
        filename: file('src/client/ui/button.tsx'),
        code: "export { database } from '../data/database';",
        errors: [{ message: 'Import "../data/database": ui/ never imports data, features or app.' }],
      },
      {
        filename: file('src/client/app/app.tsx'),
        code: "const store = import('../../server/store/index');",
        errors: [{ message: 'Import "../../server/store/index": the client never imports the server.' }],
      },
      {
        filename: file('src/client/features/households/household-screen.tsx'),
        code: "import Dexie from 'dexie'; export * from 'i18next';",
        errors: [
          { message: 'Import "dexie": "dexie" is used only in client/data.' },
          { message: 'Import "i18next": "i18next" is used only in client/lib.' },
        ],
      },
    ],
  });
});
