// Share of one core each process used between two times (epoch seconds), from bench/cpu-sample.sh's log.
import { readFileSync } from 'node:fs';

const [file, from, to] = process.argv.slice(2);
if (!file || !from || !to) throw new Error('usage: node bench/cpu-split.mjs <cpu.log> <from epoch s> <to epoch s>');
const samples = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const parts = line.split(' ');
  if (parts[0] === 'T') samples.push({ t: Number(parts[1]), ticks: new Map() });
  else if (parts.length === 3 && samples.length) samples.at(-1).ticks.set(`${parts[0]} ${parts[1]}`, Number(parts[2]));
}
const nearest = (t) => samples.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
const [a, b] = [nearest(Number(from)), nearest(Number(to))];
const seconds = b.t - a.t;
const byName = new Map();
for (const [key, ticks] of b.ticks) {
  if (!a.ticks.has(key)) continue;
  const name = key.split(' ')[1];
  byName.set(name, (byName.get(name) ?? 0) + (ticks - a.ticks.get(key)) / 100);
}
const shares = [...byName].map(([name, cpu]) => `${name} ${Math.round((cpu / seconds) * 100)}%`);
console.log(`${seconds.toFixed(1)} s: ${shares.join(', ')}`);
