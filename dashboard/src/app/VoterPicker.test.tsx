// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import type { Voting } from '../components/VotePanel';
import type { DataSource } from '../data';
import { devnetAccountAddress } from '../vote/devnetWallet';
import { foldEvents } from '../data/reducer';
import { ev } from '../data/testing/events';
import { emptyState } from '../data/types';
import { ANVIL_ADDRESSES, VoterPicker, type VoteTarget } from './VoterPicker';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

const target: VoteTarget = {
  rpcUrl: 'http://127.0.0.1:1',
  chainId: 31337,
  court: '0x00000000000000000000000000000000000000C0' as Address,
  coordinator: '0x00000000000000000000000000000000000000C1' as Address,
  token: '0x00000000000000000000000000000000000000C2' as Address,
};
const source = { update: async () => undefined, getState: () => emptyState() } as unknown as DataSource;

function picked() {
  const seen: (Voting | undefined)[] = [];
  return { seen, onVoting: (v: Voting | undefined) => void seen.push(v) };
}

describe('VoterPicker', () => {
  it('votes as the devnet account picked, with account controls, and picks it again after a reload', async () => {
    const first = picked();
    render(<VoterPicker target={target} source={source} onVoting={first.onVoting} />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'anvil:9' } });
    await waitFor(() => expect(first.seen.at(-1)?.address).toBe(devnetAccountAddress(9)), { timeout: 10_000 });
    expect(first.seen.at(-1)?.account?.address).toBe(devnetAccountAddress(9));
    cleanup();

    // A reload: a fresh component in the same tab.
    const second = picked();
    render(<VoterPicker target={target} source={source} onVoting={second.onVoting} />);
    await waitFor(() => expect(second.seen.at(-1)?.address).toBe(devnetAccountAddress(9)), { timeout: 10_000 });
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('anvil:9');
  });

  it('forgets the choice when the page is set back to watching', async () => {
    const first = picked();
    render(<VoterPicker target={target} source={source} onVoting={first.onVoting} />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'anvil:3' } });
    await waitFor(() => expect(first.seen.at(-1)?.address).toBe(devnetAccountAddress(3)), { timeout: 10_000 });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '' } });
    await waitFor(() => expect(first.seen.at(-1)).toBeUndefined());
    cleanup();
    const second = picked();
    render(<VoterPicker target={target} source={source} onVoting={second.onVoting} />);
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('');
    expect(second.seen).toEqual([]);
  });

  it('knows anvil’s ten addresses (as derived from its mnemonic) and labels the accounts that hold court stake', () => {
    expect(ANVIL_ADDRESSES).toEqual(Array.from({ length: 10 }, (_, i) => devnetAccountAddress(i)));
    const staked = foldEvents(emptyState(), [
      ev('Staked', { validator: devnetAccountAddress(9), amount: 500n * 10n ** 18n, stake: 500n * 10n ** 18n }, 1),
    ]);
    const withState = { ...source, getState: () => staked } as DataSource;
    render(<VoterPicker target={target} source={withState} onVoting={() => undefined} />);
    const labels = Array.from((screen.getByRole('combobox') as HTMLSelectElement).options).map((o) => o.textContent);
    expect(labels[10]).toBe('anvil account 9 (staked 500 VTR)');
    expect(labels[7]).toBe('anvil account 6');
  });

  it('offers nothing off a devnet without a browser wallet', () => {
    const { container } = render(
      <VoterPicker target={{ ...target, chainId: 1 }} source={source} onVoting={() => undefined} />,
    );
    expect(container.innerHTML).toBe('');
  });
});
