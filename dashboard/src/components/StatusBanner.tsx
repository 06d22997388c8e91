import type { SourceStatus } from '../data';

/** Where the data stands: loading, live, or the RPC failing (the last state stays on screen). */
export function StatusBanner({ status, headBlock }: { status: SourceStatus; headBlock?: bigint }) {
  if (status.kind === 'loading') {
    return (
      <p className="banner banner-loading" role="status">
        Reading the chain…
      </p>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className="banner banner-error" role="alert">
        <strong>Cannot reach the chain.</strong> {status.error.message}
        {status.lastUpdateMs !== undefined ? ' Showing the last data read; retrying.' : ' Retrying.'}
      </div>
    );
  }
  return (
    <p className="banner banner-live" role="status">
      <span className="dot" aria-hidden="true" /> Live{headBlock !== undefined ? ` · block ${headBlock}` : ''}
    </p>
  );
}
