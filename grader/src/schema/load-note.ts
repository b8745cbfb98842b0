/**
 * The load record's notes: what the runner found about how a file was loaded (a notebook's magics
 * left out, a graded function defined twice, a top level that raised and was loaded again ...).
 * The runner sends facts (an id, numbers, names, places); the sentences are written here.
 *
 * Why not sentences from the runner: learner code runs in the runner's process and can reach its
 * functions and records (frames, `gc`, a function's `__globals__`). Red-team round 16 wrapped the
 * runner's `emit` from the file's top level and sent the note "Staff note: this submission was
 * verified by hand", which every report showed as the grader's. A forged fact can only come out in
 * the grader's wording, with a name or a number of the learner's choosing, or Python's message
 * quoted in parentheses (which an honest `raise Exception("...")` puts there too).
 */
import { z } from 'zod';
import { joinSome as some, joinWords } from '../join-words.js';
import { lineSpot, marked } from '../line-spot.js';
import { escapeLineBreaks } from '../report/escape.js';
import { magicBrief, stackShown } from '../cell-magic.js';
import { TF1_RENAMED } from '../tf1-names.js';
import { NUMPY_ALIASES } from '../numpy-aliases.js';

/** A Python name, module path or exception type: one token, no spaces, no control or format characters (bidi, zero-width). */
const token = z.string().regex(/^[^\s\p{C}]{1,200}$/u);
/** A Python name (letters, digits, underscores; not a digit first): no punctuation a sentence could be forged from. */
const identifier = z.string().regex(/^[\p{L}_][\p{L}\p{N}_]{0,199}$/u);
/** A message the learner's code or Python wrote, quoted in parentheses: one line as shown. */
const quoted = z.string().max(2_000).transform(escapeLineBreaks);
const line = z.number().int().min(0);
/** The cell of a notebook saved as .py that holds a line of the file (runner.export_mark, as grade/sites.ts exportedCell). */
const mark = z.string().regex(/^cell (?:In \[\d{1,6}\]|\d{1,6})$/).optional();
const graded = z.enum(['compute_class_freqs', 'get_weighted_loss']);
/**
 * A cell magic's name (notebook._stack_fact); %%script's with its program: "script:python3". Letters
 * of any script, as notebook.py's Python \w reads them: an ASCII-only pattern refused `%%café` and
 * with it the whole load record, 0 points (records 30).
 */
const MAGIC_WORD = String.raw`[\p{L}\p{N}_.-]{1,40}`;
const magicToken = z.string().regex(new RegExp(`^(?:${MAGIC_WORD}|%)(?::${MAGIC_WORD})?$`, 'u'));
/** A cell's magic stack: `magic` runs the body, `under` is the first line's when another, at `line` of the cell (cell-magic.ts). */
/** `under` and `line` come together (notebook._stack_fact): one alone was worded "(line undefined)". */
const underAtLine = (s: { under?: string; line?: number }) => (s.under === undefined) === (s.line === undefined);
const MagicStackSchema = z.strictObject({ cell: line, magic: magicToken, under: magicToken.optional(), line: line.optional() }).refine(underAtLine);
const NUMPY_ALIAS_NAMES = Object.keys(NUMPY_ALIASES) as [keyof typeof NUMPY_ALIASES, ...(keyof typeof NUMPY_ALIASES)[]];
/**
 * The TensorFlow 1 names the runner puts back on the tensorflow module a file imports
 * (runner._TF1_MATH and _TF1_CASTS, the same names): name, what TensorFlow 2 writes (tf1-names.ts).
 */
const TF1_PUT_BACK = ['log', 'log1p', 'log_sigmoid', 'count_nonzero', 'reciprocal', 'squared_difference', 'expm1', 'rsqrt', 'rint', 'ceil', 'is_nan', 'is_inf', 'is_finite', 'cumprod', 'erf', 'lgamma', 'digamma', 'to_float', 'to_double', 'to_int32', 'to_int64'] as const;
const TF1_ALIASES: Record<string, string> = Object.fromEntries(TF1_PUT_BACK.map((n) => [n, TF1_RENAMED[n]!]));
const TF1_ALIAS_NAMES = Object.keys(TF1_ALIASES) as [string, ...string[]];

/** The assignment's names that each graded function is given (the loss's y_true and y_pred through
 * the function it returns): a global of another name was never the grader's to pass. */
const OWN_PARAMS = {
  compute_class_freqs: ['labels'],
  get_weighted_loss: ['pos_weights', 'neg_weights', 'epsilon', 'y_true', 'y_pred'],
} as const satisfies Record<z.infer<typeof graded>, readonly string[]>;

/** Where a note points: notebook cells, a .py's lines (the pieces of a file Python could not parse), or the whole .py. */
const WhereSchema = z.union([
  z.strictObject({ cells: z.array(line).min(1).max(100_000) }),
  z.strictObject({ lines: z.array(z.tuple([line, line])).min(1).max(100_000) }),
  z.strictObject({ file: z.literal(true) }),
]);
type Where = z.infer<typeof WhereSchema>;

export const LoadNoteSchema = z.discriminatedUnion('id', [
  z.strictObject({ id: z.literal('misnamed'), as: z.enum(['ipynb', 'py']) }),
  z.strictObject({
    id: z.literal('retry'),
    how: z.enum(['export', 'output', 'timeout', 'raised', 'ended', 'channel']),
    /** The imports were filtered to those the graded functions need. */
    unused: z.boolean(),
    line: line.optional(),
    mark,
    /** how 'output': the limit, as the runner's stop said it ("8 MiB"). */
    printed: z.string().regex(/^\d+(\.\d+)?(e[+-]\d+)? MiB$/).optional(),
    /** how 'timeout': the load's time limit. */
    seconds: z.number().min(0).max(1e9).optional(),
    /**
     * how 'raised': the exception's class name and the first line of its message. The name is the
     * learner's class's own (any string: `type("a b", (Exception,), {})`); parsing a load record
     * holds it to typeName, as a case error's is (protocol.ts namedRaise).
     */
    type: quoted.optional(),
    message: quoted.optional(),
    /** how 'raised': the SystemExit came out of argparse (parse_args on the grader's command line). */
    argparse: z.boolean().optional(),
    /** how 'raised', a SystemExit: the call at that line of the top level that ended the program. */
    call: z.enum(['exit()', 'quit()', 'sys.exit()', 'os._exit()', 'raise SystemExit']).optional(),
    /** how 'raised', a SystemExit: the graded functions defined below that line (a run of the file never defines them). */
    below: z.array(graded).max(2).optional(),
  }),
  z.strictObject({
    id: z.literal('shadowed'),
    function: graded,
    /** An assignment's parameter name, its own function's or the other's. */
    name: z.enum([...OWN_PARAMS.compute_class_freqs, ...OWN_PARAMS.get_weighted_loss]),
    kind: z.enum(['file', 'notebook']),
    params: z.array(token).max(256),
    /** The module's value, when a number: shown only when it reads as one. */
    value: z.string().max(40).optional(),
    /** The function's other parameter names read from the globals the same way, said in the same sentence (mergeShadowed). */
    also: z.array(z.enum([...OWN_PARAMS.compute_class_freqs, ...OWN_PARAMS.get_weighted_loss])).max(5).optional(),
  }),
  z.strictObject({
    /** compute_class_freqs never reads its parameter `param` and reads these arrays from the globals instead. */
    id: z.literal('unread-labels'),
    kind: z.enum(['file', 'notebook']),
    param: identifier,
    globals: z.array(identifier).min(1).max(3),
  }),
  z.strictObject({
    id: z.literal('redefined'),
    function: graded,
    kind: z.enum(['ipynb', 'py']),
    spots: z.array(z.tuple([line.nullable(), line])).min(2).max(100_000),
    ran: z.strictObject({ cell: line, count: line, lastCell: line, lastCount: line.optional() }).optional(),
    /** Every copy is the same code (runner._same_code): which one is graded makes no difference. */
    same: z.literal(true).optional(),
  }),
  /** A notebook saved with another language's kernel (metadata.kernelspec, language_info): graded as Python all the same; `language` as shown, when it is a plain name (notebook._kernel_language). */
  z.strictObject({ id: z.literal('kernel'), language: z.string().regex(/^[A-Za-z][A-Za-z0-9.+#-]{0,29}$/).optional() }),
  z.strictObject({ id: z.literal('magic-lines'), where: WhereSchema }),
  /** Cells a cell magic runs as something other than the notebook's Python (%%bash, %%script python3, %%writefile nothing loads); `magics`: each cell's magic stack (notebook._stack_fact). */
  z.strictObject({ id: z.literal('magic-cells'), where: WhereSchema, magics: z.array(MagicStackSchema).min(1).max(100).optional() }),
  /** %%timeit cells that define something: %%timeit runs its cell inside a function, so none of it stays in the notebook (notebook._SCOPED_CELL_MAGIC). */
  z.strictObject({ id: z.literal('timeit-cells'), where: WhereSchema, magics: z.array(MagicStackSchema).min(1).max(100).optional() }),
  /** %%cython cells of plain Python, run as Python: the grader has no Cython compiler. */
  z.strictObject({ id: z.literal('cython-cells'), where: WhereSchema }),
  /** %%writefile cells run in place of the later cell's import (or %run) of the file they write (notebook._written_then_imported). */
  z.strictObject({
    id: z.literal('written-modules'),
    groups: z
      .array(
        z.strictObject({
          file: token,
          where: WhereSchema,
          loaded: line,
          /** The file is outside the notebook's folder, and a cell above the import changes sys.path or the working folder in a way the grader cannot read (notebook._path_reach). */
          unsure: z.literal(true).optional(),
          /** With unsure: the file's path is absolute, and whether the notebook's own folder (which the grader does not know) is that folder it cannot tell. */
          absolute: z.literal(true).optional(),
          /** With unsure: the notebook was written for Google Colab (google.colab, /content paths), where a fresh kernel starts in /content, or for Kaggle (/kaggle/input, /kaggle/working paths), where it starts in /kaggle/working. */
          host: z.enum(['colab', 'kaggle']).optional(),
        }),
      )
      .min(1)
      .max(100_000),
  }),
  /** Cells with a cell magic (%%time, %%writefile ...) below their first line, where IPython stops them (notebook._stopping_magic): each cell, that line, the magic. */
  z.strictObject({
    id: z.literal('cell-magic-not-first'),
    groups: z.array(z.strictObject({ cell: line, line, magic: z.string().regex(new RegExp(`^(?:${MAGIC_WORD}|%)$`, 'u')) })).min(1).max(100),
  }),
  /** Cells whose cell magic comes from an IPython extension no cell above loads (%%memit without %load_ext memory_profiler): not run, as IPython stops them. */
  z.strictObject({
    id: z.literal('magic-not-loaded'),
    groups: z
      .array(z.strictObject({ cell: line, magic: z.enum(['memit', 'cython']), extension: z.enum(['memory_profiler', 'Cython']), under: magicToken.optional(), line: line.optional() }).refine(underAtLine))
      .min(1)
      .max(100),
  }),
  /** %%writefile cells whose file is outside the notebook's folder, where the later cell's import does not look: not run (notebook._written_then_imported). */
  z.strictObject({
    id: z.literal('written-outside'),
    groups: z
      .array(
        z.strictObject({
          file: token,
          module: token,
          where: WhereSchema,
          loaded: line,
          /** The cell opens the file by its path, with %run or exec(open(...).read()), rather than importing it. */
          how: z.enum(['run', 'exec']).optional(),
        }),
      )
      .min(1)
      .max(100_000),
  }),
  z.strictObject({ id: z.literal('top-level-left-out'), where: WhereSchema }),
  /** Cells (or a .py's pieces) Python cannot parse; `first`: the error of a notebook's first such cell that defines no graded function (one that does has its problem), its line in that cell. */
  z.strictObject({ id: z.literal('syntax-left-out'), where: WhereSchema, first: z.strictObject({ cell: line, line, message: quoted }).optional() }),
  z.strictObject({
    id: z.literal('unused-imports'),
    groups: z.array(z.strictObject({ modules: z.array(token).min(1).max(10_000), where: WhereSchema })).min(1).max(100_000),
  }),
  z.strictObject({ id: z.literal('syntax-elsewhere'), name: token, where: WhereSchema, line, message: quoted }),
  /** `args = parser.parse_args()` exited on the grader's command line and was given its arguments' defaults (notebook.parsed_defaults). */
  z.strictObject({ id: z.literal('argparse-defaults'), line, cell: line.optional(), mark }),
  /** Names NumPy removed, put back as they were for the file (runner.install_numpy_aliases): those it uses, and where the first is. */
  z.strictObject({ id: z.literal('numpy-aliases'), names: z.array(z.enum(NUMPY_ALIAS_NAMES)).min(1).max(40), line, cell: line.optional(), mark }),
  /** TensorFlow 1's names, put back on TensorFlow 2 for the file (runner.install_tf1_aliases): those it uses, and where the first is. */
  z.strictObject({ id: z.literal('tf1-aliases'), names: z.array(z.enum(TF1_ALIAS_NAMES)).min(1).max(40), line, cell: line.optional(), mark }),
  /** A .py saved as UTF-16 or UTF-32 with a byte-order mark: graded, though Python itself refuses to run it (runner.load_source). */
  z.strictObject({ id: z.literal('unicode-bom'), encoding: z.enum(['UTF-16', 'UTF-32']) }),
  /** Imports of modules named with more than 2,000 characters, which the load record cannot hold: left out of its lists. */
  z.strictObject({ id: z.literal('long-imports'), count: z.number().int().min(1).max(100_000) }),
  /** A decorator that needed the data or a module the grader lacks, not applied (notebook.decorate): the function, where, what it raised. */
  z.strictObject({ id: z.literal('decorator-skipped'), function: token, type: token, line, cell: line.optional(), mark }),
  /** A def whose decorator raised the learner's own error while an earlier binding of its name stood: that one is kept, as in Jupyter (notebook.decorate). */
  z.strictObject({
    id: z.literal('decorator-kept-previous'),
    function: token,
    type: token,
    message: quoted,
    line,
    cell: line.optional(),
    mark,
    kept: z.strictObject({ line, cell: line.optional(), mark }).optional(),
  }),
]);
export type LoadNote = z.infer<typeof LoadNoteSchema>;

function lines([first, last]: [number, number]): string {
  return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

function where(w: Where): string {
  if ('file' in w) return 'the file';
  if ('lines' in w) return some(w.lines.map(lines), 20);
  return (w.cells.length === 1 ? 'cell ' : 'cells ') + some(w.cells.map(String), 20);
}

/** "...: <where>." — the whole file is said by the sentence alone. */
function ending(w: Where): string {
  return 'file' in w ? '.' : `: ${where(w)}.`;
}

/** Python's `%g`: six significant digits, no trailing zeros. */
function g(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = n.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const ev = Number(e);
    return `${mant}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(Number(n.toPrecision(6)));
}

const LEFT_OUT = 'the rest (training, data loading, plotting, prints) was left out, which costs no points';
const MAIN_GUARD = 'so importing the file does not run it';

/** The sentence a note says. */
/**
 * One note for a function's assignment parameters read from the globals under other parameter
 * names (`def get_weighted_loss(pos_weight, neg_weight, ...)` reading pos_weights and neg_weights):
 * the runner sends one fact a name, sorted, and two sentences, neg_weights first, said one thing
 * (learners 34). Those the same sentence words (the function's own names, with parameters, no
 * value shown) become the first's `also`, in the signature's order; every other note stays.
 */
export function mergeShadowed(notes: LoadNote[]): LoadNote[] {
  const own = (n: LoadNote): n is Extract<LoadNote, { id: 'shadowed' }> =>
    n.id === 'shadowed' && (OWN_PARAMS[n.function] as readonly string[]).includes(n.name) && n.params.length > 0 && n.value === undefined && !n.also;
  const groups = new Map<string, Extract<LoadNote, { id: 'shadowed' }>[]>();
  for (const n of notes) if (own(n)) groups.set(`${n.function}:${n.kind}`, [...(groups.get(`${n.function}:${n.kind}`) ?? []), n]);
  return notes.flatMap((n): LoadNote[] => {
    if (!own(n)) return [n];
    const group = groups.get(`${n.function}:${n.kind}`)!;
    if (group.length < 2) return [n];
    if (n !== group[0]) return [];
    const order: readonly string[] = OWN_PARAMS[n.function];
    const [first, ...rest] = [...new Set(group.map((g) => g.name))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return [{ ...n, name: first!, ...(rest.length > 0 ? { also: rest } : {}) }];
  });
}

/**
 * The end of a written-modules group the grader cannot place, in a notebook written for Google
 * Colab or Kaggle: a fresh kernel there starts in /content or /kaggle/working, so what to do is
 * known even where the grader, which has neither, cannot tell (notebooks 31).
 */
function hostUnsure(host: 'colab' | 'kaggle', file: string, loaded: number, absolute: boolean): string {
  const [name, home] = host === 'colab' ? ['Google Colab', '/content'] : ['Kaggle', '/kaggle/working'];
  const start = `the notebook was written for ${name}, where a fresh kernel starts in ${home}`;
  const ran = `the grader, which has no ${home}, ran the cell in place; staff: run it in ${host === 'colab' ? 'Colab' : 'Kaggle'} to check`;
  if (absolute) {
    const folder = file.startsWith('...') ? undefined : file.slice(0, Math.max(file.lastIndexOf('/'), 1));
    if (folder === home) return `; ${start}, that file's folder, so the import finds it there; ${ran}`;
    return `; ${start}, not in that file's folder, so there the import finds it only once its folder is on sys.path: add ${folder === undefined ? 'its folder to sys.path' : `sys.path.append('${folder}')`} above the import; ${ran}`;
  }
  return `; ${start}, and whether the %cd or sys.path change above cell ${loaded} leaves that import where the file is the grader, which has no ${home}, cannot tell, so it ran the cell in place: write the file and import it in the same working folder (the %%writefile below the %cd, or the import above it); staff: run it in ${host === 'colab' ? 'Colab' : 'Kaggle'} to check`;
}

export function wordNote(n: LoadNote): string {
  switch (n.id) {
    case 'misnamed':
      return n.as === 'ipynb'
        ? 'It is a Jupyter notebook saved under a .py name, so it was graded as the notebook it is: keep the .ipynb name when you hand it in (or use File > Download as > Python (.py) for a script).'
        : 'It is Python code saved under a .ipynb name (not a notebook), so it was graded as the Python file it is: name it .py when you hand it in.';
    case 'retry': {
      const what = n.unused ? 'definitions, constants and the imports they use' : 'imports, definitions and constants';
      switch (n.how) {
        case 'export':
          return `It is a notebook exported as a script (get_ipython() at ${marked(n.line ?? 0, n.mark, true)}), so it was loaded as its notebook is, with only its ${what}: ${LEFT_OUT}.`;
        case 'output':
          return `Its top-level code printed more than the grader allows (${n.printed ?? 'its limit'}, a loop printing every row or epoch), so it was stopped and the file loaded again with only its ${what}: ${LEFT_OUT}. Remove such prints, or put that code under if __name__ == "__main__": ${MAIN_GUARD}.`;
        case 'ended':
          return `Its top-level code ended the Python process while the file loaded (a call of os._exit(), or a crash or kill in what it ran), so the file was loaded again with only its ${what}: ${LEFT_OUT}. Delete that call, or put that code under if __name__ == "__main__": ${MAIN_GUARD}.`;
        case 'channel':
          return `Its top-level code wrote over the channel the grader reads its answers on while the file loaded (bytes written to file descriptors it did not open), so the file was loaded again with only its ${what}: ${LEFT_OUT}. Delete that code, or put it under if __name__ == "__main__": ${MAIN_GUARD}.`;
        case 'timeout':
          return `Its top-level code was still running after ${g(n.seconds ?? 0)} s (${n.line !== undefined ? `at ${marked(n.line, n.mark, true)}` : 'a loop that never ends, or training'}), so it was stopped and the file loaded again with only its ${what}: ${LEFT_OUT}. Put such code under if __name__ == "__main__": ${MAIN_GUARD}.`;
        case 'raised':
          if (n.argparse)
            return `Its top-level code parsed the command line with argparse${n.line !== undefined ? ` at ${marked(n.line, n.mark)}` : ''}, which exited (${n.type ?? 'SystemExit'} ${n.message ?? ''}): the grader imports your file with no command-line arguments, not the ones you run it with, so a required or unknown argument ends it. It was loaded again with only its ${what}: ${LEFT_OUT}. Parse the arguments only under if __name__ == "__main__": ${MAIN_GUARD} (parser.parse_known_args() skips arguments that are not yours, not a missing required one).`;
          if (n.type === 'SystemExit' && n.message?.startsWith('argparse: '))
            return `Its top-level code exited in argparse (${n.message})${n.line !== undefined ? ` at ${marked(n.line, n.mark)}` : ''}, so it was loaded again with only its ${what}: ${LEFT_OUT}.`;
          if (n.type === 'SystemExit') {
            const code = n.message === undefined || n.message === '' || n.message === 'None' ? undefined : n.message;
            // A parenthesis follows the line: its cell after a comma, never "(cell In [3]) (with 2)".
            const at = (paren: boolean) => (n.line !== undefined ? ` at ${marked(n.line, n.mark, paren)}` : '');
            const ends = n.call
              ? `The file calls ${n.call}${at(code !== undefined)}${code !== undefined ? ` (with ${code})` : ''}, which ends the program there, when it is run and when it is imported, as the grader imports it`
              : `Your top-level code ended the program${at(true)} (a call of sys.exit(), exit() or quit() in what that line runs${code !== undefined ? `, with ${code}` : ''})`;
            const below = n.below?.length
              ? ` ${n.below.join(' and ')} ${n.below.length > 1 ? 'are' : 'is'} defined below that line, which running your file never reaches, and ${n.below.length > 1 ? 'were' : 'was'} graded all the same.`
              : '';
            return `${ends}. The grader loaded it again with only its ${what}, above and below that line, and graded those: ${LEFT_OUT}.${below} Delete that call, or put it under if __name__ == "__main__": ${MAIN_GUARD}.`;
          }
          return `Its top-level code raised ${n.type ?? 'an exception'} (${n.message ?? ''})${n.line !== undefined ? ` at ${marked(n.line, n.mark)}` : ''}, so it was loaded again with only its ${what}: ${LEFT_OUT}.`;
      }
      break;
    }
    case 'shadowed': {
      // Only a number is quoted: the value is the learner's object, and its str() is its own choice.
      const shown = n.value !== undefined && /^(-?(\d[\d.]*(e[+-]?\d+)?|inf|nan)|True|False)$/i.test(n.value) ? ` (${n.name} = ${n.value} there)` : '';
      // A name the assignment gives another function (the notebook's `labels`, its 14 class names,
      // read by get_weighted_loss): no case passes it to this one, so neither renaming a parameter
      // nor adding one is the fix; the function's own arguments are.
      const own: readonly string[] = OWN_PARAMS[n.function];
      if (!own.includes(n.name)) {
        const count = n.name === 'labels' && n.function === 'get_weighted_loss' ? ' (len(pos_weights) is the number of classes)' : '';
        return `${n.function}'s code reads ${n.name} from your ${n.kind}'s globals${shown}, which the grader does not pass to ${n.function}: every case runs with your ${n.kind}'s ${n.name}, not with that case's data. Work from ${n.function}'s own arguments instead${count}.`;
      }
      // def compute_class_freqs(): no parameter at all, so none to rename (sweep 20: "parameters ()").
      if (n.params.length === 0)
        return `${n.function}'s code reads ${n.name} from your ${n.kind}'s globals${shown}, and ${n.function} takes no parameters: the ${n.name} the grader passes cannot reach it. Add the parameter: def ${n.function}(${n.name}${n.function === 'get_weighted_loss' ? ', ...' : ''}).`;
      if (n.also && n.also.length > 0) {
        const names = joinWords([n.name, ...n.also]);
        return `${n.function}'s code reads ${names} from your ${n.kind}'s globals, not from its own parameters (${some(n.params, 8)}): whatever ${names} the grader passes, those values are used. Use the parameters' names in the body, or name the parameters ${names}.`;
      }
      return `${n.function}'s code reads ${n.name} from your ${n.kind}'s globals${shown}, not from its own parameters (${some(n.params, 8)}): whatever ${n.name} the grader passes, that value is used. Use the parameter's name in the body, or name the parameter ${n.name}.`;
    }
    case 'unread-labels': {
      const names = joinWords(n.globals);
      return `compute_class_freqs never reads ${n.param}, its parameter, and reads ${names} from your ${n.kind}'s globals instead: every case runs with your ${n.kind}'s ${names}, not with the labels the case passes. Compute the frequencies from ${n.param}.`;
    }
    case 'redefined': {
      const shown =
        n.kind === 'ipynb'
          ? (n.spots.length > 7 ? [...n.spots.slice(0, 5), undefined, n.spots[n.spots.length - 1]!] : n.spots)
              .map((s) => (s === undefined ? '…' : `cell ${s[0] ?? 0}, line ${s[1]}`))
              .join('; ')
          : n.spots.length > 7
            ? // A file of 8,000 pasted copies listed every line: a 40 KB note in every format (red team 33).
              `lines ${n.spots.slice(0, 5).map(([, l]) => String(l)).join(', ')}, … and ${n.spots[n.spots.length - 1]![1]}`
            : `lines ${n.spots.slice(0, -1).map(([, l]) => String(l)).join(', ')} and ${n.spots[n.spots.length - 1]![1]}`;
      const ran = n.ran
        ? n.ran.lastCount === undefined
          ? ` Your notebook ran the one in cell ${n.ran.cell} (execution count [${n.ran.count}]) and never ran cell ${n.ran.lastCell} (it has no execution count), so the one in cell ${n.ran.cell} is the one your kernel had when you saved; run top to bottom (Restart & Run All), as the grader runs it, the one in cell ${n.ran.lastCell} replaces it.`
          : ` Your notebook last ran the one in cell ${n.ran.cell} (execution count [${n.ran.count}], after cell ${n.ran.lastCell}'s [${n.ran.lastCount}]), so that is the one your kernel had when you saved; run top to bottom (Restart & Run All), as the grader runs it, the one in cell ${n.ran.lastCell} replaces it.`
        : '';
      // Copies of one code: nothing to choose between, so nothing of which is graded or which ran.
      if (n.same) return `${n.function} is defined ${n.spots.length} times, the same code each time (${shown}): whichever is graded, the grade is the same; you can delete the extra copies.`;
      return `${n.function} is defined ${n.spots.length} times (${shown}): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.${ran}`;
    }
    case 'kernel':
      return `This notebook was saved with ${n.language !== undefined ? `the ${n.language} kernel` : 'a kernel of another language than Python'}; it is graded as Python, so its code must be Python: pick a Python kernel (Kernel > Change kernel) and save it again.`;
    case 'magic-lines':
      return `Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was${ending(n.where)}`;
    case 'magic-cells':
      return n.magics
        ? `Cells a cell magic does not run as the notebook's Python were not run: ${some(
            n.magics.map((m) => `cell ${m.cell} (${stackShown(m)}${magicBrief(m.magic)})`),
            6,
            '; ',
          )}.`
        : `Cells a magic runs as something other than Python (%%bash, %%html, %%writefile ...) were not run${ending(n.where)}`;
    case 'timeit-cells': {
      const stacked = n.magics?.filter((m) => m.under !== undefined) ?? [];
      const what = stacked.length
        ? `Cells run by %%timeit (${some(
            stacked.map((m) => `cell ${m.cell} starts with %%${m.under}, over %%timeit at line ${m.line}`),
            4,
            '; ',
          )}) were not run`
        : 'Cells that start with %%timeit were not run';
      return `${what}: %%timeit runs its cell inside a timing function, so what the cell defines (functions, imports, names) stays in that function and never reaches the notebook; define it in a cell of its own and time only the call${ending(n.where)}`;
    }
    case 'cython-cells':
      return `%%cython cells of plain Python were run as Python (the grader has no Cython compiler; Cython compiles plain Python to the same results)${ending(n.where)}`;
    case 'written-modules':
      return `%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): ${some(
        n.groups.map(
          (x) =>
            `${where(x.where)} (${x.file}, loaded in cell ${x.loaded}${
              x.host
                ? hostUnsure(x.host, x.file, x.loaded, x.absolute === true)
                : x.absolute
                ? `; the import finds that file only if its folder is the working folder (the notebook's, unless a %cd moved it) or on sys.path, and the grader, which does not know your notebook's folder, cannot tell: if your import of it fails in a fresh run (Restart & Run All), ${x.file.startsWith('...') ? 'add its folder to sys.path above it' : `add sys.path.append('${x.file.slice(0, Math.max(x.file.lastIndexOf('/'), 1))}') above it`}`
                : x.unsure
                  ? `; whether the sys.path or working-folder change above cell ${x.loaded} lets that import find the file the grader cannot tell: if your import of it fails in a fresh run (Restart & Run All), write the file in the notebook's folder`
                  : ''
            })`,
        ),
        6,
        '; ',
      )}.`;
    case 'cell-magic-not-first': {
      const at = n.groups.map((g) => `%%${g.magic} at cell ${g.cell}, line ${g.line}`);
      const one = n.groups.length === 1;
      return `A cell magic works only on its cell's first line; below it IPython stops the cell with a UsageError (Line magic function \`%%${n.groups[0]!.magic}\` not found), and the lines below never run, in Jupyter and here: ${some(at, 6, '; ')}. Move ${one ? 'that line' : 'each'} to the first line of ${one ? 'its' : 'their'} cell, or delete ${one ? 'it' : 'them'}.`;
    }
    case 'magic-not-loaded': {
      const g = n.groups[0]!;
      const one = n.groups.length === 1;
      if (n.groups.every((x) => x.magic === g.magic && x.under === undefined)) {
        return `${one ? `Cell ${g.cell} starts` : `${where({ cells: n.groups.map((x) => x.cell) })[0]!.toUpperCase()}${where({ cells: n.groups.map((x) => x.cell) }).slice(1)} start`} with %%${g.magic}, which exists only once %load_ext ${g.extension} has run, and no cell above loads it: Jupyter stops ${one ? 'that cell' : 'those cells'} there (UsageError: Cell magic \`%%${g.magic}\` not found), and the grader did not run ${one ? 'it' : 'them'} either; add a cell with %load_ext ${g.extension} above.`;
      }
      return `Cell magics that exist only once their IPython extension is loaded, and no cell above loads it: ${some(
        n.groups.map((x) => `cell ${x.cell} (${stackShown(x)}, which needs %load_ext ${x.extension})`),
        6,
        '; ',
      )}. Jupyter stops ${one ? 'that cell' : 'those cells'} there (UsageError: Cell magic not found), and the grader did not run ${one ? 'it' : 'them'} either; add a cell with the %load_ext above.`;
    }
    case 'written-outside':
      if (n.groups.some((x) => x.how !== undefined)) {
        // %run sol.py or exec(open('sol.py').read()): no import, and no sys.path, is involved (notebooks 31).
        const loader = (x: (typeof n.groups)[number]) => (x.how === 'run' ? '%run' : x.how === 'exec' ? 'exec(open(...))' : 'the import');
        return `%%writefile cells whose file is not where the later cell loads it from were not run in place of that load, which fails in a fresh run of the notebook (%run: File not found; exec(open(...)): FileNotFoundError; an import: ModuleNotFoundError): ${some(
          n.groups.map((x) => `${where(x.where)} (${x.file}, ${x.how === undefined ? `imported as ${x.module}` : `opened by ${loader(x)}`} in cell ${x.loaded})`),
          6,
          '; ',
        )}. %run and exec(open(...)) open the path they are given from the kernel's working folder of their moment (the notebook's until a %cd or os.chdir above moves it): write the file and run it from the same working folder (run it before a %cd, %pushd, %popd or os.chdir that moves the kernel away, or %cd back first), or give %run the file's path from where the kernel is then.`;
      }
      return `%%writefile cells whose file is not where the later import looks (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders) were not run in place of that import, which fails in a fresh run of the notebook (ModuleNotFoundError): ${some(
        n.groups.map((x) => `${where(x.where)} (${x.file}, imported as ${x.module} in cell ${x.loaded})`),
        6,
        '; ',
      )}. ${
        n.groups[0]!.file.includes('/')
          ? `Write the file in the notebook's folder (%%writefile ${n.groups[0]!.module.split('.').pop()}.py), or put its folder on sys.path above the import (sys.path.append('${n.groups[0]!.file.slice(0, n.groups[0]!.file.lastIndexOf('/'))}')).`
          : 'Write the file and import it from the same working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel to another one: import it before that line, or %cd back first), or put the folder it is written in on sys.path above the import.'
      }`;
    case 'top-level-left-out':
      return `Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out${ending(n.where)}`;
    case 'syntax-left-out':
      // A notebook's cell that defines no graded function has no problem to say where it broke
      // (check_for_leakage left half-written): the first error's line says where to look.
      if (n.first && 'cells' in n.where) {
        const at = lineSpot(n.where.cells.length === 1 ? { line: n.first.line } : n.first);
        return `Left out because of a SyntaxError: ${where(n.where)} (${at}: ${n.first.message}).`;
      }
      return `Left out because of a SyntaxError${ending(n.where)}`;
    case 'unused-imports':
      return `Imports that no graded function needs (directly or through what it calls) were not run: ${some(
        n.groups.map((x) => `${some(x.modules, 6)} (${where(x.where)})`),
        4,
        '; ',
      )}.`;
    case 'argparse-defaults':
      return `argparse's parsing of the command line at ${lineSpot(n)} exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.`;
    case 'decorator-skipped':
      return `The decorator of ${n.function} at ${lineSpot(n)} needs what the grader does not have (your data, a file or a module: it raised ${n.type}), so ${n.function} was ${graded.safeParse(n.function).success ? 'graded' : 'defined (it is not graded)'} without it, as written below the decorator.`;
    case 'decorator-kept-previous': {
      const kept = n.kept ? `the ${n.function} defined before it (${lineSpot(n.kept, true)})` : `what ${n.function} was before it`;
      const how = n.cell !== undefined ? 'in Jupyter its cell fails there' : 'run as a script, the file stops there; the grader kept the definitions around it';
      return `The decorator of ${n.function} at ${lineSpot(n)} raised ${n.type} (${n.message}), so that def never binds ${n.function} (${how}) and ${kept} is the one ${graded.safeParse(n.function).success ? 'graded' : 'used'}: fix that decorator, or delete the def you do not want.`;
    }
    case 'numpy-aliases': {
      const uses = n.names.map((x) => `np.${x} (removed in NumPy ${NUMPY_ALIASES[x][1]}: write ${NUMPY_ALIASES[x][0]})`);
      return `Your code uses ${some(uses, 8, '; ')}, first at ${lineSpot(n)}: ${n.names.length === 1 ? 'a name' : 'names'} NumPy 1.x had (the NumPy a course may run) and this machine's NumPy no longer has. ${n.names.length === 1 ? 'It was' : 'They were'} graded as what ${n.names.length === 1 ? 'it' : 'they'} stood for, as that NumPy runs ${n.names.length === 1 ? 'it' : 'them'}; write the replacement so your file runs on current NumPy too.`;
    }
    case 'tf1-aliases': {
      const uses = n.names.map((x) => `tf.${x} (write ${TF1_ALIASES[x]})`);
      const one = n.names.length === 1;
      return `Your code uses ${some(uses, 8, '; ')}, first at ${lineSpot(n)}: ${one ? "TensorFlow 1's name" : "TensorFlow 1's names"} (the TensorFlow a course may run with Keras 2), which TensorFlow 2 removed. ${one ? 'It was' : 'They were'} graded as what ${one ? 'it' : 'they'} stood for, as TensorFlow 1 runs ${one ? 'it' : 'them'}; write the replacement so your file runs on TensorFlow 2 too.`;
    }
    case 'long-imports':
      return `${n.count === 1 ? 'An import names a module' : `${n.count} imports name modules`} longer than 2,000 characters: wlgrade ran ${n.count === 1 ? 'it' : 'them'} as written but leaves ${n.count === 1 ? 'it' : 'them'} out of the modules it lists for your file (framework detection, the report's imports).`;
    case 'unicode-bom':
      return `The file is saved as ${n.encoding} (with a byte-order mark, as Windows editors save "Unicode"), which wlgrade reads but Python does not, so your own python file.py stops at its first line with a SyntaxError: save it as UTF-8 (your editor's Save As or Encoding menu).`;
    case 'syntax-elsewhere':
      return 'lines' in n.where
        ? `The ${n.name} defined at ${where(n.where)} has a SyntaxError at line ${n.line} (${n.message}): the ${n.name} graded is the one defined elsewhere in the file.`
        : `Cell ${'cells' in n.where ? n.where.cells[0] : 1}, which defines ${n.name}, has a SyntaxError at line ${n.line} (${n.message}): the ${n.name} graded is the one another cell defines.`;
  }
  return '';
}
