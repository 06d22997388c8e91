import { shortHex } from '../app/format';

/** A shortened address; the full one is in the title and read by screen readers. */
export function Address({ address }: { address: string }) {
  return (
    <code className="address" title={address}>
      <span aria-hidden="true">{shortHex(address, 4)}</span>
      <span className="visually-hidden">{address}</span>
    </code>
  );
}
