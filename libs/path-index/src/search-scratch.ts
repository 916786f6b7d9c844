/**
 * GraphSearch's working memory, reused by every query of the process (the search is synchronous).
 * Per person only a stamp, two slot numbers and a byte of marks (13 bytes: half a byte per
 * relationship at L); what the search learns about a person lives in slot tables sized to one
 * neighbourhood, not to the graph. A person's entries count only when stamped with this query's
 * number, so nothing is cleared between queries.
 */
export class SearchScratch {
  stamp = 0;
  private seen = new Int32Array(0);
  /** Middle slot of each person (-1: not in the middle). */
  private mid = new Int32Array(0);
  /** Target slot of each person (-1: not a target). */
  private tgt = new Int32Array(0);
  private marks = new Uint8Array(0);

  // Middle slots: the viewer, hop-1 people and hop-2 people.
  middleCount = 0;
  midPerson = new Int32Array(64);
  /** Best hop-1 edge weight (-1: not hop 1). */
  n1W = new Float64Array(64);
  /** Broker factor where the row search reads the person's state (NaN: not read, counts as 1). */
  fac = new Float64Array(64);
  /** Best two 2-hop prefixes through distinct brokers (via -1: none). */
  p1S = new Float64Array(64);
  p1V = new Int32Array(64);
  p2S = new Float64Array(64);
  p2V = new Int32Array(64);

  // Target slots: best path so far (bLen 0: not reached yet).
  targetCount = 0;
  tgtPerson = new Int32Array(64);
  bS = new Float64Array(64);
  bN = new Int32Array(192);
  bLen = new Uint8Array(64);

  /** A fresh query over `people` people. */
  begin(people: number): number {
    if (people > this.seen.length || this.stamp === 0x7fffffff) {
      const n = Math.max(1024, people > this.seen.length ? Math.ceil(people * 1.1) : this.seen.length);
      this.seen = new Int32Array(n);
      this.mid = new Int32Array(n);
      this.tgt = new Int32Array(n);
      this.marks = new Uint8Array(n);
      this.stamp = 0;
    }
    this.middleCount = 0;
    this.targetCount = 0;
    return ++this.stamp;
  }

  private touch(i: number): void {
    if (this.seen[i] === this.stamp) return;
    this.seen[i] = this.stamp;
    this.mid[i] = -1;
    this.tgt[i] = -1;
    this.marks[i] = 0;
  }

  midOf(i: number): number {
    return this.seen[i] === this.stamp ? this.mid[i] : -1;
  }

  tgtOf(i: number): number {
    return this.seen[i] === this.stamp ? this.tgt[i] : -1;
  }

  marked(i: number, bit: number): boolean {
    return this.seen[i] === this.stamp && (this.marks[i] & bit) !== 0;
  }

  mark(i: number, bit: number): void {
    this.touch(i);
    this.marks[i] |= bit;
  }

  /** The person's middle slot, given one when new. */
  addMiddle(i: number): number {
    this.touch(i);
    if (this.mid[i] >= 0) return this.mid[i];
    const at = this.middleCount++;
    if (at >= this.midPerson.length) this.growMiddle();
    this.mid[i] = at;
    this.midPerson[at] = i;
    this.n1W[at] = -1;
    this.fac[at] = NaN;
    this.p1V[at] = -1;
    this.p2V[at] = -1;
    return at;
  }

  /** The person's target slot, given one when new (false when they were a target already). */
  addTarget(i: number): boolean {
    this.touch(i);
    if (this.tgt[i] >= 0) return false;
    const at = this.targetCount++;
    if (at >= this.tgtPerson.length) this.growTargets();
    this.tgt[i] = at;
    this.tgtPerson[at] = i;
    this.bLen[at] = 0;
    return true;
  }

  private growMiddle(): void {
    const n = this.midPerson.length * 2;
    this.midPerson = wider(this.midPerson, new Int32Array(n));
    this.n1W = wider(this.n1W, new Float64Array(n));
    this.fac = wider(this.fac, new Float64Array(n));
    this.p1S = wider(this.p1S, new Float64Array(n));
    this.p1V = wider(this.p1V, new Int32Array(n));
    this.p2S = wider(this.p2S, new Float64Array(n));
    this.p2V = wider(this.p2V, new Int32Array(n));
  }

  private growTargets(): void {
    const n = this.tgtPerson.length * 2;
    this.tgtPerson = wider(this.tgtPerson, new Int32Array(n));
    this.bS = wider(this.bS, new Float64Array(n));
    this.bN = wider(this.bN, new Int32Array(3 * n));
    this.bLen = wider(this.bLen, new Uint8Array(n));
  }

  /** Bytes held (the per-person arrays and the slot tables). */
  bytes(): number {
    const perPerson = this.seen.byteLength + this.mid.byteLength + this.tgt.byteLength + this.marks.byteLength;
    const middle = this.midPerson.length * (4 + 8 + 8 + 8 + 4 + 8 + 4);
    const targets = this.tgtPerson.length * (4 + 8 + 12 + 1);
    return perPerson + middle + targets;
  }
}

function wider<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
