/**
 * An .ipynb's JSON text read for its cells' sources only (a cell's type, its source or input): the
 * rest of the notebook (outputs, metadata) is scanned past without building its values, so a
 * notebook of millions of values costs no memory per value in the grader's process. Shared by the
 * mistakes' site lines (grade/sites.ts sourceLines) and the CI formats' file lines
 * (report/notebook-lines.ts): JSON.parse there built every value (red team 19: 1.3 GB and 15 s for
 * a 38 MB notebook in `check --format github`; red team 31: 740 MB for a 50 MiB one's site line,
 * in every grading command). Pure.
 */

export type Node =
  | { t: 'obj'; at: number; keys: Map<string, Node> }
  | { t: 'arr'; at: number; items: Node[] }
  | { t: 'str'; at: number; text: string | null }
  | { t: 'lit'; at: number };

/**
 * Where a value sits on the way to the cells' sources: only those values are built as nodes (the
 * rest of the notebook, outputs and metadata, is scanned past), so a notebook of millions of
 * values costs no memory per value: one of 38 MB with 20 million numbers in a cell's metadata took
 * `check --format github` 1.3 GB and 15 s more than the terminal report (red team 19).
 */
type Role = 'root' | 'cells' | 'sheets' | 'sheet' | 'cell' | 'type' | 'source' | 'line' | null;

const childRole = (role: Role, key: string | null): Role => {
  if (role === 'root') return key === 'cells' ? 'cells' : key === 'worksheets' ? 'sheets' : null;
  if (role === 'cells') return 'cell';
  if (role === 'sheets') return 'sheet';
  if (role === 'sheet') return key === 'cells' ? 'cells' : null;
  if (role === 'cell') return key === 'source' || key === 'input' ? 'source' : key === 'cell_type' ? 'type' : null;
  if (role === 'source') return 'line';
  return null;
};

/**
 * The most values built (cells, their sources' lines, their types) before the reader gives up and
 * says it cannot read the notebook (null): a notebook of 17 million empty cells (`{}`, 3 bytes each)
 * took 4.3 GB of the grader's heap as nodes (red team 31), JSON.parse 1.2 GB. Jupyter's notebooks
 * of thousands of cells and tens of thousands of lines build a tenth of this.
 */
export const MAX_BUILT = 200_000;

/**
 * A JSON reader that keeps where each value starts (JSON.parse does not); strings kept only where
 * asked. Null for text that is not such JSON, or past MAX_BUILT values built.
 */
export function scanNotebook(src: string): Node | null {
  let budget = MAX_BUILT;
  // A byte-order mark (the runner reads notebooks as utf-8-sig) is no line and no value.
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  };
  const str = (keep: boolean): string | null => {
    const start = ++i;
    let escaped = false;
    while (i < src.length) {
      const ch = src[i]!;
      if (ch === '\\') escaped = true, i += 2;
      else if (ch === '"') break;
      else i++;
    }
    i++;
    if (!keep) return null;
    const raw = src.slice(start, i - 1);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const skipped: Node = { t: 'lit', at: -1 };
  const value = (role: Role, depth: number): Node => {
    // Python's json stops at about this depth (its recursion limit): deeper, no notebook ran.
    if (depth > 1000) throw new Error('too deep');
    ws();
    const at = i;
    const ch = src[i];
    const built = role !== null;
    if (built && --budget < 0) throw new Error('too many values');
    if (ch === '{') {
      i++;
      const keys = built ? new Map<string, Node>() : null;
      ws();
      if (src[i] === '}') return i++, keys ? { t: 'obj', at, keys } : skipped;
      for (;;) {
        ws();
        if (src[i] !== '"') throw new Error('key');
        const key = str(built)!;
        ws();
        if (src[i++] !== ':') throw new Error(':');
        const child = value(built ? childRole(role, key) : null, depth + 1);
        keys?.set(key, child);
        ws();
        if (src[i] === ',') i++;
        else if (src[i++] === '}') return keys ? { t: 'obj', at, keys } : skipped;
        else throw new Error('}');
      }
    }
    if (ch === '[') {
      i++;
      const items: Node[] | null = built ? [] : null;
      ws();
      if (src[i] === ']') return i++, items ? { t: 'arr', at, items } : skipped;
      for (;;) {
        const item = value(childRole(role, null), depth + 1);
        items?.push(item);
        ws();
        if (src[i] === ',') i++;
        else if (src[i++] === ']') return items ? { t: 'arr', at, items } : skipped;
        else throw new Error(']');
      }
    }
    if (ch === '"') {
      const text = str(role === 'source' || role === 'line' || role === 'type');
      return built ? { t: 'str', at, text } : skipped;
    }
    while (i < src.length && !',]} \t\r\n'.includes(src[i]!)) i++;
    if (i === at) throw new Error('value');
    return built ? { t: 'lit', at } : skipped;
  };
  try {
    return value('root', 0);
  } catch {
    return null;
  }
}

/** The cells in the order wlgrade numbers them (from 1, markdown included; nbformat 3: every worksheet's). */
export function cellsOf(root: Node): Node[] {
  if (root.t !== 'obj') return [];
  const cells = root.keys.get('cells');
  if (cells?.t === 'arr') return cells.items;
  const sheets = root.keys.get('worksheets');
  if (sheets?.t !== 'arr') return [];
  return sheets.items.flatMap((w) => {
    const c = w.t === 'obj' ? w.keys.get('cells') : undefined;
    return c?.t === 'arr' ? c.items : [];
  });
}
