import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A realistic synthetic network: people cluster by place and work (communities), a few long
 * ties cross them, account holders record a heavy-tailed number of contacts, work roles follow
 * a Zipf-like popularity over a few hundred SOC 2020 occupations, and a share of account holders
 * lend their networks. Deterministic for a seed.
 */
export interface SyntheticNetwork {
  people: number;
  /** Index -> is account holder. */
  account: Uint8Array;
  lends: Uint8Array;
  volunteer: Uint8Array;
  capacity: Uint8Array;
  /** Index -> occupation index (into codes) of the current role, or -1. */
  occupation: Int16Array;
  /** Index -> who recorded the role (person index), for non-account people the first recorder. */
  roleRecorder: Int32Array;
  codes: string[];
  codeWeights: number[];
  /** Edges: recorder -> contact. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  strength: Float32Array;
  /** Days since last contact, -1 = unknown. */
  daysAgo: Int16Array;

  context: Uint8Array;
}

export const DAY_MS = 86_400_000;
/** Half a day past the whole day keeps last contact off the recency boundaries (365 and 1095 days), so a reference built minutes after loading weighs every edge the same. */
export const lastContactOffsetMs = (daysAgo: number) => (daysAgo < 0 ? -1 : (daysAgo + 0.5) * DAY_MS);

export const CONTEXTS = ['FAMILY', 'FRIEND', 'EX_COLLEAGUE', 'COLLEAGUE', 'NEIGHBOUR', 'COMMUNITY', 'EDUCATION', 'EVENT', 'PROFESSIONAL', 'OTHER'];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function zipfSampler(n: number, s: number, rnd: () => number): { sample: () => number; weights: number[] } {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  return {
    weights: weights.map((w) => w / total),
    sample: () => {
      const u = rnd();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

export function generateNetwork(people: number, relationships: number, seed: number, root: string): SyntheticNetwork {
  const rnd = rng(seed);
  const allCodes = readFileSync(join(root, 'graph/taxonomy/soc2020/unit-groups.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',')[0]);
  // A few hundred occupations, in a shuffled popularity order.
  const codes = allCodes
    .map((c) => [rnd(), c] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(0, 300)
    .map(([, c]) => c);
  const zipf = zipfSampler(codes.length, 1.1, rnd);

  const account = new Uint8Array(people);
  const lends = new Uint8Array(people);
  const volunteer = new Uint8Array(people);
  const capacity = new Uint8Array(people);
  const occupation = new Int16Array(people).fill(-1);
  const roleRecorder = new Int32Array(people).fill(-1);
  const community = new Int32Array(people);
  const communities: number[][] = [];
  const communityWork: number[][] = [];
  for (let i = 0; i < people;) {
    const size = Math.min(people - i, 40 + Math.floor(rnd() * 160));
    const members = Array.from({ length: size }, (_, k) => i + k);
    communities.push(members);
    communityWork.push([zipf.sample(), zipf.sample(), zipf.sample()]);
    for (const m of members) community[m] = communities.length - 1;
    i += size;
  }
  for (let p = 0; p < people; p++) {
    if (rnd() < 0.25) {
      account[p] = 1;
      volunteer[p] = rnd() < 0.08 ? 1 : 0;
      lends[p] = volunteer[p] || rnd() < 0.3 ? 1 : 0;
      capacity[p] = rnd() < 0.05 ? 0 : 1 + Math.floor(rnd() * 5);
    }
    if (rnd() < 0.8) occupation[p] = rnd() < 0.6 ? communityWork[community[p]][Math.floor(rnd() * 3)] : zipf.sample();
  }
  const recorders: number[] = [];
  for (let p = 0; p < people; p++) if (account[p]) recorders.push(p);

  // Heavy-tailed contacts per account holder (Pareto, alpha 1.8), scaled to the wanted total.
  const raw = recorders.map(() => 1 / Math.pow(1 - rnd() * 0.999, 1 / 1.8));
  const scale = relationships / raw.reduce((a, b) => a + b, 0);
  const degrees = raw.map((r) => Math.max(1, Math.min(5000, Math.round(r * scale))));
  const total = degrees.reduce((a, b) => a + b, 0);
  const edgeFrom = new Int32Array(total);
  const edgeTo = new Int32Array(total);
  const strength = new Float32Array(total);
  const daysAgo = new Int16Array(total);
  const context = new Uint8Array(total);
  let e = 0;
  recorders.forEach((r, idx) => {
    const home = communities[community[r]];
    const seen = new Set<number>([r]);
    for (let k = 0; k < degrees[idx]; k++) {
      let to = -1;
      for (let tries = 0; tries < 5 && (to < 0 || seen.has(to)); tries++) {
        to = rnd() < 0.85 ? home[Math.floor(rnd() * home.length)] : Math.floor(rnd() * people);
      }
      if (seen.has(to)) continue;
      seen.add(to);
      edgeFrom[e] = r;
      edgeTo[e] = to;
      strength[e] = Math.round((0.1 + 0.9 * rnd() ** 1.5) * 100) / 100;
      daysAgo[e] = rnd() < 0.4 ? -1 : Math.floor(rnd() * 1800);
      context[e] = Math.floor(rnd() * CONTEXTS.length);
      if (!account[to] && roleRecorder[to] < 0) roleRecorder[to] = r;
      e++;
    }
  });
  for (let p = 0; p < people; p++) if (account[p]) roleRecorder[p] = p;
  return {
    people,
    account,
    lends,
    volunteer,
    capacity,
    occupation,
    roleRecorder,
    codes,
    codeWeights: zipf.weights,
    edgeFrom: edgeFrom.subarray(0, e),
    edgeTo: edgeTo.subarray(0, e),
    strength: strength.subarray(0, e),
    daysAgo: daysAgo.subarray(0, e),
    context: context.subarray(0, e),
  };
}
