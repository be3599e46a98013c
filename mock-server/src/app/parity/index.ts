/** Parity: replay a recording against the mock (or compare two recordings) and report where the answers differ. */
export { parseRecording, RecordingError, type Recording } from './recording.js';
export { compareAnswers, DIFFERENCE_KINDS, type Difference, type DifferenceKind } from './compare.js';
export { runParity, REPLAY_PASSWORD, type ParityOptions, type ParityResult, type ExchangeResult } from './replay.js';
export { compareRecordings } from './offline.js';
export type { ParityTarget } from './target.js';
export {
  summarize,
  formatText,
  formatMarkdown,
  describeDifference,
  type KnownDifference,
  type ParitySummary,
  type OperationSummary,
} from './report.js';
