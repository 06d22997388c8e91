import {
  BaseError,
  ExecutionRevertedError,
  parseTransaction,
  RawContractError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import type { Logger } from 'pino';
import { NodeError } from '../errors';
import type { StateStore } from '../state/createStateStore';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import type { SigningChainClients } from './createChainClients';
import { decodeRevert, formatRevert } from './decodeRevert';
import {
  waitForTransaction,
  writeContractWithRetry,
  type SignedTransaction,
  type WriteContractWithRetryParameters,
} from './writeContractWithRetry';

/** A transaction the node signed and was about to broadcast, saved before the broadcast. */
export type TransactionIntent = SignedTransaction & {
  /** What the node meant to do, one unresolved intent per key: e.g. `submit:7`. */
  key: string;
  functionName: string;
};

export type IntentJournalState = { version: 1; intents: TransactionIntent[] };

/** How a saved intent turned out, looked up on chain. */
export type IntentOutcome =
  | { status: 'mined'; intent: TransactionIntent; receipt: TransactionReceipt }
  | { status: 'reverted'; intent: TransactionIntent; receipt: TransactionReceipt }
  /** Never mined and never will be: its nonce went to another transaction, or the call would now revert. */
  | { status: 'abandoned'; intent: TransactionIntent; reason: string };

export type IntentJournal = {
  /**
   * `writeContractWithRetry`, journalled: the signed transaction is saved under `key` before it is broadcast
   * and removed once its receipt is in. If an intent under `key` is still saved (a crash), it is reconciled
   * first, and a mined one is returned instead of sending anything.
   */
  send(
    key: string,
    params: WriteContractWithRetryParameters,
  ): Promise<{ hash: Hex; receipt: TransactionReceipt; reconciled: boolean }>;
  /** At start, before acting: every saved intent looked up on chain (waited for if still pending), then removed. */
  reconcile(): Promise<IntentOutcome[]>;
  /**
   * The intent saved under `key`, if any (a crash, or a send that gave up before its receipt), looked up on chain
   * (waited for if still pending) and removed; `undefined` when none is saved. A node calls it before deciding
   * from chain state whether an earlier attempt happened: after it, the chain shows that attempt's outcome.
   */
  reconcileKey(key: string): Promise<IntentOutcome | undefined>;
  /** The intents saved now (tests, logs). */
  pending(): TransactionIntent[];
};

export function validateIntentJournalState(value: unknown): IntentJournalState {
  const v = value as IntentJournalState;
  if (typeof v !== 'object' || v === null || v.version !== 1 || !Array.isArray(v.intents))
    throw new Error('expected a version 1 intent journal');
  for (const i of v.intents) {
    if (
      typeof i.key !== 'string' ||
      typeof i.hash !== 'string' ||
      typeof i.serializedTransaction !== 'string' ||
      typeof i.nonce !== 'number'
    ) {
      throw new Error('expected intents with key, hash, serializedTransaction and nonce');
    }
  }
  return v;
}

/** A call that reverted, decodable (a custom error) or not (a bare `revert()`): by the error's class, not its message. */
function isCallRevert(err: unknown): boolean {
  if (decodeRevert(err)) return true;
  return (
    err instanceof BaseError &&
    err.walk((e) => e instanceof ExecutionRevertedError || e instanceof RawContractError) !== null
  );
}

/**
 * The intent journal (`<data-dir>/intents.json`): the one way a node sends a transaction that must not be sent
 * twice or lost across a crash. Before broadcasting, the signed bytes are saved; a node killed at any instant
 * after that finds them at restart and looks them up: mined (its outcome stands), still pending (waited for),
 * unknown to the chain but still valid (the same bytes broadcast again: same hash, never a second transaction),
 * or superseded (its nonce was used by another transaction, or the call would now revert: dropped). Only then
 * does the node decide anew, from chain state that includes the outcome. docs/nodes.md.
 */
export function createIntentJournal(params: {
  clients: SigningChainClients;
  store: StateStore<IntentJournalState>;
  retry: RetryOptions;
  logger: Logger;
}): IntentJournal {
  const { clients, store, retry, logger } = params;
  const { publicClient, account } = clients;
  let state: IntentJournalState = store.load() ?? { version: 1, intents: [] };
  const save = () => store.save(state);
  const remove = (hash: Hex) => {
    state = { ...state, intents: state.intents.filter((i) => i.hash !== hash) };
    save();
  };

  async function lookUp(intent: TransactionIntent): Promise<IntentOutcome> {
    const fn = intent.functionName;
    const receipt = await callWithRetry(
      `receipt ${fn}`,
      () =>
        publicClient.getTransactionReceipt({ hash: intent.hash }).catch((err: unknown) => {
          if (err instanceof TransactionReceiptNotFoundError) return undefined;
          throw err;
        }),
      retry,
    );
    if (receipt) return { status: receipt.status === 'success' ? 'mined' : 'reverted', intent, receipt };
    const known = await callWithRetry(
      `getTransaction ${fn}`,
      () =>
        publicClient.getTransaction({ hash: intent.hash }).then(
          () => true,
          (err: unknown) => {
            if (err instanceof TransactionNotFoundError) return false;
            throw err;
          },
        ),
      retry,
    );
    if (!known) {
      const used = await callWithRetry(
        'getTransactionCount',
        () => publicClient.getTransactionCount({ address: account.address, blockTag: 'latest' }),
        retry,
      );
      if (used > intent.nonce)
        return { status: 'abandoned', intent, reason: `its nonce ${intent.nonce} was used by another transaction` };
      // Never reached the chain: send it only if it still does what it meant to (it would revert otherwise).
      const tx = parseTransaction(intent.serializedTransaction);
      try {
        await callWithRetry(
          `simulate ${fn}`,
          () =>
            publicClient.call({
              account: account.address,
              to: tx.to!,
              data: tx.data!,
              ...(tx.value ? { value: tx.value } : {}),
            }),
          retry,
        );
      } catch (err) {
        if (isCallRevert(err))
          return { status: 'abandoned', intent, reason: `it would now revert: ${formatRevert(err)}` };
        throw err;
      }
    }
    try {
      const mined = await waitForTransaction(clients, {
        functionName: fn,
        hash: intent.hash,
        serializedTransaction: intent.serializedTransaction,
        retry,
      });
      return { status: 'mined', intent, receipt: mined };
    } catch (err) {
      if (err instanceof NodeError && err.code === 'REVERTED') {
        const r = await publicClient.getTransactionReceipt({ hash: intent.hash });
        return { status: 'reverted', intent, receipt: r };
      }
      throw err;
    }
  }

  async function reconcileOne(intent: TransactionIntent): Promise<IntentOutcome> {
    const outcome = await lookUp(intent);
    const fields = { intent: intent.key, hash: intent.hash, nonce: intent.nonce }; // not `key`: the logger blanks that field
    if (outcome.status === 'abandoned')
      logger.warn(
        { ...fields, reason: outcome.reason },
        `intent ${intent.key}: not mined and dropped (${outcome.reason})`,
      );
    else
      logger.info(
        { ...fields, status: outcome.status, block: outcome.receipt.blockNumber.toString() },
        `intent ${intent.key}: ${outcome.status} before the restart`,
      );
    remove(intent.hash);
    return outcome;
  }

  return {
    pending: () => [...state.intents],
    async reconcileKey(key) {
      const saved = state.intents.find((i) => i.key === key);
      return saved && (await reconcileOne(saved));
    },
    async reconcile() {
      const outcomes: IntentOutcome[] = [];
      for (const intent of [...state.intents]) outcomes.push(await reconcileOne(intent));
      return outcomes;
    },
    async send(key, p) {
      const saved = state.intents.find((i) => i.key === key);
      if (saved) {
        const outcome = await reconcileOne(saved);
        if (outcome.status === 'mined') return { hash: saved.hash, receipt: outcome.receipt, reconciled: true };
        if (outcome.status === 'reverted')
          throw new NodeError('REVERTED', `${saved.functionName} reverted on-chain in transaction ${saved.hash}`, {
            details: { functionName: saved.functionName, hash: saved.hash },
          });
      }
      let hash: Hex | undefined;
      const { receipt } = await writeContractWithRetry(clients, {
        ...p,
        beforeBroadcast: async (tx) => {
          hash = tx.hash;
          state = { ...state, intents: [...state.intents, { key, functionName: p.functionName, ...tx }] };
          save();
          logger.debug({ intent: key, hash: tx.hash, nonce: tx.nonce }, `intent ${key} saved; broadcasting`);
          await p.beforeBroadcast?.(tx);
        },
      }).catch((err: unknown) => {
        // A receipt that says reverted settles the intent too; anything else (no receipt yet) leaves it saved.
        if (hash !== undefined && err instanceof NodeError && err.code === 'REVERTED') remove(hash);
        throw err;
      });
      remove(hash!);
      return { hash: hash!, receipt, reconciled: false };
    },
  };
}
