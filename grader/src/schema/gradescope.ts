/**
 * Gradescope's results.json, as published in the autograder specification
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format). Only the
 * fields wlgrade writes are modelled; strict so a typo fails our own tests. Every one is a field of
 * the specification (top level: score, execution_time, output, output_format, test_output_format,
 * test_name_format, stdout_visibility, extra_data, tests; a test: name, score, max_score, status,
 * output, visibility, tags, extra_data), with the values it allows: formats.test.ts checks this.
 */
import { z } from 'zod';

export const GradescopeVisibilitySchema = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);
export type GradescopeVisibility = z.infer<typeof GradescopeVisibilitySchema>;

export const GradescopeTestSchema = z.strictObject({
  name: z.string(),
  score: z.number(),
  max_score: z.number(),
  status: z.enum(['passed', 'failed']),
  output: z.string(),
  visibility: GradescopeVisibilitySchema,
  tags: z.array(z.string()),
  /** Data for staff's scripts (Gradescope shows it to no one; it is in the results export). */
  extra_data: z.record(z.string(), z.string()).optional(),
});

/**
 * How Gradescope renders a string ("Output String Formatting"): `text` renders no HTML, Markdown
 * or ANSI. Its default for the top-level output is `simple_format`, sanitised HTML, where a
 * learner's exception message quoted in a note rendered as a heading, a link and an image on the
 * page learners and staff read (red-team round 21); tests default to `text`. wlgrade writes plain
 * text everywhere and says so.
 */
export const GradescopeFormatSchema = z.literal('text');

export const GradescopeResultSchema = z.strictObject({
  score: z.number(),
  /** Seconds. */
  execution_time: z.number(),
  output: z.string(),
  output_format: GradescopeFormatSchema,
  test_output_format: GradescopeFormatSchema,
  test_name_format: GradescopeFormatSchema,
  /** What the learner's own prints are shown as: never, so hidden inputs cannot be printed out. */
  stdout_visibility: GradescopeVisibilitySchema,
  tests: z.array(GradescopeTestSchema),
  /** As a test's extra_data: for staff's scripts, shown to no one. */
  extra_data: z.record(z.string(), z.string()).optional(),
});
export type GradescopeResult = z.infer<typeof GradescopeResultSchema>;
