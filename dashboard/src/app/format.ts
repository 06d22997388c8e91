import { formatEther, formatUnits } from 'viem';

export const shortHex = (hex: string, keep = 6) =>
  hex.length <= 2 + 2 * keep ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-4)}`;

/** Wei as ETH with at most 4 decimals. */
export const eth = (wei: bigint) => `${trim(formatEther(wei))} ETH`;

/** Reward-token units (18 decimals) with at most 4 decimals. */
export const tokens = (units: bigint) => `${trim(formatUnits(units, 18))} VTR`;

function trim(decimal: string): string {
  const [int, frac = ''] = decimal.split('.');
  const f = frac.slice(0, 4).replace(/0+$/, '');
  return f ? `${int}.${f}` : int!;
}

/** Seconds as h:mm:ss or m:ss; negative means overdue. */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const percent = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`;

export const loss = (value: number) => (Number.isFinite(value) ? value.toPrecision(5) : String(value));

/** "step 5" or "steps 1–4". */
export const stepRange = (s: { firstStep: number; lastStep: number }) =>
  s.firstStep === s.lastStep ? `step ${s.firstStep}` : `steps ${s.firstStep}–${s.lastStep}`;
