/**
 * The import rules of shared/STYLE.md, enforced instead of remembered:
 * client and server never import each other; shared imports nothing of ours
 * (and only zod); a feature never imports another feature; ui never imports
 * data or features; data knows nothing of React; Dexie only in data/;
 * i18next, html5-qrcode (and its zxing-wasm decoder), qrcode and
 * workbox-window only through lib/.
 */
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The layer a file belongs to, e.g. "shared", "client/data", "client/features/visit". */
export function layerOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep).join('/');
  if (relative.startsWith('src/shared/')) return 'shared';
  if (relative.startsWith('src/server/')) return 'server';
  const feature = /^src\/client\/features\/([^/]+)\//.exec(relative);
  if (feature) return `client/features/${feature[1]}`;
  const client = /^src\/client\/([^/]+)\//.exec(relative);
  if (client) return `client/${client[1]}`;
  if (relative.startsWith('src/client/')) return 'client/root';
  return 'other';
}

const PACKAGE_HOMES = {
  dexie: ['client/data'],
  i18next: ['client/lib'],
  'react-i18next': ['client/lib'],
  'html5-qrcode': ['client/lib'],
  'zxing-wasm': ['client/lib'],
  qrcode: ['client/lib'],
  'workbox-window': ['client/lib'],
};

const REACT_PACKAGES = ['react', 'react-dom', 'dexie-react-hooks', 'zustand'];

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `from` may not import `target`, or null when it may. */
export function violation(from, target, isPackage, specifier) {
  if (isPackage) {
    const name = packageName(specifier);
    if (from === 'shared' && name !== 'zod') return `shared/ imports only zod, not "${name}"`;
    const homes = PACKAGE_HOMES[name];
    if (homes && from !== 'other' && !homes.includes(from)) return `"${name}" is used only in ${homes.join(', ')}`;
    if (from === 'client/data' && REACT_PACKAGES.includes(name)) return `data/ knows nothing of React ("${name}")`;
    return null;
  }
  if (from === 'shared' && target !== 'shared') return 'shared/ imports nothing of ours';
  if (from.startsWith('client') && target === 'server') return 'the client never imports the server';
  if (from === 'server' && target.startsWith('client')) return 'the server never imports the client';
  if (from.startsWith('client/features/') && target.startsWith('client/features/') && from !== target) {
    return 'a feature never imports another feature';
  }
  if (from.startsWith('client/features/') && target === 'client/app') return 'features never import app/';
  if (from === 'client/ui' && /^client\/(data|features|app)/.test(target)) return 'ui/ never imports data, features or app';
  if (from === 'client/lib' && /^client\/(data|features|app|ui)/.test(target)) return 'lib/ wraps libraries only';
  if (from === 'client/data' && /^client\/(features|app|ui|lib)/.test(target)) return 'data/ never imports UI code';
  return null;
}

const rule = {
  meta: { type: 'problem', docs: { description: 'Enforce the layer import rules of STYLE.md' }, schema: [] },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    // A test may use test-only packages (fast-check, fake-indexeddb) beside the code it tests.
    const isTest = /\.test\.tsx?$/.test(file);
    function check(node, source) {
      if (typeof source !== 'string') return;
      const isPackage = !source.startsWith('.') && !source.startsWith('/');
      const target = isPackage ? 'package' : layerOf(path.resolve(path.dirname(file), source));
      if (isTest && isPackage) return;
      const problem = violation(from, target, isPackage, source);
      if (problem) context.report({ node, message: `Import "${source}": ${problem}.` });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: rule } };
