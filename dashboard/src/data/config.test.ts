import { describe, expect, it } from 'vitest';
import { datasetsUrl, ipfsGatewayUrl, loadConfig } from './config';

const deployment = {
  chainId: 31337,
  coordinator: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  court: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  startBlock: 3,
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};

describe('loadConfig', () => {
  it('takes an inlined deployment and the RPC URL', async () => {
    const c = await loadConfig({
      VITE_RPC_URL: 'http://rpc.example:8545',
      VITE_DEPLOYMENT: JSON.stringify(deployment),
    });
    expect(c).toMatchObject({
      rpcUrl: 'http://rpc.example:8545',
      pollIntervalMs: 2000,
      deployment: { startBlock: 3n, chainId: 31337 },
    });
    expect(c.subgraphUrl).toBeUndefined();
  });

  it('fetches the deployment JSON when none is inlined', async () => {
    const asked: string[] = [];
    const c = await loadConfig({ VITE_DEPLOYMENT_URL: '/d.json' }, async (url) => {
      asked.push(url);
      return deployment;
    });
    expect(asked).toEqual(['/d.json']);
    expect(c.rpcUrl).toBe('http://127.0.0.1:8545');
  });

  it('names the bad input', async () => {
    await expect(loadConfig({ VITE_RPC_URL: 'localhost:8545', VITE_DEPLOYMENT: '{}' })).rejects.toThrow(
      /VITE_RPC_URL must be an http/,
    );
    await expect(loadConfig({ VITE_DEPLOYMENT: '{"chainId":1}' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/startBlock/),
    });
    await expect(loadConfig({}, async () => Promise.reject(new Error('404')))).rejects.toThrow(
      /could not fetch the deployment JSON from \.\/deployment\.json/,
    );
  });

  it('takes VITE_IPFS_GATEWAY as a base URL, absent by default', async () => {
    const inline = { VITE_DEPLOYMENT: JSON.stringify(deployment) };
    expect((await loadConfig(inline)).ipfsGatewayUrl).toBeUndefined();
    expect((await loadConfig({ ...inline, VITE_IPFS_GATEWAY: 'http://127.0.0.1:5174/' })).ipfsGatewayUrl).toBe(
      'http://127.0.0.1:5174',
    );
    expect(ipfsGatewayUrl({ VITE_IPFS_GATEWAY: 'https://gw.example/ipfs/' })).toBe('https://gw.example');
    expect(ipfsGatewayUrl({ VITE_IPFS_GATEWAY: '' })).toBeUndefined();
    await expect(loadConfig({ ...inline, VITE_IPFS_GATEWAY: '127.0.0.1:5174' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: 'VITE_IPFS_GATEWAY must be an http(s) URL such as http://127.0.0.1:5174, got "127.0.0.1:5174"',
    });
  });

  it('resolves VITE_DATASETS_URL against the page, ./datasets by default', () => {
    expect(datasetsUrl({}, 'http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/datasets');
    expect(datasetsUrl({}, 'https://example.org/veritrain/index.html?rpc=x')).toBe(
      'https://example.org/veritrain/datasets',
    );
    expect(datasetsUrl({ VITE_DATASETS_URL: 'https://data.example/vt/' }, 'http://127.0.0.1:5173/')).toBe(
      'https://data.example/vt',
    );
    expect(() => datasetsUrl({ VITE_DATASETS_URL: 'ftp://data.example' }, 'http://127.0.0.1:5173/')).toThrow(
      'VITE_DATASETS_URL must be an http(s) URL or a path such as ./datasets, got "ftp://data.example"',
    );
  });
});
