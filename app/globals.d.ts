/** The build's version (package.json version + commit), injected by vite.config.ts. */
declare const __APP_VERSION__: string;

/** Names of the migrations in prisma/migrations when this build was made, injected by vite.config.ts. */
declare const __MIGRATIONS__: string[];
