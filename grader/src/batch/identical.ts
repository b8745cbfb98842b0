import { counted, joinSome } from '../join-words.js';
import { unseen } from '../report/escape.js';

/**
 * The sha256 of no bytes. Empty files are alike without anyone copying: each is already an error
 * row of its own in the gradebook, so they form no group.
 */
export const EMPTY_FILE_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Learners who handed in byte-identical files (the sha256 batch-state.json keeps for re-runs), pure.
 * A TA grading a cohort wants to know before the grades go out: copied work, or the template
 * handed in unchanged. Nothing is decided here; `grade` lists the groups after its summary.
 */
export function identicalGroups(entries: Iterable<readonly [learner: string, hash: string]>): string[][] {
  const by = new Map<string, string[]>();
  for (const [learner, hash] of entries) {
    if (hash === EMPTY_FILE_SHA256) continue;
    // Pushed, not copied: a copy per learner made a group of n files n²/2 copies (40,000 alike: 14 s).
    const group = by.get(hash);
    if (group) group.push(learner);
    else by.set(hash, [learner]);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...by.values()]
    .filter((g) => g.length > 1)
    .map((g) => [...g].sort(cmp))
    .sort((a, b) => b.length - a.length || cmp(a[0]!, b[0]!));
}

/**
 * The groups among the learners graded (a row with a report) of a gradebook, by the sha256 of the
 * file each was graded from (batch-state.json's entries), pure. `grade` and `merge` both print
 * them: a shard's `grade` sees its own learners only, so copies handed in by learners of two
 * shards are found by the merge alone.
 */
export function gradedGroups(
  rows: Iterable<{ learner: string; resultFile?: string | undefined }>,
  entries: ReadonlyMap<string, { submissionHash: string }>,
): string[][] {
  const pairs: Array<readonly [string, string]> = [];
  for (const r of rows) {
    const e = r.resultFile === undefined ? undefined : entries.get(r.learner);
    if (e) pairs.push([r.learner, e.submissionHash]);
  }
  return identicalGroups(pairs);
}

/** How many groups `grade` names; the rest are counted. */
export const GROUPS_SHOWN = 10;

/**
 * The lines `grade` and `merge` print for `groups` (none when there are none). `shard`: the
 * groups are one shard's (`grade --shard K/N`), which cannot see the other shards' files.
 */
export function identicalLines(groups: string[][], opts: { shard?: { index: number; count: number } } = {}): string[] {
  if (groups.length === 0) return [];
  const learners = groups.reduce((n, g) => n + g.length, 0);
  const where = opts.shard ? ` of shard ${opts.shard.index}/${opts.shard.count}` : '';
  const then = opts.shard ? '; wlgrade merge lists them across all the shards' : '';
  const head = `${learners} learners${where} handed in byte-identical files, in ${counted(groups.length, 'group')} (copied work, or the template unchanged): check them before the grades go out${then}.`;
  // Ids with characters no one sees spelled out: "bob" and "bob\u200b" are two learners that look alike.
  const shown = groups.slice(0, GROUPS_SHOWN).map((g) => `  ${joinSome(g.map(unseen), 8)}`);
  const more = groups.length > GROUPS_SHOWN ? [`  and ${groups.length - GROUPS_SHOWN} more groups (batch-state.json gives each learner's file's sha256)`] : [];
  return [head, ...shown, ...more];
}
