import {
  getContract,
  type Abi,
  type Address,
  type ContractEventName,
  type ContractFunctionArgs,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import type { Logger } from 'pino';
import { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from '@veritrain/protocol';
import { NodeError } from '../errors';
import type { StateStore } from '../state/createStateStore';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import { chainTime } from './coordinatorViews';
import { contractCall, intentKey, type ContractCall, type WriteFunctionName } from './contractCall';
import type { SigningChainClients } from './createChainClients';
import { createEventScanner, findEvents, type EventLogs, type EventScanner } from './eventScanner';
import {
  createIntentJournal,
  validateIntentJournalState,
  type IntentJournal,
  type IntentOutcome,
} from './intentJournal';
import { formatRevert } from './decodeRevert';
import { isRevert } from './isRevert';
import type { ResolvedContracts } from './resolveContracts';

type Args<abi extends Abi, fn extends WriteFunctionName<abi>> = ContractFunctionArgs<abi, 'nonpayable' | 'payable', fn>;

export type CreateNodeChainParameters = {
  clients: SigningChainClients;
  contracts: ResolvedContracts;
  retry: RetryOptions;
  logger: Logger;
  /** `ctx.stateStore`: the intent journal lives in `<data-dir>/intents.json`. */
  stateStore<T>(name: string, validate?: (value: unknown) => T): StateStore<T>;
};

/**
 * The chain as a daemon uses it, one toolkit for the worker, the fraud-proofer and the validator:
 * - typed reads over the generated ABIs (`coordinator.read.lease([id])`, viem `getContract`), through `read`
 *   and so through the one retry policy;
 * - typed calls (`coordinatorCall('submit', [...])`) sent through the intent journal (`send`), or, when the call
 *   may lose a race to another node, through `attempt`, where a revert is an answer and not an error;
 * - event scanning in block-range pages with a cursor (`scanner`) or once (`events`), logs decoded and typed.
 */
export function createNodeChain(p: CreateNodeChainParameters) {
  const { clients, contracts, retry, logger } = p;
  const publicClient = clients.publicClient;
  const coordinator = getContract({ address: contracts.coordinator, abi: coordinatorAbi, client: publicClient });
  const court =
    contracts.court && getContract({ address: contracts.court, abi: disputeCourtAbi, client: publicClient });
  const token = contracts.token && getContract({ address: contracts.token, abi: rewardTokenAbi, client: publicClient });
  const journal: IntentJournal = createIntentJournal({
    clients,
    store: p.stateStore('intents', validateIntentJournalState),
    retry,
    logger: logger.child({ component: 'intents' }),
  });
  const need = (address: Address | undefined, what: string): Address => {
    if (!address) throw new NodeError('INVALID_CONFIG', `no ${what} address: pass --deployment`);
    return address;
  };

  const send = (
    call: ContractCall,
    key: string = intentKey(call),
  ): Promise<{ hash: Hex; receipt: TransactionReceipt; reconciled: boolean }> => journal.send(key, { ...call, retry });

  return {
    clients,
    me: clients.account.address,
    coordinator,
    court,
    token,
    journal,
    startBlock: contracts.startBlock,
    /** A read (any viem call) through the one retry policy; `operation` names it in messages. */
    read: <T>(operation: string, fn: () => Promise<T>): Promise<T> => callWithRetry(operation, fn, retry),
    /** The head now (not viem's block-number cache, which lags a fast chain by up to a polling interval). */
    blockNumber: (): Promise<bigint> =>
      callWithRetry('getBlockNumber', () => publicClient.getBlockNumber({ cacheTime: 0 }), retry),
    /** The latest block's timestamp: the clock the contracts compare deadlines with. */
    now: (): Promise<bigint> => chainTime(clients, retry),
    coordinatorCall: <fn extends WriteFunctionName<typeof coordinatorAbi>>(
      functionName: fn,
      args: Args<typeof coordinatorAbi, fn>,
      value?: bigint,
    ): ContractCall => contractCall(contracts.coordinator, coordinatorAbi, functionName, args, value),
    courtCall: <fn extends WriteFunctionName<typeof disputeCourtAbi>>(
      functionName: fn,
      args: Args<typeof disputeCourtAbi, fn>,
    ): ContractCall => contractCall(need(contracts.court, 'court'), disputeCourtAbi, functionName, args),
    tokenCall: <fn extends WriteFunctionName<typeof rewardTokenAbi>>(
      functionName: fn,
      args: Args<typeof rewardTokenAbi, fn>,
    ): ContractCall => contractCall(need(contracts.token, 'reward token'), rewardTokenAbi, functionName, args),
    /**
     * Sends `call` through the intent journal (saved with its hash before the broadcast, looked up at restart),
     * under `intentKey(call)` unless a key is given.
     */
    send,
    /**
     * A transaction that may legitimately lose a race (another keeper finalized first, the phase is not open
     * yet): a revert is logged at debug and answers false; anything else throws. True once mined.
     */
    attempt: async (what: string, call: ContractCall, key?: string): Promise<boolean> => {
      try {
        await send(call, key);
        logger.info({ args: call.args.map(String) }, what);
        return true;
      } catch (err) {
        if (isRevert(err)) {
          logger.debug(
            { reason: formatRevert(err) ?? (err as Error).message },
            `${call.functionName} not possible now`,
          );
          return false;
        }
        throw err;
      }
    },
    /** At start, before deciding anything: what became of the transactions a crash left in flight. */
    reconcile: async (): Promise<IntentOutcome[]> => {
      const outcomes = await journal.reconcile();
      if (outcomes.length > 0)
        logger.info(
          { intents: outcomes.map((o) => `${o.intent.key}: ${o.status}`) },
          'reconciled the transactions in flight at the last stop',
        );
      return outcomes;
    },
    /** A cursor over a coordinator event from the deployment block (or `fromBlock`). */
    coordinatorScanner: <eventName extends ContractEventName<typeof coordinatorAbi>>(
      eventName: eventName,
      args?: Parameters<typeof findEvents<typeof coordinatorAbi, eventName>>[0]['args'],
      fromBlock: bigint = contracts.startBlock,
    ): EventScanner<typeof coordinatorAbi, eventName> =>
      createEventScanner({
        clients,
        retry,
        address: contracts.coordinator,
        abi: coordinatorAbi,
        eventName,
        ...(args === undefined ? {} : { args }),
        fromBlock,
      }),
    /** Every coordinator event of a kind since the deployment block (a one-off look-up). */
    coordinatorEvents: <eventName extends ContractEventName<typeof coordinatorAbi>>(
      eventName: eventName,
      args?: Parameters<typeof findEvents<typeof coordinatorAbi, eventName>>[0]['args'],
    ): Promise<EventLogs<typeof coordinatorAbi, eventName>> =>
      findEvents({
        clients,
        retry,
        address: contracts.coordinator,
        abi: coordinatorAbi,
        eventName,
        ...(args === undefined ? {} : { args }),
        fromBlock: contracts.startBlock,
      }),
  };
}

export type NodeChain = ReturnType<typeof createNodeChain>;
