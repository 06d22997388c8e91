import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { disputeCourtAbi, rewardTokenAbi, type Deployment } from '@veritrain/protocol';
import { anvilKey } from './accounts';

/**
 * Stakes an anvil account in the court with no validator daemon behind it, so that a person can vote from the
 * dashboard ("Vote as: anvil account N") on the devnet's disputes. Its stake counts towards quorum like any
 * other, so it is kept below the validators' (who reach quorum on their own even when the page never votes).
 */
export async function stakePageVoter(
  rpcUrl: string,
  deployment: Deployment,
  accountIndex: number,
  stakeWei: bigint,
): Promise<Address> {
  const account = privateKeyToAccount(anvilKey(accountIndex));
  const transport = http(rpcUrl);
  const pub = createPublicClient({ chain: foundry, transport });
  const wallet = createWalletClient({ account, chain: foundry, transport });
  const send = async (hash: Promise<`0x${string}`>, what: string) => {
    const receipt = await pub.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== 'success')
      throw new Error(
        `${what} for the page voter (anvil account ${accountIndex}) reverted in ${receipt.transactionHash}`,
      );
  };
  await send(
    wallet.writeContract({
      address: deployment.token,
      abi: rewardTokenAbi,
      functionName: 'approve',
      args: [deployment.court, stakeWei],
    }),
    'approve',
  );
  await send(
    wallet.writeContract({ address: deployment.court, abi: disputeCourtAbi, functionName: 'stake', args: [stakeWei] }),
    'stake',
  );
  return account.address;
}
