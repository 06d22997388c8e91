import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDataSource, loadConfig, type DashboardEnv } from './data';
import { App } from './app/App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

// ?rpc=<url> re-points a static build at another node without rebuilding.
const env: DashboardEnv = { ...(import.meta.env as DashboardEnv) };
const rpcParam = new URLSearchParams(location.search).get('rpc');
if (rpcParam) env.VITE_RPC_URL = rpcParam;

loadConfig(env).then(
  (config) => {
    root.render(
      <StrictMode>
        <App
          source={createDataSource(config)}
          voteTarget={{
            rpcUrl: config.rpcUrl,
            chainId: config.deployment.chainId,
            court: config.deployment.court,
            coordinator: config.deployment.coordinator,
            token: config.deployment.token,
          }}
        />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main className="grid">
        <section className="card wide banner-error" role="alert">
          <h1>Dashboard not configured</h1>
          <p>{error instanceof Error ? error.message : String(error)}</p>
        </section>
      </main>,
    );
  },
);
