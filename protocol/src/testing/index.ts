// Test helpers shared by the workspaces' hostile-input suites (not used by any runtime code).
export {
  fuzzCaseCount,
  fuzzSeed,
  mutateBytes,
  runFuzz,
  seededRandom,
  type FuzzOutcome,
  type FuzzSummary,
} from './mutateBytes';
export { runFuzzChild } from './runFuzzChild';
