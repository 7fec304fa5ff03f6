/**
 * The real Gõ Cửa server (src/server/main.ts, SQLite) for the browser tests:
 * it serves the built app from dist/ and the API under /api, exactly as in
 * production. A test stops it (the process, so nothing listens on the port)
 * to go offline, and starts it again on the same port and the same data
 * directory to come back online.
 *
 * `--demo` seeds the demo commune (a leader, three members, four villages,
 * 300 households). Seeding takes several seconds, so each worker seeds one
 * data directory once and every test starts from a fresh copy of it: a test
 * still gets a database of its own, and `--demo` finds it seeded already.
 *
 * The server's output (and how long each start and stop took) is attached
 * to a failed test; `E2E_SERVER_LOG=1` prints it after every test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const ADMIN_PASSWORD = 'e2e-admin-password';

/** How long a start may take: tsx compiles the server on the fly, and the machine may be busy. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_LIMIT = 20_000;

export interface AppServer {
  /** "http://127.0.0.1:<port>", the same across restarts. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** Starts the server (again) on the same port and data directory; `staticDir` replaces dist/ (a new build). */
  start(options?: { staticDir?: string }): Promise<void>;
  /** SIGTERM (SIGKILL if it hangs); resolves once the process has exited and the port is free. */
  stop(): Promise<void>;
  /** The server's recent output, for failure reports. */
  log(): string;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `node --import tsx src/server/main.ts --demo` on `port`; resolves once /api/health answers. */
async function spawnServer(
  port: number,
  dataDir: string,
  staticDir: string,
  appendLog: (text: string) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', appendLog);
  child.stderr?.setEncoding('utf8').on('data', appendLog);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited during start (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return child;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  child.kill('SIGKILL');
  await exited(child);
  throw new Error(`the server did not answer /api/health within ${START_TIMEOUT_MS / 1000} s`);
}

/** Stops the process and waits for the port; returns how it went, for the log. */
async function stopProcess(child: ChildProcess, port: number): Promise<string> {
  const started = Date.now();
  let how = 'had exited';
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    how = 'SIGTERM';
    const hung = await Promise.race([exited(child).then(() => false), delay(STOP_TIMEOUT_MS).then(() => true)]);
    if (hung) {
      how = `SIGTERM ignored for ${STOP_TIMEOUT_MS / 1000} s, SIGKILL`;
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  for (let attempt = 0; !(await portIsFree(port)); attempt++) {
    if (attempt > 50) throw new Error(`port ${port} is still taken after the server exited`);
    await delay(100);
  }
  return `${how}, ${Date.now() - started} ms`;
}

/** A server on a fresh copy of `template` (a seeded data directory); call start() to run it. */
export async function createAppServer(template: string): Promise<AppServer & { dispose(): Promise<void> }> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'go-cua-e2e-data-'));
  await cp(template, dataDir, { recursive: true });
  let output = '';
  const appendLog = (text: string) => {
    output = (output + text).slice(-LOG_LIMIT);
  };
  let child: ChildProcess | undefined;
  const server = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start(options: { staticDir?: string } = {}) {
      if (server.running) throw new Error('the server is already running');
      const started = Date.now();
      appendLog(`--- start (${options.staticDir ?? DIST}) ---\n`);
      child = await spawnServer(port, dataDir, options.staticDir ?? DIST, appendLog);
      appendLog(`--- started in ${Date.now() - started} ms ---\n`);
    },
    async stop() {
      if (!child || !server.running) return;
      appendLog(`--- stopped (${await stopProcess(child, port)}) ---\n`);
    },
    log: () => output,
    async dispose() {
      await server.stop();
      if (process.env.E2E_SERVER_LOG) console.log(output);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Seeds the demo commune once into a new directory (start with --demo, then stop); returns the directory. */
export async function seedDemoTemplate(): Promise<{ dir: string; log: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'go-cua-e2e-demo-'));
  let output = '';
  const port = await freePort();
  const child = await spawnServer(port, dir, DIST, (text) => {
    output += text;
  }).catch((error: unknown) => {
    throw new Error(`seeding the demo failed: ${String(error)}\n${output}`);
  });
  await stopProcess(child, port);
  if (!output.includes('demo.thanhvien1')) throw new Error(`the demo was not seeded:\n${output}`);
  return { dir, log: output };
}
