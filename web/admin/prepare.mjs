// `npm install` / `npm ci` run this (the `prepare` script): it builds the admin panel into
// dist/admin. An install without dev dependencies (`npm ci --omit=dev`, a production image) has
// no Vite: it says so and carries on, and the server answers /admin with "not built" until the
// panel is built where dev dependencies are installed (npm run build:admin) and dist/admin copied.
let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('pontua: Vite is not installed (an install without dev dependencies): the admin panel was not built.');
  process.exit(0);
}
await vite.build({ configFile: new URL('./vite.config.ts', import.meta.url).pathname });
