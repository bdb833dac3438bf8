// `tsx sandbox/main.ts <command>`: drives a running sandbox over its /_sandbox HTTP API.

import { ALL_RESOURCES } from './core/license-resources';

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(name ?? '', inline);
      else if (next !== undefined && !next.startsWith('--')) { flags.set(name ?? '', next); i += 1; }
      else flags.set(name ?? '', 'true');
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

export const USAGE = `VTEX sandbox

  tsx sandbox/main.ts [serve] [--port 4010] [--seed 1]     start the sandbox (SANDBOX_PORT also works)

Commands against a running sandbox (--url, default SANDBOX_URL or http://127.0.0.1:4010):
  create-account <name> [--seed n] [--resources "List Orders,View order"]   account + one app key
  seed <account> --customers N --orders M [--from ISO] [--to ISO]
  order <account> --customer <index> [--status payment-pending] [--coupon CODE]
  status <account> <orderId> <status>          move an order (fires hooks and feeds)
  cancel <account> <orderId>                   cancel → canceled
  return <account> <orderId>                   full return (Input invoice with restitutions)
  faults <account> [--rateLimitShare 0.1] [--serverErrorShare 0.05] [--latencyMs 50]
                   [--hookDropShare x] [--hookDuplicateShare x] [--hookReorderShare x] | --clear
  reset [account]                               one account's data, or everything
  inspect <account> [requests|hooks] [--limit 50]
  resources                                     License Manager resource names
`;

async function call(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return parsed;
}

function numberFlag(flags: Map<string, string>, name: string): number | undefined {
  const value = flags.get(name);
  return value === undefined ? undefined : Number(value);
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`missing ${what}\n\n${USAGE}`);
  return value;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  const { positional, flags } = parseArgs(argv);
  const [command, first, second, third] = positional;
  const base = flags.get('url') ?? process.env.SANDBOX_URL ?? 'http://127.0.0.1:4010';
  const account = (): string => encodeURIComponent(need(first, '<account>'));
  let result: unknown;
  switch (command) {
    case 'create-account': {
      const seed = numberFlag(flags, 'seed');
      await call(base, 'POST', '/_sandbox/accounts', { name: need(first, '<name>'), seed });
      const resources = flags.get('resources')?.split(',').map((r) => r.trim()) ?? ALL_RESOURCES;
      const key = await call(base, 'POST', `/_sandbox/accounts/${account()}/keys`, { resources });
      result = { baseUrl: `${base}/${first}`, key };
      break;
    }
    case 'seed':
      result = await call(base, 'POST', `/_sandbox/accounts/${account()}/seed`, {
        customers: numberFlag(flags, 'customers'), orders: numberFlag(flags, 'orders'), from: flags.get('from'), to: flags.get('to'),
      });
      break;
    case 'order':
      result = await call(base, 'POST', `/_sandbox/accounts/${account()}/orders`, {
        customerIndex: numberFlag(flags, 'customer') ?? 0, status: flags.get('status'), coupon: flags.get('coupon'),
      });
      break;
    case 'status':
      result = await call(base, 'POST', `/_sandbox/accounts/${account()}/orders/${encodeURIComponent(need(second, '<orderId>'))}/status`, { status: need(third, '<status>') });
      break;
    case 'cancel':
    case 'return':
      result = await call(base, 'POST', `/_sandbox/accounts/${account()}/orders/${encodeURIComponent(need(second, '<orderId>'))}/${command}`, {});
      break;
    case 'faults': {
      if (flags.has('clear')) { result = await call(base, 'DELETE', `/_sandbox/accounts/${account()}/faults`); break; }
      const settings: Record<string, number> = {};
      for (const [name, value] of flags) if (name !== 'url') settings[name] = Number(value);
      result = await call(base, 'PUT', `/_sandbox/accounts/${account()}/faults`, settings);
      break;
    }
    case 'reset':
      result = first === undefined ? await call(base, 'POST', '/_sandbox/reset', {}) : await call(base, 'POST', `/_sandbox/accounts/${account()}/reset`, {});
      break;
    case 'inspect': {
      const what = second ?? 'requests';
      if (what !== 'requests' && what !== 'hooks') throw new Error('inspect shows requests or hooks');
      result = await call(base, 'GET', `/_sandbox/accounts/${account()}/${what}${what === 'requests' ? `?limit=${flags.get('limit') ?? 50}` : ''}`);
      break;
    }
    case 'resources':
      result = await call(base, 'GET', '/_sandbox/resources');
      break;
    default:
      console.log(USAGE);
      if (command !== 'help' && command !== undefined) process.exitCode = 1;
      return;
  }
  console.log(JSON.stringify(result, null, 2));
}
