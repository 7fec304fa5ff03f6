import type { ESLint } from 'eslint';

export function layerOf(file: string): string;
export function violation(from: string, target: string, isPackage: boolean, specifier: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
