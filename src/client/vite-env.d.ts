/// <reference types="vite/client" />

/** The package version, stamped at build time (Settings shows it). */
declare const __APP_VERSION__: string;
