import { coordinatorAbi, disputeCourtAbi } from '@veritrain/protocol';
import type { Abi, AbiEvent } from 'viem';

/** One contract the subgraph indexes: its ABI (from protocol's generated ABIs) and its mapping file. */
export type DataSourceSpec = {
  name: 'Coordinator' | 'DisputeCourt';
  abi: Abi;
  deploymentKey: 'coordinator' | 'court';
  mappingFile: string;
  /** Entities the mapping writes (graph-cli lists them per data source). */
  entities: string[];
};

export const dataSources: readonly DataSourceSpec[] = [
  {
    name: 'Coordinator',
    abi: coordinatorAbi as Abi,
    deploymentKey: 'coordinator',
    mappingFile: './mappings/coordinator.ts',
    entities: ['Protocol', 'Run', 'Submission', 'StepLoss', 'Worker', 'Account', 'Dispute', 'RoleMember'],
  },
  {
    name: 'DisputeCourt',
    abi: disputeCourtAbi as Abi,
    deploymentKey: 'court',
    mappingFile: './mappings/court.ts',
    entities: ['Protocol', 'Dispute', 'Ballot', 'VoteCommit', 'VoteReveal', 'Validator', 'RoleMember'],
  },
];

/** Every event a contract emits: each one gets a handler (docs/architecture.md §7). */
export const eventsOf = (abi: Abi): AbiEvent[] => abi.filter((item): item is AbiEvent => item.type === 'event');
