export { MISTAKE_IDS, type MistakeId } from './ids.js';
export { MISSING_MINUS_STORY, MISTAKES, type Mistake, type Evidence, type GradedFunction } from './catalogue.js';
