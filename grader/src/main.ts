/**
 * wlgrade's command line (loaded by cli.ts): runs the commands program.ts wires up and turns errors
 * into exit codes.
 * Exit codes: 0 every case passed, 1 some case failed, 2 usage/configuration error or a
 * submission that cannot be graded as handed in, 3 a bug in wlgrade.
 */
import { CommanderError } from 'commander';
import { isGraderError } from './errors.js';
import { escapeTerminal, hangingIndent } from './report/escape.js';

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setExit = (c: number) => {
    code = c;
  };
  // `wlgrade check …` (check first: no option before it) loads check's code alone, which Node
  // compiles in a fifth less time (program-check.ts); anything else, the whole program.
  const program = argv[2] === 'check' ? (await import('./program-check.js')).buildCheckProgram(setExit) : (await import('./program.js')).buildProgram(setExit);

  try {
    await program.parseAsync(argv);
  } catch (e) {
    // Usage errors (commander has printed them); --help and --version end here with code 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}

// `wlgrade … | head` closes the pipe before wlgrade is done: what is left to print has no reader
// and is dropped, as other tools do. Unhandled, the EPIPE printed a Node stack (a "bug") and ended
// a batch half-graded, its temporary folder left behind.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isGraderError(e)) {
      // A user error can quote a file name or an archive entry, which the learner chose: the
      // names are one line each where the message is built, and the lines of a message that has
      // several (a case file's problems) are indented under its first.
      process.stderr.write(`wlgrade: ${hangingIndent(escapeTerminal(e.message))}\n`);
      process.exitCode = 2;
      return;
    }
    // Escaped too: a bug can carry text a submission wrote (a forged runner record).
    process.stderr.write(`${escapeTerminal(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    process.stderr.write('wlgrade: this is a bug in wlgrade, not in your code. Please report it with the command you ran.\n');
    process.exitCode = 3;
  },
);
