/**
 * @veritrain/node-core: the runtime every veritrain node shares (config, keys, logs, metrics, chain
 * client, crash-safe state, lifecycle) and the `run create` command. Node-only. See docs/nodes.md.
 */
export { NodeError, type NodeErrorCode } from './errors';
export { EXIT, type ExitCode } from './exitCodes';

// Config: flags > env (VERITRAIN_*) > --config file > defaults.
export {
  defineOptions,
  envName,
  flagName,
  ValueError,
  type ConfigOf,
  type OptionSpec,
  type OptionSpecs,
  type Parser,
  type RawValue,
} from './config/optionSpec';
export * as parsers from './config/parsers';
export {
  resolveConfig,
  CONFIG_ENV,
  CONFIG_FLAG,
  type ResolveConfigParameters,
  type ResolvedConfig,
  type ValueSource,
} from './config/resolveConfig';
export { configForLog, formatConfig, redactUrl } from './config/formatConfig';
export { addOptions, givenFlags } from './config/commanderOptions';
export {
  chainOptions,
  computeOptions,
  dataDirOptions,
  keyOptions,
  logOptions,
  metricsOptions,
  storageOptions,
} from './config/commonOptions';

// Keys, logs, metrics.
export {
  loadPrivateKey,
  PRIVATE_KEY_ENV,
  type LoadPrivateKeyParameters,
  type LoadPrivateKeyReturnType,
} from './keys/loadPrivateKey';
export {
  createLogger,
  LOG_LEVELS,
  REDACTED_PATHS,
  type CreateLoggerParameters,
  type LogFormat,
  type Logger,
  type LogLevel,
} from './logging/createLogger';
export {
  createMetrics,
  startMetricsServer,
  type CreateMetricsParameters,
  type MetricsServer,
  type NodeMetrics,
  type StartMetricsServerParameters,
} from './metrics/createMetrics';

// Chain.
export { callWithRetry, rpcFaultReason, type RetryOptions } from './chain/callWithRetry';
export { decodeRevert, formatRevert, VERITRAIN_ERRORS_ABI, type DecodedRevert } from './chain/decodeRevert';
export { createChainClients, type ChainClients, type CreateChainClientsParameters } from './chain/createChainClients';
export {
  waitForTransaction,
  writeContractWithRetry,
  type SignedTransaction,
  type WaitForTransactionParameters,
  type WriteContractWithRetryParameters,
  type WriteContractWithRetryReturnType,
} from './chain/writeContractWithRetry';
export {
  createIntentJournal,
  validateIntentJournalState,
  type IntentJournal,
  type IntentJournalState,
  type IntentOutcome,
  type TransactionIntent,
} from './chain/intentJournal';
export { contractCall, intentKey, type ContractCall, type WriteFunctionName } from './chain/contractCall';
export { isRevert, revertName } from './chain/isRevert';
export {
  createEventScanner,
  findEvents,
  type EventLogs,
  type EventQuery,
  type EventScanner,
} from './chain/eventScanner';
export { createNodeChain, type CreateNodeChainParameters, type NodeChain } from './chain/createNodeChain';
export { resolveContracts, type ResolveContractsParameters, type ResolvedContracts } from './chain/resolveContracts';

// Local state and lifecycle.
export {
  createStateStore,
  parseState,
  stringifyState,
  type CreateStateStoreParameters,
  type StateStore,
} from './state/createStateStore';
export {
  createLifecycle,
  type CreateLifecycleParameters,
  type Lifecycle,
  type SignalSource,
} from './lifecycle/createLifecycle';

// Content storage: the part of @veritrain/storage's ContentStore nodes use, the store from the options,
// and an in-memory stand-in for tests.
export type { ContentStore } from './storage/contentStore';
export { MemoryContentStore } from './storage/memoryContentStore';
export { openNodeContentStore, type OpenNodeContentStoreParameters } from './storage/openNodeContentStore';

// Runs.
export { buildRunArtifacts, type RunArtifacts } from './run/buildRunArtifacts';
export { createRun, type CreateRunParameters, type CreateRunReturnType, type RunTerms } from './run/createRun';
export { RUN_PRESETS, RUN_PRESET_NAMES, type RunPresetName } from './run/runPresets';
export { main as runCli } from './cli/main';

// The node runtime the daemons are built on.
export {
  runNode,
  EXIT_CODES_HELP,
  type NodeContext,
  type NodeDefinition,
  type RunNodeOptions,
} from './runtime/runNode';
export { runtimeOptions, type NodeOptions, type RuntimeOptions } from './runtime/nodeOptions';
export { loadNodeBackend, type LoadNodeBackendParameters } from './runtime/loadNodeBackend';
export { exitCodeOf } from './cli/exitCodeOf';
export { processIo, type CliIo } from './cli/io';
export type { SigningChainClients } from './chain/createChainClients';
export { sleep } from './lifecycle/sleep';
export { backoffDelayMs, type BackoffPolicy } from './lifecycle/backoff';
export { runNodeLoop, type LoopOutcome, type RunNodeLoopParameters } from './lifecycle/runNodeLoop';
export {
  encodeSubmissionManifest,
  parseSubmissionManifest,
  SUBMISSION_MANIFEST_KIND,
  type SubmissionManifest,
} from './submission/submissionManifest';

// Protocol reads and the training steps the daemons share.
export {
  chainTime,
  readDispute,
  readLease,
  readRunState,
  type DisputeView,
  type LeaseView,
  type RunStateView,
} from './chain/coordinatorViews';
export {
  checkMemoryBudget,
  defaultMemoryBudgetMib,
  loadRun,
  type LoadedRun,
  type RunConfigOnChain,
} from './training/loadRun';
export { checkpointBytes, manifestMaxBytes, MAX_SPEC_BYTES } from './training/contentLimits';
export {
  fetchParentCheckpoint,
  submittedEvent,
  type FetchParentCheckpointOptions,
  type SubmittedEvent,
} from './training/fetchCheckpoint';
export { computeLease, malformCheckpoint, type ComputeLeaseParameters } from './training/computeLease';
export { recomputeSubmission, type Recomputed } from './training/recomputeSubmission';
