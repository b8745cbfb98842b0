/**
 * How a notebook cell's magic stack is told: the runner names the magic that runs the cell's body
 * (the innermost of a stack such as %%capture over %%timeit), the one on the cell's first line when
 * it is another, and that magic's line (notebook._stack_fact). %%script's program comes with it
 * ("script:python3"). Shared by the load notes and the missing-function problems.
 */

/** A cell's magic stack: `magic` runs the body; `under` is the first line's magic when another, `line` then `magic`'s line in the cell. */
export interface MagicStack {
  magic: string;
  under?: string;
  line?: number;
}

/** A scope's token ("capture,timeit@2", "timeit", "script:python3") as a MagicStack. */
export function parseMagicStack(token: string): MagicStack {
  const m = /^([^,]*),([^@]*)@(\d+)$/.exec(token);
  return m ? { magic: m[2]!, under: m[1]!, line: Number(m[3]) } : { magic: token };
}

/** The magic as its line starts: %%script python3 for "script:python3". */
export function magicLine(magic: string): string {
  const [name, program] = magic.split(':');
  return program ? `%%${name} ${program}` : `%%${name}`;
}

/** The magic's own name, to remove its line: %%script for "script:python3". */
export function magicName(magic: string): string {
  return `%%${magic.split(':')[0]}`;
}

/** "a cell that starts with %%bash", or "a cell that starts with %%capture, whose %%timeit at line 2" for a stack. */
export function cellStarting(s: MagicStack): string {
  return s.under === undefined ? `a cell that starts with ${magicLine(s.magic)}` : `a cell that starts with %%${s.under}, over ${magicLine(s.magic)} at line ${s.line}`;
}

/** The stack in a few words for a list of cells: "%%bash", "%%capture over %%timeit (line 2)". */
export function stackShown(s: MagicStack): string {
  return s.under === undefined ? magicLine(s.magic) : `%%${s.under} over ${magicLine(s.magic)} (line ${s.line})`;
}

const PYTHON_PROGRAM = /^(?:python|pypy|ipython)[\d.]*$/;
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'cmd', 'powershell', 'pwsh', 'system']);
const SHOWN: Record<string, string> = {
  html: 'HTML',
  javascript: 'JavaScript',
  js: 'JavaScript',
  svg: 'SVG',
  latex: 'LaTeX',
  markdown: 'Markdown',
};

/** Where a magic that does not run its cell as the notebook's Python sends it (the program, the page, a file), or undefined when unknown. */
export function magicDoes(magic: string): string | undefined {
  const [name, program] = magic.split(':') as [string, string | undefined];
  const runner = name === 'script' ? program : name;
  if (name === 'writefile' || name === 'file') return `${magicName(magic)} writes the cell to a file, which no cell below imports or %runs`;
  if (runner !== undefined && PYTHON_PROGRAM.test(runner)) {
    return `${magicLine(magic)} runs the cell in a separate Python process, which ends with the cell, so what it defines never reaches the notebook (only what it prints does)`;
  }
  if (runner !== undefined && SHELLS.has(runner)) return `${magicLine(magic)} runs the cell as a shell script, in a separate process`;
  if (SHOWN[name]) return `${magicLine(magic)} shows the cell in the notebook's page as ${SHOWN[name]}, which the browser reads, not Python`;
  if (name === 'R') return `%%R runs the cell as R code (rpy2), not Python`;
  if (name === 'script' && program) return `${magicLine(magic)} runs the cell with ${program}, in a separate process`;
  return undefined;
}

/** A few words after a magic in a list of cells (": a separate Python process"), or "" when unknown. */
export function magicBrief(magic: string): string {
  const [name, program] = magic.split(':') as [string, string | undefined];
  const runner = name === 'script' ? program : name;
  if (name === 'writefile' || name === 'file') return ': a file no cell below loads';
  if (runner !== undefined && PYTHON_PROGRAM.test(runner)) return ': a separate Python process';
  if (runner !== undefined && SHELLS.has(runner)) return ': a shell script';
  if (SHOWN[name]) return `: shown as ${SHOWN[name]}`;
  if (name === 'R') return ': R code';
  if (name === 'cython') return ": Cython's own syntax, which the grader cannot compile";
  return '';
}
