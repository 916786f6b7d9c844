import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something accepts TCP connections at the URL's host and port (Redis, say). */
export function reachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts the built API or worker as a child process, its output appended to `log`. */
export function spawnApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const child = spawn(process.execPath, [`dist/apps/${app}/src/main.js`], {
    env,
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
    detached: true,
  });
  child.unref();
  return child;
}

export async function waitForHealth(url: string, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not up yet
    }
    if (!alive(pid)) throw new Error(`the API exited during start-up:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy within 60 s (log: ${log})`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals a process and waits (up to `ms`) for it to exit; true if it did. */
export async function stopProcess(pid: number, signal: NodeJS.Signals = 'SIGTERM', ms = 10_000): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch {
    return true;
  }
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
