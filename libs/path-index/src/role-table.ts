import type { StepPersonRow } from '#libs/paths';

/** A current role as the index holds it: enough to pick targets by code and to describe the step. */
export interface RoleRecord {
  id: string | null;
  code: string | null;
  rec: string;
  lent: boolean;
  title: string;
  organisation: string | null;
  sector: string | null;
  location: string | null;
  /** ms since the epoch (NaN: unknown). */
  createdAt: number;
  occupation: { code: string; title: string } | null;
}

export type WorkView = NonNullable<StepPersonRow['work']>;

/** A person's roles doing one code, not lent, recorded by more than one member. */
export const MANY_RECORDERS = '\u0000many';

/**
 * Each person's current roles and, per occupation code, who holds one. Strings that repeat across
 * roles (titles, employers, occupation titles) are held once.
 */
export class RoleTable {
  private readonly roles: (RoleRecord[] | undefined)[] = [];
  /**
   * Per code, who holds a current role doing it: lent (anyone may use it), and not lent with the one
   * member who recorded it (only they may use it; MANY_RECORDERS when several did).
   */
  private readonly lentHolders = new Map<string, Set<number>>();
  private readonly otherHolders = new Map<string, Map<number, string>>();
  private readonly strings = new Map<string, string>();

  set(i: number, roles: RoleRecord[]): void {
    for (const r of this.roles[i] ?? []) {
      if (r.code === null) continue;
      this.lentHolders.get(r.code)?.delete(i);
      this.otherHolders.get(r.code)?.delete(i);
    }
    this.roles[i] = roles.length ? roles.map((r) => this.intern(r)) : undefined;
    for (const r of roles) {
      if (r.code === null) continue;
      if (r.lent) {
        let set = this.lentHolders.get(r.code);
        if (!set) this.lentHolders.set(r.code, (set = new Set()));
        set.add(i);
      } else {
        let map = this.otherHolders.get(r.code);
        if (!map) this.otherHolders.set(r.code, (map = new Map<number, string>()));
        const known = map.get(i);
        map.set(i, known === undefined || known === r.rec ? r.rec : MANY_RECORDERS);
      }
    }
  }

  add(i: number, role: RoleRecord): void {
    this.set(i, [...(this.roles[i] ?? []), role]);
  }

  /** Who holds a current role doing this work: `lent` for every viewer; `other` (not lent) for its recorder only. One person may be in both. */
  holders(code: string): { lent: Iterable<number>; other: Iterable<[number, string]> } {
    return { lent: this.lentHolders.get(code) ?? [], other: this.otherHolders.get(code) ?? [] };
  }

  /** Whether t does one of the codes in a role the viewer may use (lent, or recorded by the viewer). */
  doesWork(t: number, codes: Set<string>, viewerId: string): boolean {
    const roles = this.roles[t];
    if (!roles) return false;
    for (const r of roles) if (r.code !== null && codes.has(r.code) && (r.lent || r.rec === viewerId)) return true;
    return false;
  }

  /**
   * The work shown for t on a path: a usable current role, one doing the wanted work first, then the
   * earliest recorded (then by id), as PathsRepository.stepPeople orders them.
   */
  workOf(t: number, codes: Set<string>, viewerId: string): WorkView | null {
    let best: RoleRecord | null = null;
    for (const r of this.roles[t] ?? []) {
      if (!r.lent && r.rec !== viewerId) continue;
      if (!best || before(r, best, codes)) best = r;
    }
    if (!best) return null;
    return {
      title: best.title,
      organisation: best.organisation,
      sector: best.sector,
      location: best.location,
      current: true,
      occupation: best.occupation ? { ...best.occupation } : null,
    };
  }

  private intern(r: RoleRecord): RoleRecord {
    const s = <T extends string | null>(v: T): T => {
      if (v === null) return v;
      const known = this.strings.get(v);
      if (known !== undefined) return known as T;
      this.strings.set(v, v);
      return v;
    };
    return {
      ...r,
      title: s(r.title),
      organisation: s(r.organisation),
      sector: s(r.sector),
      location: s(r.location),
      occupation: r.occupation ? { code: s(r.occupation.code), title: s(r.occupation.title) } : null,
    };
  }
}

/** Cypher's order: wanted code first, then createdAt, then id (nulls last, as ORDER BY puts them). */
function before(a: RoleRecord, b: RoleRecord, codes: Set<string>): boolean {
  const wa = a.code !== null && codes.has(a.code) ? 0 : 1;
  const wb = b.code !== null && codes.has(b.code) ? 0 : 1;
  if (wa !== wb) return wa < wb;
  const ca = orLast(a.createdAt);
  const cb = orLast(b.createdAt);
  if (ca !== cb) return ca < cb;
  if (a.id === b.id) return false;
  if (a.id === null) return false;
  if (b.id === null) return true;
  return a.id < b.id;
}

function orLast(ms: number | null): number {
  return typeof ms === 'number' && !Number.isNaN(ms) ? ms : Infinity;
}
