// Where a process's Neo4j time goes, statement by statement (a diagnostic; it records no result).
// Loaded into every node process of a benchmark through NODE_OPTIONS, for example:
//   NODE_OPTIONS=--import=./bench/statement-timing.mjs npm run bench:load -- --scale S --ops addContact --steps 4 --me-steps 0
// The API and the worker each write bench/.data/statements-<api|worker>-<pid>.txt every 3 seconds: per
// statement (its first 110 characters), the total and mean time from sending it to its last row, and how
// many ran; COMMIT and whole managed transactions too. `kill -USR2 <pid>` starts the counts afresh (say,
// once a warm-up is over). Times are waits as the process saw them, so under load they include queueing.
// Only results that are awaited are timed: streamed results (the path index's snapshot) are left alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const role = process.argv
  .slice(1)
  .join(' ')
  .match(/apps\/(api|worker)\//)?.[1];

if (role) {
  const core = createRequire(join(root, 'package.json'))('neo4j-driver-core');
  const stats = new Map();
  const note = (key, ms) => {
    const s = stats.get(key) ?? { n: 0, total: 0 };
    s.n++;
    s.total += ms;
    stats.set(key, s);
  };
  const statement = (prefix) => (args) => `${prefix} ${String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 110)}`;
  const wrap = (proto, name, keyOf) => {
    const original = proto[name];
    proto[name] = function (...args) {
      const started = performance.now();
      const result = original.apply(this, args);
      const done = () => note(keyOf(args), performance.now() - started);
      if (result && typeof result.summary === 'function') {
        // A Result: timed when awaited (then), so a subscriber's stream is not buffered by the timing.
        const then = result.then.bind(result);
        result.then = (onValue, onError) => then((value) => (done(), onValue ? onValue(value) : value), onError);
      } else if (result && typeof result.then === 'function') {
        result.then(done, () => undefined);
      }
      return result;
    };
  };
  wrap(core.ManagedTransaction.prototype, 'run', statement('RUN'));
  wrap(core.Session.prototype, 'run', statement('AUTO'));
  wrap(core.Transaction.prototype, 'commit', () => 'COMMIT');
  wrap(core.Session.prototype, 'executeWrite', () => 'WRITE TRANSACTION (whole)');
  wrap(core.Session.prototype, 'executeRead', () => 'READ TRANSACTION (whole)');

  const out = join(root, 'bench', '.data');
  const dump = () => {
    const lines = [...stats]
      .sort((a, b) => b[1].total - a[1].total)
      .map(([key, s]) => `${s.total.toFixed(0).padStart(8)} ms ${String(s.n).padStart(7)}x ${(s.total / s.n).toFixed(2).padStart(8)} ms  ${key}`);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `statements-${role}-${process.pid}.txt`), `   total   count      mean  statement\n${lines.join('\n')}\n`);
  };
  setInterval(dump, 3000).unref();
  process.on('SIGUSR2', () => stats.clear());
}
