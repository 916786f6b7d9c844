/** Ids and element ids are short; a page holds many. */
const MAX_BYTES = 4096;

/**
 * Strings by slot (person ids, Neo4j element ids), held as UTF-8 bytes in pages with an
 * open-addressing hash index in typed arrays. A string and a Map entry per person on the JS heap
 * meant millions of objects for every full garbage collection to trace at L (a million people);
 * here they are buffers the collector does not look into, about 65 bytes a string.
 */
export class StringTable {
  private readonly pages: Uint8Array[] = [];
  /** Bytes used in the last page. */
  private used: number;
  /** Bytes of strings replaced or removed, reclaimed once they are half of all text. */
  private garbage = 0;
  /** Page * pageBytes + offset of each slot's text. */
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
  private readonly scratch = new Uint8Array(MAX_BYTES);

  /**
   * Text goes in pages of `pageBytes`, a new page as strings arrive, never one large copy: the first
   * writes to fresh memory are slow (about 4 ms a megabyte on this machine), and a copy of a whole
   * buffer held the event loop hundreds of milliseconds at L.
   */
  constructor(private readonly pageBytes = 1 << 20) {
    if (pageBytes < MAX_BYTES) throw new Error(`pages must hold at least ${MAX_BYTES} bytes`);
    this.used = pageBytes;
  }

  get size(): number {
    return this.live;
  }

  /** The slot holding `s`, if any. */
  find(s: string): number | undefined {
    const n = this.encode(s);
    if (n < 0) return undefined;
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
    const from = this.offsetOf(slot);
    return this.decoder.decode(this.pageOf(slot).subarray(from, from + n));
  }

  has(slot: number): boolean {
    return slot < this.len.length && this.len[slot] >= 0;
  }

  /** Puts `s` in `slot` (replacing what was there); the caller keeps each string in one slot. */
  set(slot: number, s: string): void {
    const n = this.encode(s);
    if (n < 0) throw new Error(`a string of more than ${MAX_BYTES} bytes cannot be held`);
    if (this.has(slot)) this.delete(slot);
    if (slot >= this.len.length) this.growSlots(slot + 1);
    if (this.garbage > this.pageBytes && this.garbage * 2 > this.pages.length * this.pageBytes) this.compact();
    this.append(slot, this.scratch.subarray(0, n));
    this.len[slot] = n;
    const h = hashOf(this.scratch, 0, n);
    this.hashes[slot] = h;
    // Linear probing stays short up to three quarters full; growing doubles, so it runs 3/8 to 3/4 full.
    if ((this.live + this.tombstones + 1) * 4 > this.buckets.length * 3) this.rehash(Math.max(this.buckets.length, (this.live + 1) * 2));
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
    const pa = this.pageOf(a);
    const pb = this.pageOf(b);
    const sa = this.offsetOf(a);
    const sb = this.offsetOf(b);
    for (let i = 0; i < na && i < nb; i++) {
      const d = pa[sa + i] - pb[sb + i];
      if (d !== 0) return d;
    }
    return na - nb;
  }

  bytesHeld(): number {
    return this.pages.length * this.pageBytes + this.start.byteLength + this.len.byteLength + this.hashes.byteLength + this.buckets.byteLength;
  }

  /** The string's UTF-8 length in the scratch buffer; -1 when longer than any held. */
  private encode(s: string): number {
    if (s.length > MAX_BYTES) return -1;
    const { read, written } = this.encoder.encodeInto(s, this.scratch);
    return read === s.length ? written : -1;
  }

  private equals(slot: number, n: number): boolean {
    if (this.len[slot] !== n) return false;
    const page = this.pageOf(slot);
    const from = this.offsetOf(slot);
    for (let i = 0; i < n; i++) if (page[from + i] !== this.scratch[i]) return false;
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

  /** Rewrites the live strings into new pages (after as many replacements as there are strings: rare). */
  private compact(): void {
    const old = this.pages.splice(0);
    this.used = this.pageBytes;
    for (let slot = 0; slot < this.len.length; slot++) {
      const n = this.len[slot];
      if (n < 0) continue;
      const from = this.start[slot] % this.pageBytes;
      this.append(slot, old[Math.floor(this.start[slot] / this.pageBytes)].subarray(from, from + n));
    }
    this.garbage = 0;
  }

  /** Writes a slot's text at the end of the last page (a new page when it does not fit) and records where. */
  private append(slot: number, text: Uint8Array): void {
    if (this.used + text.length > this.pageBytes) {
      this.pages.push(new Uint8Array(this.pageBytes));
      this.used = 0;
    }
    this.pages[this.pages.length - 1].set(text, this.used);
    this.start[slot] = (this.pages.length - 1) * this.pageBytes + this.used;
    this.used += text.length;
  }

  private pageOf(slot: number): Uint8Array {
    return this.pages[Math.floor(this.start[slot] / this.pageBytes)];
  }

  private offsetOf(slot: number): number {
    return this.start[slot] % this.pageBytes;
  }
}

/** FNV-1a over the bytes. */
function hashOf(bytes: Uint8Array, from: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + n; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h | 0;
}
