// Where the running demo serves its API, for the helper scripts (npm run demo:intro, demo:import):
// PORT when set, else the port `npm run demo` wrote to graph/.data/api.port when it started, else 3000.
// When nothing answers there, one line says what to do, and the script exits 1.
import { readFileSync } from 'node:fs';

function demoPort() {
  if (process.env.PORT) return { port: process.env.PORT, from: 'PORT' };
  try {
    const written = readFileSync('graph/.data/api.port', 'utf8').trim();
    if (/^\d+$/.test(written)) return { port: written, from: 'graph/.data/api.port' };
  } catch {
    // no demo has written its port
  }
  return { port: '3000', from: 'the default' };
}

export async function demoApi() {
  const { port, from } = demoPort();
  const base = `http://127.0.0.1:${port}`;
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) });
    if (res.ok || res.status === 503) return `${base}/graphql`;
  } catch {
    // not answering: said below
  }
  console.error(
    `No demo API answers on port ${port} (${from}): start it with \`npm run demo\`, or set PORT to the port it serves on (e.g. PORT=3417 npm run demo:intro).`,
  );
  process.exit(1);
}
