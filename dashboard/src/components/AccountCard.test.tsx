// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { V1 } from '../data/testing/events';
import type { AccountSnapshot } from '../vote/accountActions';
import { AccountCard, parseTokenAmount, type AccountControls } from './AccountCard';

afterEach(cleanup);

const E18 = 10n ** 18n;

function fakeAccount(snapshot: Partial<AccountSnapshot> = {}) {
  const calls: string[] = [];
  let reads = 0;
  const account: AccountControls = {
    address: V1,
    async read() {
      reads += 1;
      return {
        tokenBalance: 1000n * E18,
        stake: 500n * E18,
        reservedStake: 0n,
        unbonding: 0n,
        releaseAtS: 0,
        creditsWei: 0n,
        rewardsOwed: 0n,
        ...snapshot,
      };
    },
    claimRewards: async () => void calls.push('claim'),
    withdrawCredits: async () => void calls.push('withdraw'),
    stake: async (a) => void calls.push(`stake ${a}`),
    requestUnstake: async (a) => void calls.push(`unstake ${a}`),
    withdrawUnstaked: async () => void calls.push('withdrawUnstaked'),
  };
  return { calls, account, reads: () => reads };
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('AccountCard', () => {
  it('shows the balances read from the chain and re-reads them at every new block', async () => {
    const f = fakeAccount({ creditsWei: 5n * 10n ** 15n });
    const { rerender } = render(<AccountCard account={f.account} headBlock={10n} nowS={100} />);
    await waitFor(() => expect(screen.getByTestId('account-stake').textContent).toBe('500 VTR'));
    expect(screen.getByTestId('account-tokens').textContent).toBe('1000 VTR');
    expect(screen.getByTestId('account-credits').textContent).toBe('0.005 ETH');
    expect(f.reads()).toBe(1);
    rerender(<AccountCard account={f.account} headBlock={11n} nowS={101} />);
    await waitFor(() => expect(f.reads()).toBe(2));
  });

  it('enables only the withdrawals that have something to withdraw', async () => {
    const f = fakeAccount({ creditsWei: 1n, unbonding: 10n * E18, releaseAtS: 200 });
    const { rerender } = render(<AccountCard account={f.account} headBlock={1n} nowS={100} />);
    await waitFor(() => expect(button('Withdraw ETH').disabled).toBe(false));
    expect(button('Claim rewards').disabled).toBe(true);
    expect(button('Withdraw unstaked').disabled).toBe(true);
    expect(screen.getByText(/10 VTR, withdrawable in 1:40/)).toBeTruthy();
    rerender(<AccountCard account={f.account} headBlock={1n} nowS={200} />);
    expect(button('Withdraw unstaked').disabled).toBe(false);
    fireEvent.click(button('Withdraw unstaked'));
    await waitFor(() => expect(f.calls).toEqual(['withdrawUnstaked']));
    fireEvent.click(button('Withdraw ETH'));
    await waitFor(() => expect(f.calls).toEqual(['withdrawUnstaked', 'withdraw']));
  });

  it('stakes and requests an unstake of the amount typed, and refuses a malformed amount by name', async () => {
    const f = fakeAccount();
    render(<AccountCard account={f.account} headBlock={1n} nowS={100} />);
    const input = screen.getByLabelText('Amount (VTR)');
    fireEvent.change(input, { target: { value: '12.5' } });
    fireEvent.click(button('Stake'));
    await waitFor(() => expect(f.calls).toEqual([`stake ${125n * 10n ** 17n}`]));
    fireEvent.change(input, { target: { value: '1e3' } });
    fireEvent.click(button('Request unstake'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(/^failed: amount: expected a number of VTR/),
    );
    expect(f.calls).toHaveLength(1);
  });

  it('says so when the chain cannot be read', async () => {
    const f = fakeAccount();
    f.account.read = async () => {
      throw new Error('HTTP request failed\nURL: http://127.0.0.1:8545');
    };
    render(<AccountCard account={f.account} headBlock={1n} nowS={100} />);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Could not read the account: HTTP request failed'),
    );
  });
});

describe('parseTokenAmount', () => {
  it('reads decimal VTR into base units and rejects what is not one', () => {
    expect(parseTokenAmount(' 1.000000000000000001 ')).toBe(E18 + 1n);
    expect(parseTokenAmount('100')).toBe(100n * E18);
    for (const bad of ['', '-1', '0', '1.0000000000000000001', 'ten', '0x10'])
      expect(() => parseTokenAmount(bad)).toThrow(/amount: expected/);
  });
});
