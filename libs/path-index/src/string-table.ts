/**
 * Strings by slot (person ids, Neo4j element ids), held as UTF-8 bytes in one buffer with an
 * open-addressing hash index in typed arrays. At L (a million people) a string and a Map entry per
 * person were about 600 bytes each on the JS heap and millions of objects for every full garbage
 * collection to trace (pauses of 0.3-0.5 s each); here they are about 110 bytes in buffers the
 * collector does not look into.
 */
export class StringTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Bytes of strings replaced or removed, reclaimed by compacting once they are half the buffer. */
  private garbage = 0;
  private start = new Int32Array(1024);
  /** -1: the slot holds no string. */
  private len = new Int32Array(1024).fill(-1);
  private hashes = new Int32Array(1024);
  /** Slot + 1 per bucket; 0 empty, -1 a removed entry that lookups pass over. */
  private buckets = new Int32Array(2048);
  private live = 0;
  private tombstones = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private scratch = new Uint8Array(256);

  get size(): number {
    return this.live;
  }

  /** The slot holding `s`, if any. */
  find(s: string): number | undefined {
    const n = this.encode(s);
    const h = hashOf(this.scratch, 0, n);
    const mask = this.buckets.length - 1;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const at = this.buckets[b];
      if (at === 0) return undefined;
      if (at > 0 && this.hashes[at - 1] === h && this.equals(at - 1, n)) return at - 1;
    }
  }

  get(slot: number): string {
    const n = slot < this.len.length ? this.len[slot] : -1;
    if (n < 0) return '';
    return this.decoder.decode(this.bytes.subarray(this.start[slot], this.start[slot] + n));
  }

  has(slot: number): boolean {
    return slot < this.len.length && this.len[slot] >= 0;
  }

  /** Puts `s` in `slot` (replacing what was there); the caller keeps each string in one slot. */
  set(slot: number, s: string): void {
    if (this.has(slot)) this.delete(slot);
    if (slot >= this.len.length) this.growSlots(slot + 1);
    const n = this.encode(s);
    if (this.used + n > this.bytes.length) this.makeRoom(n);
    this.bytes.set(this.scratch.subarray(0, n), this.used);
    this.start[slot] = this.used;
    this.len[slot] = n;
    this.used += n;
    const h = hashOf(this.scratch, 0, n);
    this.hashes[slot] = h;
    if ((this.live + this.tombstones + 1) * 2 > this.buckets.length) this.rehash(Math.max(this.buckets.length, (this.live + 1) * 4));
    this.insert(slot, h);
    this.live++;
  }

  delete(slot: number): void {
    if (!this.has(slot)) return;
    const mask = this.buckets.length - 1;
    for (let b = this.hashes[slot] & mask; ; b = (b + 1) & mask) {
      const at = this.buckets[b];
      if (at === 0) break;
      if (at === slot + 1) {
        this.buckets[b] = -1;
        this.tombstones++;
        break;
      }
    }
    this.garbage += this.len[slot];
    this.len[slot] = -1;
    this.live--;
  }

  /** Orders two slots' strings as JS compares them (the same for the ASCII ids held here). */
  compare(a: number, b: number): number {
    const na = this.len[a];
    const nb = this.len[b];
    const sa = this.start[a];
    const sb = this.start[b];
    for (let i = 0; i < na && i < nb; i++) {
      const d = this.bytes[sa + i] - this.bytes[sb + i];
      if (d !== 0) return d;
    }
    return na - nb;
  }

  bytesHeld(): number {
    return this.bytes.byteLength + this.start.byteLength + this.len.byteLength + this.hashes.byteLength + this.buckets.byteLength;
  }

  private encode(s: string): number {
    if (s.length * 3 > this.scratch.length) this.scratch = new Uint8Array(s.length * 3);
    return this.encoder.encodeInto(s, this.scratch).written;
  }

  private equals(slot: number, n: number): boolean {
    if (this.len[slot] !== n) return false;
    const from = this.start[slot];
    for (let i = 0; i < n; i++) if (this.bytes[from + i] !== this.scratch[i]) return false;
    return true;
  }

  private insert(slot: number, h: number): void {
    const mask = this.buckets.length - 1;
    let b = h & mask;
    while (this.buckets[b] > 0) b = (b + 1) & mask;
    if (this.buckets[b] === -1) this.tombstones--;
    this.buckets[b] = slot + 1;
  }

  private rehash(atLeast: number): void {
    let size = 2048;
    while (size < atLeast) size *= 2;
    this.buckets = new Int32Array(size);
    this.tombstones = 0;
    for (let slot = 0; slot < this.len.length; slot++) if (this.len[slot] >= 0) this.insert(slot, this.hashes[slot]);
  }

  private growSlots(atLeast: number): void {
    const size = Math.max(atLeast, this.len.length * 2);
    const widen = (old: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(size).fill(fill);
      next.set(old);
      return next;
    };
    this.start = widen(this.start, 0);
    this.len = widen(this.len, -1);
    this.hashes = widen(this.hashes, 0);
  }

  /** Compacts when half the buffer is garbage, else doubles it. */
  private makeRoom(n: number): void {
    const keep = this.used - this.garbage;
    const size = Math.max(this.bytes.length * (keep * 2 > this.bytes.length ? 2 : 1), keep + n * 2);
    const next = new Uint8Array(size);
    let at = 0;
    for (let slot = 0; slot < this.len.length; slot++) {
      const m = this.len[slot];
      if (m < 0) continue;
      next.set(this.bytes.subarray(this.start[slot], this.start[slot] + m), at);
      this.start[slot] = at;
      at += m;
    }
    this.bytes = next;
    this.used = at;
    this.garbage = 0;
  }
}

/** FNV-1a over the bytes. */
function hashOf(bytes: Uint8Array, from: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + n; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h | 0;
}
