// Entry point: `tsx sandbox/main.ts` serves; `tsx sandbox/main.ts <command>` is the CLI.
// Importing this module (tests, benchmarks) only exports startSandbox; it starts nothing.

import { pathToFileURL } from 'node:url';
import { parseArgs, runCli } from './cli';
import { DEFAULT_PORT, startSandbox } from './server';

export { startSandbox, buildSandbox, type RunningSandbox, type SandboxOptions } from './server';
export { RESOURCES, ALL_RESOURCES, type LicenseResource } from './core/license-resources';

async function serve(argv: readonly string[]): Promise<void> {
  const { flags } = parseArgs(argv);
  const port = Number(flags.get('port') ?? process.env.SANDBOX_PORT ?? DEFAULT_PORT);
  const seed = Number(flags.get('seed') ?? process.env.SANDBOX_SEED ?? 1);
  const sandbox = await startSandbox({ port, seed });
  console.log(`VTEX sandbox listening on ${sandbox.url} (an account's base URL: ${sandbox.url}/{account})`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const argv = process.argv.slice(2);
  const command = argv[0];
  const run = command === undefined || command === 'serve' || command.startsWith('--') ? serve(command === 'serve' ? argv.slice(1) : argv) : runCli(argv);
  run.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
