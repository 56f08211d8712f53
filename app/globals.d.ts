/** The build's version (package.json version + commit), injected by vite.config.ts. */
declare const __APP_VERSION__: string;
