export { MISTAKE_IDS, type MistakeId } from './ids.js';
export { MISTAKES, type Mistake, type Evidence, type GradedFunction } from './catalogue.js';
