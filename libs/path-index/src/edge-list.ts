/** Entries per block: 26 MB of columns, allocated as the rows arrive. */
const BLOCK = 1 << 20;

/** One block of relationships, a column per field (a and b are person indexes; flags from a's side). */
export interface EdgeBlock {
  a: Int32Array;
  b: Int32Array;
  str: Float64Array;
  last: Float64Array;
  fl: Uint8Array;
  ctx: Uint8Array;
  n: number;
}

/**
 * The relationships read while building, before they are sorted into rows. Blocks of a fixed size
 * rather than arrays that double: at L (27 million relationships) each doubling allocated and copied
 * hundreds of megabytes at once, holding the API's event loop for seconds.
 */
export class EdgeList {
  readonly blocks: EdgeBlock[] = [];
  private current: EdgeBlock | null = null;

  push(a: number, b: number, str: number, last: number, fl: number, ctx: number): void {
    let block = this.current;
    if (!block || block.n === BLOCK) {
      block = {
        a: new Int32Array(BLOCK),
        b: new Int32Array(BLOCK),
        str: new Float64Array(BLOCK),
        last: new Float64Array(BLOCK),
        fl: new Uint8Array(BLOCK),
        ctx: new Uint8Array(BLOCK),
        n: 0,
      };
      this.blocks.push(block);
      this.current = block;
    }
    const at = block.n++;
    block.a[at] = a;
    block.b[at] = b;
    block.str[at] = str;
    block.last[at] = last;
    block.fl[at] = fl;
    block.ctx[at] = ctx;
  }
}
