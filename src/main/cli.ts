// `pontua <command>`: the server, the worker and operator tasks, on the same database settings
// (DATABASE_URL or PONTUA_DATA_DIR) as the server.
import { parseArgs } from 'node:util';
import { EmbeddedDatabaseBusyError } from '../adapters/db/embedded-lock';
import { SecretBoxError, lazySecretBox, openSecretBox } from '../adapters/crypto/secret-box';
import { DomainError } from '../domain/errors';
import { createApiKey } from '../app/tenants/api-keys';
import { createTenant } from '../app/tenants/create-tenant';
import { getSyncStatus } from '../app/integrations/get-sync-status';
import { auditTenant } from '../app/audit/audit-tenant';
import { createUser, generatePassword } from '../app/admin/users';
import { loadConfig, type Config, vtexSettings } from './config';
import { openContainer, systemClock, type Container } from './container';
import { serve } from './server';
import { runWorker } from './worker-process';

const USAGE = `Usage: pontua <command> [options]

Commands:
  serve [--no-worker]              run the HTTP API (and the job workers unless --no-worker)
  worker                           run the job workers only
  migrate                          apply database migrations and exit
  tenant create --name <name>      create a tenant; prints {"tenantId","apiKey"}
  apikey create --tenant <id> [--name <name>]
                                   create another API key for a tenant; prints {"tenantId","keyId","apiKey"}
  user create --tenant <id> --email <email> [--name <name>] [--password-stdin]
                                   add a panel user; the password is read from stdin, or generated
                                   and printed once; prints {"tenantId","userId","email"[,"password"]}
  sync status --tenant <id>        the store connection: imports and jobs (done/total, rate, ETA, errors), last hook, order events
  audit --tenant <id> [--grace-minutes <n>]
                                   recompute from VTEX what the ledger should hold for each order and check the
                                   ledger's invariants; prints a JSON report; exits 0 when all agree, 3 when not

The database is PostgreSQL when DATABASE_URL is set, else the embedded one in PONTUA_DATA_DIR (./data).`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// Most commands never need the secret key; it is read (or the key file created) on first use.
const secretsFor = (config: Config) => lazySecretBox(() => openSecretBox({ key: config.secretKey, dataDir: config.dataDir }));

async function withContainer<T>(config: Config, work: (container: Container) => Promise<T>): Promise<T> {
  const container = await openContainer(config.database, systemClock, secretsFor(config), vtexSettings(config));
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

function option(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'grace-minutes': { type: 'string' },
      'no-worker': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'serve':
      await serve(config, { worker: !values['no-worker'] });
      return -1; // keeps running
    case 'worker': {
      const container = await openContainer(config.database, systemClock, secretsFor(config), vtexSettings(config));
      await runWorker(container, config);
      return -1;
    }
    case 'migrate':
      await withContainer(config, async () => undefined);
      console.log(JSON.stringify({ migrated: true }));
      return 0;
    case 'tenant create': {
      const name = option(values, 'name');
      const created = await withContainer(config, (container) => createTenant(container, { name }));
      console.log(JSON.stringify({ tenantId: created.tenantId, apiKey: created.apiKey }));
      return 0;
    }
    case 'apikey create': {
      const tenantId = option(values, 'tenant');
      const name = typeof values.name === 'string' ? values.name : undefined;
      const created = await withContainer(config, (container) =>
        createApiKey(container, { tenantId, ...(name === undefined ? {} : { name }) }),
      );
      console.log(JSON.stringify(created));
      return 0;
    }
    case 'user create': {
      const tenantId = option(values, 'tenant');
      const email = option(values, 'email');
      const name = typeof values.name === 'string' ? values.name : email.split('@')[0] || email;
      const given = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : null;
      const password = given ?? generatePassword();
      const user = await withContainer(config, (container) => createUser(container, tenantId, { email, name, password }));
      console.log(JSON.stringify({ tenantId, userId: user.id, email: user.email, ...(given === null ? { password } : {}) }));
      return 0;
    }
    case 'sync status': {
      const tenantId = option(values, 'tenant');
      const status = await withContainer(config, async (container) => {
        if (!(await container.tenants.get(tenantId))) throw new DomainError('NOT_FOUND', `tenant ${tenantId} not found`);
        return getSyncStatus(container, tenantId);
      });
      console.log(JSON.stringify(status, null, 2));
      return 0;
    }
    case 'audit': {
      const tenantId = option(values, 'tenant');
      const grace = values['grace-minutes'];
      const minutes = grace === undefined ? undefined : grace.trim() === '' ? Number.NaN : Number(grace);
      if (minutes !== undefined && !(Number.isFinite(minutes) && minutes >= 0)) throw new UsageError('--grace-minutes must be a number of minutes, 0 or more');
      const report = await withContainer(config, (container) =>
        auditTenant(container, tenantId, minutes === undefined ? {} : { maturityGraceMs: minutes * 60_000 }),
      );
      // Written before the exit: a report with many differences may not fit one pipe write.
      await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(report, null, 2)}\n`, () => resolve()));
      return report.ok ? 0 : 3;
    }
    default:
      throw new UsageError(`unknown command "${positionals.join(' ')}"`);
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const code = await runCli(argv);
    if (code >= 0) process.exit(code);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`pontua: ${error.message}\n\n${USAGE}`);
    } else if (error instanceof EmbeddedDatabaseBusyError || error instanceof DomainError || error instanceof SecretBoxError) {
      console.error(`pontua: ${error.message}`);
    } else if (error instanceof TypeError && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`pontua: ${error.message}\n\n${USAGE}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}
