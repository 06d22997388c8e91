export { ANVIL_MNEMONIC, anvilKey, ROLE_ACCOUNT } from './accounts';
export { DevnetError, type DevnetErrorCode } from './devnetError';
export { DEFAULT_OPTIONS, parseDevnetOptions, USAGE, type DevnetOptions, type LogFormat } from './options';
export { colorFor, createLinePrefixer } from './prefixLines';
export { startDevnet, repoRoot, type Devnet, type DevnetIo, type DevnetNode, type NodeRole } from './startDevnet';
export {
  createSupervisor,
  describeExit,
  isFailure,
  type ChildSpec,
  type ExitInfo,
  type ManagedChild,
  type Supervisor,
} from './supervisor';
