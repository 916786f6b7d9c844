import { describe, expect, it } from '@jest/globals';
import { StringTable } from '#libs/path-index';

/** A small deterministic generator, so a failure replays. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('StringTable', () => {
  it('finds, returns, replaces and removes strings as a Map by slot would, through new pages, rehashing and compaction', () => {
    const random = generator(11);
    // Small pages: many of them, and the text is compacted again and again.
    const table = new StringTable(4096);
    const model = new Map<number, string>();
    const held = new Set<string>();
    const live: number[] = [];
    const gone = new Set<string>();
    const word = () => {
      const kinds = ['4:1f0e2d3c-aaaa-4bbb-8ccc-000000000000:', 'p-', 'Zoë ', ''];
      return `${kinds[Math.floor(random() * kinds.length)]}${Math.floor(random() * 5_000)}`;
    };
    let next = 0;
    for (let step = 0; step < 60_000; step++) {
      const r = random();
      if (r < 0.55 || model.size === 0) {
        const s = word();
        if (held.has(s)) continue;
        table.set(next, s);
        live.push(next);
        model.set(next++, s);
        held.add(s);
      } else if (r < 0.75) {
        const slot = live[Math.floor(random() * live.length)];
        const s = word();
        if (held.has(s)) continue;
        table.set(slot, s);
        gone.add(model.get(slot)!);
        held.delete(model.get(slot)!);
        model.set(slot, s);
        held.add(s);
      } else {
        const at = Math.floor(random() * live.length);
        const slot = live[at];
        live[at] = live[live.length - 1];
        live.pop();
        table.delete(slot);
        gone.add(model.get(slot)!);
        held.delete(model.get(slot)!);
        model.delete(slot);
      }
      if (step % 5_000 === 4_999) {
        expect(table.size).toBe(model.size);
        const wrong: string[] = [];
        for (let slot = 0; slot < next; slot++) {
          const s = model.get(slot);
          if (table.has(slot) !== (s !== undefined) || table.get(slot) !== (s ?? '')) wrong.push(`slot ${slot} holds "${table.get(slot)}"`);
          if (s !== undefined && table.find(s) !== slot) wrong.push(`"${s}" found at ${table.find(s)}, not ${slot}`);
        }
        for (const s of gone) if (!held.has(s) && table.find(s) !== undefined) wrong.push(`"${s}" still found`);
        expect(wrong).toEqual([]);
      }
    }
    expect(table.find('never set')).toBeUndefined();
    expect(next).toBeGreaterThan(5_000);
  });

  it('orders ASCII ids exactly as JavaScript compares the strings', () => {
    const random = generator(3);
    const table = new StringTable();
    const ids = Array.from({ length: 400 }, (_, i) => `4:db:${Math.floor(random() * 1e6)}${i % 7 === 0 ? '' : `-${i}`}`);
    const unique = [...new Set(ids)];
    unique.forEach((s, slot) => table.set(slot, s));
    for (let a = 0; a < unique.length; a += 3) {
      for (let b = 0; b < unique.length; b += 5) {
        expect(Math.sign(table.compare(a, b))).toBe(unique[a] < unique[b] ? -1 : unique[a] > unique[b] ? 1 : 0);
      }
    }
  });

  it('holds strings outside the JS heap: an id costs about its bytes', () => {
    const table = new StringTable();
    for (let slot = 0; slot < 200_000; slot++) table.set(slot, `4:1f0e2d3c-aaaa-4bbb-8ccc-000000000000:${slot}`);
    expect(table.find('4:1f0e2d3c-aaaa-4bbb-8ccc-000000000000:199999')).toBe(199_999);
    // 40-45 bytes of text, 12-24 bytes of slot arrays (they double), 5-11 bytes of buckets.
    expect(table.bytesHeld() / 200_000).toBeLessThan(80);
    expect(() => table.set(200_000, 'x'.repeat(5000))).toThrow('a string of more than 4096 bytes cannot be held');
    expect(table.find('x'.repeat(5000))).toBeUndefined();
  });
});
