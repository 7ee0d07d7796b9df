/**
 * How many live streams each principal holds open on this gateway: a token
 * may hold at most `limit` at once (a leaked or buggy client cannot pin the
 * gateway's connections); a stream gives its slot back when it ends.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes a slot for `principalId`; false when it already holds `limit`. */
  take(principalId: string): boolean {
    const held = this.open.get(principalId) ?? 0;
    if (held >= this.limit) return false;
    this.open.set(principalId, held + 1);
    return true;
  }

  release(principalId: string): void {
    const held = this.open.get(principalId) ?? 0;
    if (held <= 1) this.open.delete(principalId);
    else this.open.set(principalId, held - 1);
  }

  held(principalId: string): number {
    return this.open.get(principalId) ?? 0;
  }

  /** Streams open in all. */
  total(): number {
    let sum = 0;
    for (const n of this.open.values()) sum += n;
    return sum;
  }
}
