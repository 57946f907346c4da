// The snapshot's Azure role assignments held as columns: at 100k identities there are half a million,
// and as objects with their ARM ids they cost ~170 MB; as columns of numbers ~25 MB. Lists by
// principal and by scope build their records when asked, in a fixed order (see `build`).
import type { RoleAssignmentRecord, ScopeLevel } from "./snapshot";

const SEGMENT = "/providers/microsoft.authorization/roleassignments/";
/** Value of a lower-case hex digit by character code, -1 for anything else. */
const HEX_VALUE = Array.from({ length: 128 }, (_, code) =>
  code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1,
);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Where each byte of a GUID's 16 starts in its 36-character text. */
const BYTE_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const DASHES = [8, 13, 18, 23];

/** Lists of records by key. `get` may build a fresh list on each call; do not keep one you do not need. */
export interface Lookup<T> {
  get(key: string): readonly T[] | undefined;
  keys(): IterableIterator<string>;
}

function grow(array: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Uint32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/**
 * A record read from the columns: two fields, however many are asked for, so the lists that rules
 * keep (controllers per scope, grants) stay small; its id is put together only when read.
 */
class RoleAssignmentRow implements RoleAssignmentRecord {
  constructor(
    private readonly table: RoleAssignmentTable,
    private readonly row: number,
  ) {}

  get id(): string {
    return this.table.idOf(this.row);
  }
  get scope(): string {
    return this.table.field(this.row, 0) as string;
  }
  get scopeLevel(): ScopeLevel {
    return this.table.field(this.row, 1) as ScopeLevel;
  }
  get subscriptionId(): string | null {
    return this.table.field(this.row, 2);
  }
  get roleDefinitionId(): string {
    return this.table.field(this.row, 3) as string;
  }
  get principalId(): string {
    return this.table.field(this.row, 4) as string;
  }
  get principalType(): string {
    return this.table.field(this.row, 5) as string;
  }
  get condition(): string | null {
    return this.table.condition(this.row);
  }

  toJSON(): RoleAssignmentRecord {
    const { id, scope, scopeLevel, subscriptionId, roleDefinitionId, principalId, principalType, condition } = this;
    return { id, scope, scopeLevel, subscriptionId, roleDefinitionId, principalId, principalType, condition };
  }
}

const FIELDS = 6; // scope, scopeLevel, subscriptionId, roleDefinitionId, principalId, principalType (+ condition below)

export class RoleAssignmentTable {
  /** Distinct strings; index 0 stands for null. */
  private readonly strings: (string | null)[] = [null];
  private readonly stringIds = new Map<string, number>();
  private columns: Uint32Array<ArrayBuffer> = new Uint32Array(FIELDS * 1024);
  private conditions = new Map<number, number>();
  /** The GUID of each assignment whose id is `${scope}${SEGMENT}${guid}`, as 16 bytes. */
  private guids = new Uint8Array(16 * 1024);
  /** The GUID's first four bytes, to order rows with one number compare in most cases. */
  private keys: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  /** Ids of any other form, kept whole. */
  private readonly otherIds = new Map<number, string>();
  private count = 0;
  private built: { byPrincipal: Lookup<RoleAssignmentRecord>; byScope: Lookup<RoleAssignmentRecord> } | null = null;

  get size(): number {
    return this.count;
  }

  private intern(value: string | null): number {
    if (value === null) return 0;
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.stringIds.set(value, id);
    }
    return id;
  }

  add(record: RoleAssignmentRecord, lowerCase: (value: string) => string): void {
    if (this.built) throw new Error("RoleAssignmentTable: add after build");
    const row = this.count;
    this.count += 1;
    this.columns = grow(this.columns, this.count * FIELDS);
    if (this.guids.length < this.count * 16) {
      const next = new Uint8Array(this.guids.length * 2);
      next.set(this.guids);
      this.guids = next;
    }
    this.keys = grow(this.keys, this.count);
    const at = row * FIELDS;
    this.columns[at] = this.intern(record.scope);
    this.columns[at + 1] = this.intern(record.scopeLevel);
    this.columns[at + 2] = this.intern(record.subscriptionId);
    this.columns[at + 3] = this.intern(record.roleDefinitionId);
    this.columns[at + 4] = this.intern(record.principalId);
    this.columns[at + 5] = this.intern(record.principalType);
    if (record.condition !== null) this.conditions.set(row, this.intern(record.condition));
    // Keys of the two lists, lower-cased like every other lookup of the index.
    this.intern(lowerCase(record.principalId));
    this.intern(lowerCase(record.scope));
    const prefix = record.scope === "/" ? "" : record.scope;
    const id = record.id;
    const at36 = prefix.length + SEGMENT.length;
    const g = row * 16;
    if (
      id.length === at36 + 36 &&
      id.startsWith(prefix) &&
      id.startsWith(SEGMENT, prefix.length) &&
      this.parseGuid(id, at36, g)
    ) {
      this.keys[row] =
        this.guids[g]! * 0x1000000 + (this.guids[g + 1]! << 16) + (this.guids[g + 2]! << 8) + this.guids[g + 3]!;
    } else {
      this.guids.fill(0, g, g + 16);
      this.otherIds.set(row, id);
      this.keys[row] = 0xffffffff;
    }
  }

  /** Reads a lower-case GUID at `from` into 16 bytes at `at`; false if it is not one. */
  private parseGuid(text: string, from: number, at: number): boolean {
    for (const dash of DASHES) if (text.charCodeAt(from + dash) !== 45) return false;
    for (let b = 0; b < 16; b += 1) {
      const high = HEX_VALUE[text.charCodeAt(from + BYTE_AT[b]!)] ?? -1;
      const low = HEX_VALUE[text.charCodeAt(from + BYTE_AT[b]! + 1)] ?? -1;
      if (high < 0 || low < 0) return false;
      this.guids[at + b] = high * 16 + low;
    }
    return true;
  }

  idOf(row: number): string {
    const other = this.otherIds.get(row);
    if (other !== undefined) return other;
    const scope = this.strings[this.columns[row * FIELDS]!] as string;
    let guid = "";
    for (let b = 0; b < 16; b += 1) {
      if (b === 4 || b === 6 || b === 8 || b === 10) guid += "-";
      guid += HEX[this.guids[row * 16 + b]!];
    }
    return `${scope === "/" ? "" : scope}${SEGMENT}${guid}`;
  }

  field(row: number, field: number): string | null {
    return this.strings[this.columns[row * FIELDS + field]!] ?? null;
  }

  condition(row: number): string | null {
    return this.strings[this.conditions.get(row) ?? 0] ?? null;
  }

  /** A fixed order of rows that does not depend on the order they were added: by GUID, then scope. */
  private compare(a: number, b: number): number {
    const otherA = this.otherIds.get(a);
    const otherB = this.otherIds.get(b);
    if (otherA !== undefined || otherB !== undefined) {
      if (otherA === undefined) return -1;
      if (otherB === undefined) return 1;
      return otherA < otherB ? -1 : otherA > otherB ? 1 : 0;
    }
    for (let i = 0; i < 16; i += 1) {
      const d = this.guids[a * 16 + i]! - this.guids[b * 16 + i]!;
      if (d !== 0) return d;
    }
    const scopeA = this.strings[this.columns[a * FIELDS]!] as string;
    const scopeB = this.strings[this.columns[b * FIELDS]!] as string;
    return scopeA < scopeB ? -1 : scopeA > scopeB ? 1 : 0;
  }

  /** The lists by principal and by scope (keys lower-cased), each in the fixed order of `compare`. */
  build(lowerCase: (value: string) => string): {
    byPrincipal: Lookup<RoleAssignmentRecord>;
    byScope: Lookup<RoleAssignmentRecord>;
  } {
    if (this.built) return this.built;
    const order = new Uint32Array(this.count);
    for (let row = 0; row < this.count; row += 1) order[row] = row;
    const keys = this.keys;
    order.sort((a, b) => keys[a]! - keys[b]! || this.compare(a, b));
    const lookup = (field: number): Lookup<RoleAssignmentRecord> => {
      // A counting sort by key: the rows of key k are rows[starts[k] .. starts[k + 1]).
      const keys = new Uint32Array(this.count);
      for (let row = 0; row < this.count; row += 1)
        keys[row] = this.stringIds.get(lowerCase(this.strings[this.columns[row * FIELDS + field]!] as string))!;
      const starts = new Uint32Array(this.strings.length + 1);
      for (const k of keys) starts[k + 1]! += 1;
      for (let k = 1; k < starts.length; k += 1) starts[k]! += starts[k - 1]!;
      const next = starts.slice();
      const rows = new Uint32Array(this.count);
      for (const row of order) rows[next[keys[row]!]!++] = row;
      const strings = this.strings;
      return {
        get: (key) => {
          const k = this.stringIds.get(lowerCase(key));
          if (k === undefined || starts[k] === starts[k + 1]) return undefined;
          const list: RoleAssignmentRecord[] = [];
          for (let i = starts[k]!; i < starts[k + 1]!; i += 1) list.push(new RoleAssignmentRow(this, rows[i]!));
          return list;
        },
        *keys() {
          for (let k = 0; k + 1 < starts.length; k += 1) if (starts[k] !== starts[k + 1]) yield strings[k] as string;
        },
      };
    };
    this.built = { byPrincipal: lookup(4), byScope: lookup(0) };
    return this.built;
  }
}
