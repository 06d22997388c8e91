import { datasetsUrl, ipfsGatewayUrl, type DashboardEnv } from '../data/config';

/** A setting the panels read on their own (they are mounted without the config): its value, or why it is bad. */
export type PageSetting = { url?: string; error?: string };

const setting = (read: () => string | undefined): PageSetting => {
  try {
    const url = read();
    return url ? { url } : {};
  } catch (err) {
    return { error: (err as Error).message };
  }
};

/** VITE_IPFS_GATEWAY, for the panels that read checkpoints. */
export const gatewayFromEnv = (): PageSetting => setting(() => ipfsGatewayUrl(import.meta.env as DashboardEnv));

/** VITE_DATASETS_URL (default ./datasets), resolved against the page's address. */
export const datasetsUrlFromEnv = (): PageSetting =>
  setting(() => datasetsUrl(import.meta.env as DashboardEnv, document.baseURI));
