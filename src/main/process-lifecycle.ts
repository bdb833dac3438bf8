// What every long-running Pontua process (`pontua serve`, `pontua worker`) shares: its logger,
// the optional metrics listener (PONTUA_METRICS_PORT), and how it stops on SIGINT/SIGTERM.
import pino, { type Logger } from 'pino';
import { withoutQueryParameters } from '../adapters/db/database';
import { buildOperationsApp, type OperationsDeps } from '../http/operations';
import type { Config } from './config';

/** JSON lines; credentials, cookies and secrets are removed wherever they appear in a log entry. */
export function processLogger(level: string): Logger {
  return pino({
    level,
    // drizzle's query errors carry the statement's parameters (e-mails, names) in their message:
    // the driver's own error names the problem without them (also as the cause of another error).
    serializers: { err: (error: unknown) => pino.stdSerializers.err(withoutQueryParameters(error) as Error) },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.csrfToken',
        'req.headers["x-vtex-api-apptoken"]',
        'req.headers["x-vtex-api-appkey"]',
        '*.apiKey',
        'appKey',
        'appToken',
        'hookSecret',
        '*.appKey',
        '*.appToken',
        '*.hookSecret',
        '*.*.appKey',
        '*.*.appToken',
        '*.*.hookSecret',
      ],
      remove: true,
    },
  });
}

/** /metrics, /healthz and /readyz on PONTUA_METRICS_PORT, when it is set. */
export async function startOperationsListener(deps: OperationsDeps, config: Config, logger: Logger) {
  if (config.metricsPort === null) return null;
  const app = await buildOperationsApp(deps, { logger });
  await app.listen({ port: config.metricsPort, host: config.host });
  logger.info(`metrics on http://${config.host}:${config.metricsPort}/metrics`);
  return app;
}

export interface GracefulStop {
  logger: Logger;
  /** After this, the process gives up waiting and exits 1. */
  timeoutMs: number;
  /** Called at once when the stop begins: readiness fails from here on. */
  begin(): void;
  /** Lets in-flight requests and job steps finish, releases what the process holds, closes the database. */
  finish(): Promise<void>;
  /** What is still running: logged when the wait runs out or a second signal forces the exit. */
  stillRunning(): Record<string, unknown>;
  /** Before an exit that did not wait for everything: hand held work (leases) to other processes. */
  abandon(): Promise<void>;
  exit?: (code: number) => void;
}

/** How long `abandon` may take before the process exits anyway. */
const ABANDON_MS = 3_000;

/**
 * The first SIGINT/SIGTERM stops the process gracefully: exit 0 when everything finished within
 * `timeoutMs`, else 1 after logging what was still running. A second signal exits 1 at once.
 */
export function stopOnSignals(stop: GracefulStop): void {
  const exit = stop.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      stop.logger.error({ signal, ...stop.stillRunning() }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    stopping = true;
    stop.logger.info({ signal, timeoutMs: stop.timeoutMs }, 'shutting down: finishing in-flight requests and job steps');
    stop.begin();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), stop.timeoutMs);
    });
    void Promise.race([stop.finish().then(() => 'finished' as const), timedOut])
      .then(async (outcome) => {
        clearTimeout(timer);
        if (outcome === 'finished') {
          stop.logger.info('shut down');
          exit(0);
          return;
        }
        stop.logger.error({ timeoutMs: stop.timeoutMs, ...stop.stillRunning() }, 'shutdown timed out: exiting with work still running');
        await Promise.race([stop.abandon(), new Promise((resolve) => setTimeout(resolve, ABANDON_MS))]).catch((error: unknown) =>
          stop.logger.error({ err: error }, 'releasing held work failed'),
        );
        exit(1);
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        stop.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
