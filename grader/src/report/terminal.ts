/** The learner-facing terminal report. The only module that uses chalk. */
import { Chalk, type ChalkInstance } from 'chalk';
import { NOT_GRADED, notGraded, RIGHT_BUT_EXTRA_AXIS, RIGHT_BUT_MUTATED, SHAPE_PHRASE, returnedKindGist } from '../grade/grade-case.js';
import type { GradeReport } from '../schema/report.js';
import { caseIdList, everyCaseGraded } from './case-text.js';
import { escapeLineBreaks as oneLine, hangingIndent, terminalLine, terminalSafe } from './escape.js';
import { siteParts } from '../grade/sites.js';

export interface TerminalOptions {
  /** 0 = no colour (not a TTY, NO_COLOR), 1–3 = chalk levels. Decided by cli.ts. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Show passed cases too (default: only a count). */
  verbose?: boolean;
  /**
   * The whole run's limit in seconds, where the reader chose it (`check --timeout`): a file that
   * did not finish loading in time is then told how to give it longer. Unset for readers who cannot
   * change it (a Gradescope learner).
   */
  runLimitS?: number;
}

const ICON = { passed: '✓', failed: '✗', error: '!', timeout: '⏱' } as const;

export function renderTerminal(learnerReport: GradeReport, opts: TerminalOptions): string {
  // Every text in the report may come from the learner's code: no escape sequence reaches the
  // terminal. Names (the file's, a case's) are one line each; messages may hold several, and the
  // lines after a message's first are indented, so that none starts at column 0 where the
  // report's own lines ("Score: …", "✗ …") do.
  const report = terminalSafe(learnerReport);
  const c: ChalkInstance = new Chalk({ level: opts.colorLevel });
  const lines: string[] = [];
  const py = report.python ? oneLine(`, Python ${report.python.version}, numpy ${report.python.numpy}`) : '';
  lines.push(c.bold(`wlgrade ${report.tool.version}`) + c.dim(` · ${terminalLine(learnerReport.submission.displayName)} · sandbox: ${report.sandbox}${py}`));
  lines.push('');
  for (const p of report.problems) lines.push(c.red.bold('✗ ') + c.red(hangingIndent(p.message)));
  if (opts.runLimitS !== undefined && report.problems.some((p) => p.code === 'LOAD_TIMEOUT'))
    lines.push(c.dim(`ℹ Checking it yourself, --timeout ${opts.runLimitS * 2} gives the whole run ${opts.runLimitS * 2} s (it had ${opts.runLimitS} s).`));
  if (report.problems.length) lines.push('');
  for (const n of report.notes) lines.push(c.dim(`ℹ ${hangingIndent(n)}`));
  if (report.notes.length) lines.push('');

  const width = Math.min(40, Math.max(...report.cases.map((k) => k.id.length), 4));
  // Cases that did not run for one reason (the file failed to load, a function is missing) say
  // the same sentence, cases that raised the same error at the same line differ only in the
  // case's shape, right values from code that changed its inputs differ only in the value, and
  // some failures say the very same thing on every case: one entry for them all instead of the
  // sentence and its traceback per case.
  // `sized`: an error raised on every case alike but for the case's sizes in its text ("shapes
  // (3,) (4,)": a broadcasting error), grouped by its text without them (withoutSizes); shown as the
  // first case says it.
  type Group = { reason: string; notes: string[]; cases: GradeReport['cases']; sized?: boolean };
  const same = new Map<string, Group>();
  const sameText = new Map<string, Group>();
  for (const k of report.cases) {
    if (k.status === 'passed') continue;
    const at = notGraded(k) ? k.message.indexOf(NOT_GRADED) : -1;
    const right = k.status === 'failed' ? k.message.indexOf(RIGHT_BUT_MUTATED) : -1;
    let group: Omit<Group, 'cases'>;
    if (at >= 0 && k.notes.length === 0) group = { reason: k.message.slice(at), notes: [] };
    else if (right >= 0) group = { reason: k.message.slice(right), notes: k.notes }; // the values differ, the fault does not
    else if (k.status === 'failed' && k.message.includes(RIGHT_BUT_EXTRA_AXIS)) {
      // Right frequencies shaped (1, C): the shapes and expected values differ per case, the fault does not.
      const from = k.message.indexOf(RIGHT_BUT_EXTRA_AXIS);
      const to = k.message.indexOf('; expected positive', from);
      const said = k.message.slice(from, to >= 0 ? to : undefined);
      group = { reason: `Your frequencies: ${said}.`, notes: k.notes };
    }
    else if (k.status === 'error' && SHAPE_PHRASE.test(k.message)) group = { reason: k.message.replace(SHAPE_PHRASE, ''), notes: k.notes, sized: true };
    // The wrong kind of result (None, a dict, a list for the loss): the expected values differ, the fault does not.
    else if (k.status === 'failed' && returnedKindGist(k.message) !== null) group = { reason: returnedKindGist(k.message)!, notes: k.notes };
    else group = { reason: k.message, notes: k.notes }; // the very same sentence (get_weighted_loss returned None)
    // Thirteen copies of one broadcasting error, each with its case's sizes, were thirteen entries:
    // the numbers are left out of the key (not the raising line, which the traceback notes hold).
    // The very same text joins its group first: the sizes taken out can be other numbers that
    // happen to equal a case's N or C (`missing 2 required positional arguments` on a two-class
    // case, `cell 4, line 3` on a 4 × 3 one), and one error said alike on every case was split
    // into as many entries as the suite has shapes (sweep 20).
    const exact = [k.status, group.reason, ...group.notes].join('\u0000');
    const key = [k.status, group.sized ? withoutSizes(k.message, group.reason) : group.reason, ...group.notes].join('\u0000');
    if (!same.has(key) && !sameText.has(exact)) same.set(key, { ...group, cases: [] });
    const into = sameText.get(exact) ?? same.get(key)!;
    sameText.set(exact, into);
    // Sizes that differ: the first case's own sentence, with its sizes, stands for them all.
    if (into.reason !== group.reason) into.reason = into.cases[0]!.message;
    into.cases.push(k);
  }
  const grouped = new Map<GradeReport['cases'][number], Group>();
  for (const group of same.values()) if (group.cases.length >= 3 && !opts.verbose) for (const k of group.cases) grouped.set(k, group);
  for (const k of report.cases) {
    if (k.status === 'passed' && !opts.verbose) continue;
    const colour = k.status === 'passed' ? c.green : k.status === 'timeout' ? c.yellow : c.red;
    const group = grouped.get(k);
    if (group) {
      if (group.cases[0] !== k) continue;
      const pts = `${group.cases.reduce((s, x) => s + x.points, 0)}/${group.cases.reduce((s, x) => s + x.maxPoints, 0)}`;
      const ids = group.cases.map((x) => oneLine(x.id));
      const listed = caseIdList(ids);
      // Errors that differ only in sizes: the first case's sentence, its numbers said to be its own.
      const sizes = group.sized && group.reason === k.message ? `; the numbers above are ${oneLine(k.id)}'s, each case raised it with its own sizes` : '';
      const shown = `${listed}${sizes}`;
      lines.push(`${colour(ICON[k.status])} ${`${group.cases.length} cases`.padEnd(width + 21)} ${colour(pts)}`);
      if (group.notes.length === 0) {
        lines.push(indent(`${group.reason} (${shown})`, 4));
        continue;
      }
      lines.push(indent(group.reason, 4));
      for (const n of group.notes) lines.push(c.dim(indent(n, 4)));
      lines.push(c.dim(indent(`(${shown})`, 4)));
      continue;
    }
    const pts = `${k.points}/${k.maxPoints}`;
    lines.push(`${colour(ICON[k.status])} ${oneLine(k.id).padEnd(width)}  ${c.dim(k.function.padEnd(19))} ${colour(pts)}`);
    if (k.status !== 'passed' || opts.verbose) lines.push(indent(k.message, 4));
    for (const n of k.notes) lines.push(c.dim(indent(n, 4)));
  }
  const passed = report.cases.filter((k) => k.status === 'passed').length;
  if (!opts.verbose && passed > 0) {
    lines.push(c.green(`✓ ${passed} of ${report.cases.length} cases passed`) + c.dim(' (--verbose lists them)'));
    // Notes on passed cases ("accepted, but a plain number is expected"), once each.
    const notes = [...new Set(report.cases.filter((k) => k.status === 'passed').flatMap((k) => k.notes))];
    for (const n of notes) lines.push(c.dim(indent(`ℹ ${hangingIndent(n)}`, 2)));
  }

  if (report.mistakes.length) {
    lines.push('', c.bold('What went wrong'));
    for (const m of report.mistakes) {
      lines.push(`${c.magenta('●')} ${c.magenta.bold(m.id)}${m.confidence === 'partial' ? c.dim(' (partial match)') : ''}`);
      lines.push(indent(m.message, 4));
      // One line of the file per row: "at line 14: `…`", then "and line 15: `…`" for a fix over two.
      const at = m.cases.length > 0 ? siteParts(m.location) : [];
      at.forEach((part, k) => lines.push(indent(`${k === 0 ? 'at' : 'and'} ${part}`, 4)));
      if (m.fix) lines.push(indent(`${c.bold('Fix:')} ${m.fix}`, 4));
    }
  }
  const printed = !!report.output.stdout.trim();
  const warned = !!report.output.stderr.trim();
  if (printed || warned) {
    // numpy's RuntimeWarnings (log(0), 0 · inf) arrive on stderr: a learner who printed nothing
    // must not read them as their own prints. So does `logging` (INFO and DEBUG too), which is no
    // warning or error: the heading names the stream and what usually comes on it.
    const what = !warned ? 'Your code printed' : !printed ? 'What your code wrote to stderr (warnings, errors, logging)' : 'Your code printed (output, then what it wrote to stderr: warnings, errors, logging)';
    lines.push('', c.dim(`${what}${report.output.truncated ? ' (truncated)' : ''}:`));
    // 12 lines of at most 200 characters: a debug print of a whole array is one very long line.
    for (const l of (report.output.stdout + report.output.stderr).trim().split('\n').slice(0, 12))
      lines.push(c.dim(`  │ ${l.length > 200 ? `${l.slice(0, 200)}… (${l.length - 200} more characters)` : l}`));
  }
  lines.push('');
  const total = `Score: ${report.score}/${report.maxScore}`;
  const status =
    report.status === 'passed'
      ? c.green.bold(`${total} — all cases passed`)
      : report.status === 'error'
        ? c.red.bold(
            // A problem that stopped no case (a .py with a SyntaxError, graded from the pieces that
            // parse): every case passed, or every case was graded; 'part of the submission could not
            // be graded' would read as if cases were missing.
            report.score === report.maxScore && report.maxScore > 0
              ? `${total} — every case passed, but the file as handed in has a problem (above)`
              : everyCaseGraded(report)
                ? `${total} — every case was graded, and the file as handed in also has a problem (above)`
                : // SETUP_TIMEOUT: the frameworks' import ran out of time before any of the file ran, so
                  // "could not be graded as handed in" would blame a file nothing is wrong with.
                  report.problems.length > 0 && report.problems.every((p) => p.code === 'SETUP_TIMEOUT')
                  ? `${total} — ${report.score > 0 ? 'part of ' : ''}the submission could not be graded on this machine (the grader's set-up, above): run it again`
                  : `${total} — ${report.score > 0 ? 'part of ' : ''}the submission could not be graded as handed in`,
          )
        : c.yellow.bold(total);
  lines.push(status);
  return lines.join('\n') + '\n';
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/**
 * A case's error text with the case's own N and C (from "on 4 examples × 3 classes") written as
 * "#" where they stand as numbers of their own: "shapes (3,) (4,)" and "shapes (2,) (5,)" are one
 * error; "numpy.float32" and "numpy.float64", or line 15 and line 16, are not sizes and stay.
 */
function withoutSizes(message: string, reason: string): string {
  const shape = /on (\d+) examples? × (\d+) classe?s?/.exec(message);
  if (!shape) return reason;
  const sizes = new Set([shape[1]!, shape[2]!]);
  // Not where the error was: (line 16), (cell 4, line 3), (line 35, cell In [4]).
  return reason.replace(/(?<![\w.])\d+(?![\w.])/g, (d, at: number) => (sizes.has(d) && !/(?:\bline |\bcell |\bIn \[)$/.test(reason.slice(Math.max(0, at - 6), at)) ? '#' : d));
}
