import type { DecodeEventLogReturnType } from 'viem';
import { coordinatorAbi, disputeCourtAbi } from '@veritrain/protocol';
import type { LogPosition, LogTime } from './types';

/** Every event the dashboard folds: the coordinator's and the court's, decoded. */
export const protocolEventsAbi = [
  ...coordinatorAbi.filter((item) => item.type === 'event'),
  ...disputeCourtAbi.filter((item) => item.type === 'event'),
] as const;

type Decoded = DecodeEventLogReturnType<typeof protocolEventsAbi>;

/** A decoded protocol event with its position on the chain. */
export type ProtocolEvent = Decoded & LogPosition & LogTime;

export type ProtocolEventName = ProtocolEvent['eventName'];
