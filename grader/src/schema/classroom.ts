/**
 * GitHub Classroom's autograding result, as the `autograding-grading-reporter` action reads it
 * (base64 in the env var `<RUNNER>_RESULTS`): it sums `tests[].score` into the points Classroom
 * shows and fails the job on status "fail"/"error".
 * See https://github.com/classroom-resources/autograding-grading-reporter.
 */
import { z } from 'zod';

export const ClassroomStatusSchema = z.enum(['pass', 'fail', 'error']);

export const ClassroomTestSchema = z.strictObject({
  name: z.string(),
  status: ClassroomStatusSchema,
  score: z.number(),
  message: z.string(),
  test_code: z.string(),
  filename: z.string(),
  line_no: z.number().int(),
  duration: z.number(),
});

export const ClassroomResultSchema = z.strictObject({
  version: z.literal(1),
  status: ClassroomStatusSchema,
  max_score: z.number(),
  tests: z.array(ClassroomTestSchema),
});
export type ClassroomResult = z.infer<typeof ClassroomResultSchema>;
