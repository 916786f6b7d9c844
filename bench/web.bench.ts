import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { repoRoot } from '#libs/graph';
import { round, writeResult } from './bench-support.js';

/**
 * The web app's weight and the network map's speed.
 * - Sizes: the built JavaScript (dist/web), gzipped at level 9; "first page" is what index.html loads
 *   (its entry script and the chunks it preloads); the map and OIDC chunks load only when used.
 * - Map: against a running API in development mode (`npm run demo`; --api its address), a new
 *   member imports N contacts (a generated LinkedIn export), then Chromium opens the map page
 *   --runs times; the page reports the time from data to pixels (layout + drawing) and the test
 *   measures from navigation to drawn (fetching every page of contacts included).
 */
const POSITIONS = ['Paramedic', 'Staff nurse', 'Care worker', 'Electrician', 'Chef', 'Teaching assistant', 'Receptionist', 'Driver'];

function exportOf(rows: number, tag: string): string {
  const lines = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On'];
  for (let i = 0; i < rows; i++)
    lines.push(`First${i},Last${tag},https://www.linkedin.com/in/w${i}-${tag},,Company ${i % 300},${POSITIONS[i % POSITIONS.length]},0${1 + (i % 9)} Mar 2022`);
  return lines.join('\r\n');
}

function sizes(root: string) {
  const dir = join(root, 'dist', 'web');
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const first = new Set([...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  const files = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const kb = (n: number) => round(n / 1024);
  const rows = files.map((f) => {
    const bytes = readFileSync(join(dir, 'assets', f));
    return { file: f, kb: kb(bytes.length), gzipKb: kb(gzipSync(bytes, { level: 9 }).length), firstPage: first.has(f) };
  });
  const firstPageJsGzipKb = round(rows.filter((r) => r.firstPage).reduce((s, r) => s + r.gzipKb, 0));
  return { files: rows, firstPageJsGzipKb };
}

async function post(api: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, any>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { api: { type: 'string' }, contacts: { type: 'string', default: '3000' }, runs: { type: 'string', default: '5' } } });
  const root = repoRoot();
  const built = sizes(root);
  const log = (msg: string) => process.stderr.write(`[web bench] ${msg}\n`);
  log(`first page JavaScript: ${built.firstPageJsGzipKb} KB gzipped`);
  let map: Record<string, unknown> | null = null;
  if (values.api) {
    const api = values.api.replace(/\/$/, '');
    const n = Number(values.contacts);
    const tag = Date.now().toString(36);
    const { token } = await post(api, '/dev/token', { sub: `dev-bench-${tag}`, name: 'Bench Member', roles: ['MEMBER'] });
    if (!token) throw new Error('no development sign-in at --api (run `npm run demo`, not production)');
    const started = await post(
      api,
      '/graphql',
      {
        query: 'mutation($input: ImportContactsInput!) { importContacts(input: $input) { id } }',
        variables: { input: { format: 'LINKEDIN_CSV', content: exportOf(n, tag), defaultContext: 'PROFESSIONAL' } },
      },
      token,
    );
    const jobId = started['data']?.importContacts?.id as string;
    for (;;) {
      const job = (await post(api, '/graphql', { query: 'query($id: ID!) { importJob(id: $id) { status processedRows } }', variables: { id: jobId } }, token))[
        'data'
      ]?.importJob;
      if (job?.status === 'COMPLETED') break;
      if (job?.status === 'FAILED') throw new Error('the import failed');
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`${n} contacts imported`);
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${api}/web-config.json`);
    await page.evaluate(`sessionStorage.setItem('backr.dev-session', ${JSON.stringify(JSON.stringify({ token, kind: 'dev' }))})`);
    const drawMs: number[] = [];
    const totalMs: number[] = [];
    const firstMs: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) {
      const t0 = Date.now();
      await page.goto(`${api}/network/map`);
      await page.locator('canvas.map').waitFor({ timeout: 120_000 });
      firstMs.push(Date.now() - t0);
      const canvas = page.locator('canvas[data-draw-ms]');
      await canvas.waitFor({ timeout: 120_000 });
      totalMs.push(Date.now() - t0);
      drawMs.push(Number(await canvas.getAttribute('data-draw-ms')));
      if (Number(await canvas.getAttribute('data-contacts')) !== n) throw new Error('the map did not get every contact');
    }
    await page.locator('canvas[data-settled]').waitFor();
    await page.screenshot({ path: join(root, 'web-screenshots', `map-${n}.png`) });
    await browser.close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    map = {
      contacts: n,
      runs: drawMs.length,
      drawMs,
      drawMedianMs: median(drawMs),
      openToDrawnMs: totalMs,
      openToDrawnMedianMs: median(totalMs),
      openToFirstPixelsMs: firstMs,
      openToFirstPixelsMedianMs: median(firstMs),
    };
    log(
      `map of ${n}: layout + draw median ${median(drawMs)} ms; open to first pixels median ${median(firstMs)} ms; open to all drawn median ${median(totalMs)} ms`,
    );
  }
  const file = writeResult(root, 'web', 'app', { ...built, map });
  log(`written to ${file}`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
