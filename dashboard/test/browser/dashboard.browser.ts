// npm run test:browser -w dashboard
// The static build in a real browser (Debian's chromium via playwright-core) against a live chain (the demo
// chain script: anvil, the forge deploy, leases, a fraud every third lease, disputes, votes): the step count
// rises without reload, a dispute appears and resolves, a vote cast from the page (anvil account 7) is committed
// and revealed on chain, and the page logs no console errors.
// Screenshots go to dashboard/test-results/. Exit code 0 = pass.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
const results = path.join(root, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const deploymentName = `dashboard-browser-${process.pid}.json`;
const deploymentFile = path.resolve(root, '../deployments', deploymentName);
const timeoutMs = 90_000;

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function fail(message: string): never {
  throw new Error(`browser test failed: ${message}`);
}

if (!existsSync(chromiumPath)) fail(`no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
mkdirSync(results, { recursive: true });

const rpcPort = await freePort();
// node itself (not npx) so that SIGINT reaches the script, which stops its anvil.
const chain = spawn(process.execPath, ['--import', 'tsx', 'scripts/demoChain.ts', '--port', String(rpcPort), '--interval-ms', '300', '--vote-wait-ms', '6000', '--out', deploymentName], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'pipe'],
});
let chainLog = '';
const cleanups: (() => Promise<void> | void)[] = [
  () => {
    chain.kill('SIGINT');
  },
  () => rmSync(deploymentFile, { force: true }),
];

try {
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`demo chain not up after 60 s:\n${chainLog}`)), 60_000);
    chain.stderr!.on('data', (d: Buffer) => {
      chainLog += d.toString();
      if (chainLog.includes('deployment ')) {
        clearTimeout(t);
        resolve();
      }
    });
    chain.once('exit', (code) => reject(new Error(`demo chain exited (${code}):\n${chainLog}`)));
  });

  // The static build, pointed at the chain the way an operator would: VITE_RPC_URL and the deployment file.
  process.env.VITE_RPC_URL = `http://127.0.0.1:${rpcPort}`;
  process.env.VITE_POLL_INTERVAL_MS = '500';
  process.env.VERITRAIN_DEPLOYMENT_FILE = deploymentFile;
  const { build, preview } = await import('vite');
  const configFile = path.join(root, 'vite.config.ts');
  const outDir = path.join(results, 'dist');
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const webPort = await freePort();
  const server = await preview({ root, configFile, build: { outDir }, preview: { port: webPort, strictPort: true } });
  cleanups.unshift(() => new Promise<void>((r) => server.httpServer.close(() => r())));

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  cleanups.unshift(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${webPort}/`);

  const tip = async () => Number((await page.textContent('[data-testid="tip-step"]'))?.replace(/\D/g, '') ?? NaN);
  await page.waitForSelector('[data-testid="tip-step"]', { timeout: timeoutMs });
  const first = await tip();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="tip-step"]')?.textContent?.replace(/\D/g, '')) > n,
    first,
    { timeout: timeoutMs },
  );
  const later = await tip();
  console.log(`step count rose without reload: ${first} → ${later}`);
  await page.screenshot({ path: path.join(results, 'dashboard-live.png') });

  await page.waitForSelector('[data-testid="dispute-1"]', { timeout: timeoutMs });
  console.log(`dispute appeared: ${(await page.textContent('[data-testid="dispute-1"]'))?.slice(0, 120)}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="dispute-1"]')?.textContent?.includes('fraud: submission invalidated'), undefined, {
    timeout: timeoutMs,
  });
  const invalid = await page.locator('[data-testid^="submission-"] .pill-invalid').count();
  if (invalid < 1) fail('the dispute resolved Fraud but no submission shows invalid');
  console.log(`dispute resolved: fraud; ${invalid} submission(s) shown invalid`);
  await page.screenshot({ path: path.join(results, 'dashboard-dispute.png'), fullPage: true });

  // A vote cast from the page lands on chain: anvil account 7 is staked and left to the page by the demo chain.
  await page.selectOption('label.voter select', 'anvil:7');
  const voteButton = page.getByRole('button', { name: 'Vote fraud' }).first();
  await voteButton.waitFor({ timeout: timeoutMs });
  const row = page.locator('tr', { has: voteButton });
  const disputeRow = await row.getAttribute('data-testid');
  await voteButton.click();
  const pageRow = page.locator(`[data-testid="${disputeRow}"]`);
  await pageRow.getByText('committed', { exact: true }).waitFor({ timeout: timeoutMs });
  console.log(`${disputeRow}: vote committed from the page`);
  await pageRow.getByRole('button', { name: 'Reveal my vote' }).click({ timeout: timeoutMs });
  // The indexer saw VoteRevealed for this voter: the vote is on chain.
  await pageRow.getByText('revealed: fraud').waitFor({ timeout: timeoutMs });
  console.log(`${disputeRow}: vote revealed from the page and read back from the chain`);
  await page.screenshot({ path: path.join(results, 'dashboard-vote.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(results, 'dashboard-phone.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) fail(`the page scrolls sideways by ${overflow} px at phone width`);

  if (consoleErrors.length) fail(`console errors:\n${consoleErrors.join('\n')}`);
  console.log(`pass; screenshots in ${results}`);
  process.exitCode = 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  for (const c of cleanups) await c();
  // Nothing may keep the process alive once the checks are done (the chain's stderr pipe, a socket).
  process.exit(process.exitCode ?? 1);
}
