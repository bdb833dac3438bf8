// A real SMTP server for the tests, in a process of its own (smtp-server-process.ts, run through
// tsx): it captures every message it accepts, can be told to refuse recipients with a 4xx or a
// 5xx, and can be stopped (the port refuses connections: "SMTP down") and started again on the
// same port. Captured messages and the refusal live here, in the test's process, so they
// survive a stop and a restart.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { CapturedMail, Refusal, SmtpControl, SmtpReport } from './smtp-server-process';

export type { CapturedMail, Refusal };

export interface TestSmtp {
  /** `smtp://127.0.0.1:PORT`, the same after a restart. */
  readonly url: string;
  readonly port: number;
  /** Every message accepted so far, in the order they were accepted (also those before a stop). */
  messages(): Promise<CapturedMail[]>;
  /** Forgets the messages accepted so far. */
  clear(): Promise<void>;
  /** From now on (restarts included) answer RCPT TO with this code, or accept again with null. */
  refuse(refusal: Refusal | null): Promise<void>;
  /** Ends the server process; connections to the port are refused until restart(). */
  stop(): Promise<void>;
  /** A new server process on the same port (stops the running one first). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const SCRIPT = join(import.meta.dirname, 'smtp-server-process.ts');
const ROOT = join(import.meta.dirname, '../..');
/** A safety net for a child that never reports; starting takes well under a second. */
const START_TIMEOUT_MS = 30_000;
const STDERR_KEPT = 4_000;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A control message the child answers with `done`. */
type SmtpRequest = WithoutId<Extract<SmtpControl, { id: number }>>;

interface ServerProcess {
  port: number;
  request(message: SmtpRequest): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpServer(options: { port?: number } = {}): Promise<TestSmtp> {
  const captured: CapturedMail[] = [];
  let refusal: Refusal | null = null;
  let running: ServerProcess | null = await launch(options.port ?? 0, refusal, (mail) => captured.push(mail));
  const port = running.port;

  // The child reports a message over IPC before it answers 250, but the 250 travels on another
  // socket: a round trip on the (ordered) IPC channel makes sure every report has arrived.
  const settle = async () => {
    if (running) await running.request({ type: 'ping' });
  };
  const stop = async () => {
    const stopping = running;
    running = null;
    await stopping?.stop();
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    async messages() {
      await settle();
      return captured.map((mail) => ({ ...mail, to: [...mail.to], headers: { ...mail.headers } }));
    },
    async clear() {
      await settle();
      captured.length = 0;
    },
    async refuse(next) {
      refusal = next;
      await running?.request({ type: 'refuse', refusal: next });
    },
    stop,
    async restart() {
      await stop();
      running = await launch(port, refusal, (mail) => captured.push(mail));
    },
    close: stop,
  };
}

async function launch(port: number, refusal: Refusal | null, onMail: (mail: CapturedMail) => void): Promise<ServerProcess> {
  const child = fork(SCRIPT, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
  });
  const describeExit = () => `the test SMTP server exited (code ${child.exitCode}, signal ${child.signalCode})${stderr ? `:\n${stderr}` : ''}`;

  // Ended: the process is gone and its IPC channel drained (the reports it sent have arrived).
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const disconnected = new Promise<void>((resolve) => (child.connected ? child.once('disconnect', () => resolve()) : resolve()));
  const ended = Promise.all([exited, disconnected]).then(() => undefined);

  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready: { resolve: (port: number) => void; reject: (error: Error) => void } | null = null;

  child.on('message', (message: SmtpReport) => {
    if (message.type === 'mail') onMail(message.mail);
    else if (message.type === 'ready') ready?.resolve(message.port);
    else if (message.type === 'failed') ready?.reject(new Error(`the test SMTP server could not start: ${message.error}`));
    else if (message.type === 'done') {
      waiting.get(message.id)?.resolve();
      waiting.delete(message.id);
    }
  });
  void exited.then(() => {
    const error = new Error(describeExit());
    ready?.reject(error);
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  });

  let timer: NodeJS.Timeout | undefined;
  const listening = new Promise<number>((resolve, reject) => {
    ready = { resolve, reject };
    timer = setTimeout(() => reject(new Error(`the test SMTP server did not start within ${START_TIMEOUT_MS} ms${stderr ? `:\n${stderr}` : ''}`)), START_TIMEOUT_MS);
  });
  const start: SmtpControl = { type: 'start', port, refusal };
  child.send(start);
  const stopChild = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await ended;
  };
  let actualPort: number;
  try {
    actualPort = await listening;
  } catch (error) {
    await stopChild();
    throw error;
  } finally {
    clearTimeout(timer);
    ready = null;
  }

  return {
    port: actualPort,
    request(message) {
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        if (!child.connected) return reject(new Error(describeExit()));
        waiting.set(id, { resolve, reject });
        const control: SmtpControl = { ...message, id };
        child.send(control);
      });
    },
    stop: stopChild,
  };
}
