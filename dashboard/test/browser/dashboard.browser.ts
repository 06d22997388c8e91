// npm run test:browser -w dashboard   (also run by .ci/run)
// The dashboard in a real browser (Debian's chromium driven by playwright-core) against the REAL devnet, started
// the way `npm start` starts it (tools/devnet.ts: anvil, the forge deploy, the demo MNIST run, the IPFS hub,
// validators, a fraud-proofer, an adversarial and honest workers, the dashboard's dev server). It checks what a
// newcomer would look for:
//   - the step count rises without a reload;
//   - the adversary's fraud shows up as a dispute, and a vote cast from the page (as the devnet's page voter,
//     anvil account 9) is committed and revealed on chain, read back by the page's indexer;
//   - the dispute resolves Fraud and the submission shows invalid; the page voter settles its ballot and
//     withdraws the ETH it earned from the page;
//   - "Try the model" loads the newest checkpoint through the hub's gateway, checks it against the chain, and the
//     engine (on the wasm backend) and TensorFlow.js classify a test digit alike;
//   - "Verify" re-executes the adversary's submission in the page (a Web Worker, wasm) and shows its corrupted step
//     differing from the commitment, and an honest submission matching it;
//   - the page does not scroll sideways at phone width and logs no console errors.
// Screenshots and the devnet's output go to dashboard/test-results/. Exit code 0 = pass.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const dashboardRoot = path.resolve(import.meta.dirname, '../..');
const repoRoot = path.resolve(dashboardRoot, '..');
const results = path.join(dashboardRoot, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const stepTimeoutMs = 180_000;
const pageVoter = 9;

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

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (message: string) => console.log(`[browser-test +${since()}] ${message}`);

if (!existsSync(chromiumPath)) fail(`no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
mkdirSync(results, { recursive: true });

const [rpcPort, webPort] = [await freePort(), await freePort()];
const tag = `browser-test-${process.pid}`;
const dataDir = path.join('.veritrain', tag);
const deploymentFile = path.join('deployments', `${tag}.json`);
const devnetLog = path.join(results, 'devnet.log');
const logStream = createWriteStream(devnetLog);
// node itself (not npm) so that SIGINT reaches the devnet, which stops its children in order.
const devnet = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'tools/devnet.ts',
    '--port',
    String(rpcPort),
    '--dashboard-port',
    String(webPort),
    '--metrics-base-port',
    '0',
    '--ipfs-gateway-port',
    '0',
    '--data-dir',
    dataDir,
    '--deployment-file',
    deploymentFile,
    '--log-format',
    'json',
    '--steps',
    '64',
    // A longer commit phase than npm start's: on a loaded 2-core CI machine the dev server's first page load
    // can take a while, and the page must still be in time to commit.
    '--commit-duration-s',
    '60',
    '--reveal-duration-s',
    '30',
    '--grace-ms',
    '10000',
  ],
  { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
);
let devnetOut = '';
const onOutput = (d: Buffer) => {
  devnetOut = (devnetOut + d.toString()).slice(-200_000);
  logStream.write(d);
};
devnet.stdout.on('data', onOutput);
devnet.stderr.on('data', onOutput);
const devnetExit = new Promise<number | null>((resolve) => devnet.once('exit', (code) => resolve(code)));

const cleanups: (() => Promise<void> | void)[] = [
  async () => {
    if (devnet.exitCode !== null || devnet.signalCode !== null) return;
    devnet.kill('SIGINT');
    const code = await Promise.race([
      devnetExit,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);
    if (code === 'timeout') devnet.kill('SIGKILL');
    else say(`devnet stopped (exit ${code})`);
  },
  () => {
    rmSync(path.join(repoRoot, deploymentFile), { force: true });
    rmSync(path.join(repoRoot, dataDir), { recursive: true, force: true });
  },
];

async function waitForDevnet(): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (!devnetOut.includes('[devnet] ready')) {
    if (devnet.exitCode !== null)
      fail(`the devnet exited (${devnet.exitCode}) before it was ready:\n${devnetOut.slice(-4000)}`);
    if (Date.now() > deadline) fail(`the devnet was not ready within 240 s:\n${devnetOut.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tipStep = async (page: Page) =>
  Number((await page.textContent('[data-testid="tip-step"]'))?.replace(/\D/g, '') ?? NaN);

try {
  say(
    `starting the devnet (anvil :${rpcPort}, dashboard :${webPort}); its output: ${path.relative(repoRoot, devnetLog)}`,
  );
  await waitForDevnet();
  say('devnet ready');

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  cleanups.unshift(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(stepTimeoutMs);
  const consoleErrors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${webPort}/`);

  // Vote as the devnet's page voter before the dispute opens, so the page is ready during the commit phase.
  await page.waitForSelector('label.voter select');
  await page.selectOption('label.voter select', `anvil:${pageVoter}`);

  await page.waitForSelector('[data-testid="tip-step"]');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="tip-step"]')?.textContent ?? ''));
  const first = await tipStep(page);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="tip-step"]')?.textContent?.replace(/\D/g, '')) > n,
    first,
  );
  const later = await tipStep(page);
  say(`step count rose without a reload: ${first} → ${later}`);
  await page.screenshot({ path: path.join(results, 'dashboard-live.png') });

  const dispute = page.locator('[data-testid="dispute-1"]');
  await dispute.waitFor();
  say(`dispute appeared: ${(await dispute.textContent())?.replace(/\s+/g, ' ').slice(0, 160)}`);
  await dispute.getByRole('button', { name: 'Vote fraud' }).click();
  await dispute.getByText('committed', { exact: true }).waitFor();
  say(`dispute 1: vote committed from the page as anvil account ${pageVoter}`);
  await dispute.getByRole('button', { name: 'Reveal my vote' }).click();
  // The indexer read VoteRevealed for this voter back from the chain: the vote is on chain.
  await dispute.getByText('revealed: fraud').waitFor();
  say('dispute 1: vote revealed from the page and read back from the chain');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="dispute-1"]')?.textContent?.includes('fraud: submission invalidated'),
  );
  const invalid = await page.locator('[data-testid^="submission-"] .pill-invalid').count();
  if (invalid < 1) fail('the dispute resolved Fraud but no submission shows invalid');
  say(`dispute 1 resolved: fraud; ${invalid} submission(s) shown invalid`);

  // The page voter settles its ballot (in the majority: paid in tokens and ETH) and withdraws the ETH.
  await dispute.getByRole('button', { name: 'Settle' }).click();
  const settledText = (await dispute.getByTestId('ballot-settled').textContent()) ?? '';
  if (!/^settled: \+[\d.]+ VTR, \+[\d.]+ ETH$/.test(settledText) || /\+0 ETH/.test(settledText))
    fail(`expected a majority settlement paying ETH, the page shows ${JSON.stringify(settledText)}`);
  say(`dispute 1: ballot settled from the page (${settledText})`);
  const credits = page.getByTestId('account-credits');
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="account-credits"]')?.textContent ?? '0 ETH') !== '0 ETH',
  );
  const owed = await credits.textContent();
  await page.getByTestId('account-card').getByRole('button', { name: 'Withdraw ETH' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="account-credits"]')?.textContent === '0 ETH');
  say(`withdrew ${owed} from the page; the account card reads 0 ETH owed`);
  await page.screenshot({ path: path.join(results, 'dashboard-dispute.png'), fullPage: true });

  // Training goes on past the redone steps.
  const afterVerdict = await tipStep(page);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="tip-step"]')?.textContent?.replace(/\D/g, '')) > n,
    afterVerdict,
  );
  say(`training goes on after the verdict: step ${afterVerdict} → ${await tipStep(page)}`);
  // The loss curve is drawn again with the redone steps (its canvas has a size).
  await page.waitForFunction(
    () => ((document.querySelector('.chart canvas') as HTMLCanvasElement | null)?.width ?? 0) > 0,
  );

  // Try the model: the newest checkpoint through the hub's gateway, checked against the chain, then one test
  // digit classified by the engine (exact VT-F32) and by TensorFlow.js, which must agree.
  await page.getByTestId('model-load').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="model-source"]')?.textContent?.includes('equals the on-chain finalRoot'),
  );
  say(`model loaded: ${(await page.getByTestId('model-source').textContent())?.replace(/\s+/g, ' ').slice(0, 160)}`);
  await page.getByTestId('model-sample').selectOption('7');
  const prediction = (await page.getByTestId('model-prediction').textContent()) ?? '';
  if (!/^Predicted: \d \(\d+\.\d%, engine \(wasm\), exact VT-F32\)$/.test(prediction))
    fail(`unexpected engine prediction ${JSON.stringify(prediction)}`);
  const engineLine = (await page.getByTestId('model-engine').textContent()) ?? '';
  if (!engineLine.startsWith('Engine: wasm'))
    fail(`the model panel does not report the wasm backend: ${JSON.stringify(engineLine)}`);
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="model-agreement"]')?.textContent ?? '';
    return t !== '' && !t.includes('computing');
  });
  const agreement = (await page.getByTestId('model-agreement').textContent()) ?? '';
  const predicted = await page.getByTestId('model-predicted-class').textContent();
  if (!new RegExp(`^TensorFlow\\.js \\((webgl|cpu)\\) agrees: ${predicted}\\.$`).test(agreement))
    fail(`the engine predicted ${predicted}, TensorFlow.js says ${JSON.stringify(agreement)}`);
  say(`model run in the page: ${prediction}; ${agreement}`);

  // Verify: the adversary's (invalidated) submission re-executed in the page from genesis on the checked MNIST
  // shards must show its corrupted step 2 differing from what it committed; an honest one must match step by step.
  const verifyStarted = Date.now();
  const summary = page.getByTestId('verify-summary');
  const adversaryRow = page.locator('[data-testid^="submission-"]', { has: page.locator('.pill-invalid') }).first();
  const adversaryId = ((await adversaryRow.getAttribute('data-testid')) ?? '').replace('submission-', '');
  await page.getByTestId(`verify-${adversaryId}`).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="verify-summary"], [data-testid="verify-error"]') !== null,
  );
  if (await page.getByTestId('verify-error').count())
    fail(`verifying submission #${adversaryId} failed: ${await page.getByTestId('verify-error').textContent()}`);
  const badSummary = (await summary.textContent()) ?? '';
  const step2 = (await page.getByTestId('verify-step-2').textContent()) ?? '';
  if (
    !badSummary.includes(`Submission #${adversaryId}, steps 1–4: ✗ step 2 differs from the commitment.`) ||
    !/^✗ step 2 differs: committed 0x[0-9a-f]{8}…[0-9a-f]{4} computed 0x[0-9a-f]{8}…[0-9a-f]{4}$/.test(step2)
  ) {
    fail(
      `verifying the adversary's submission #${adversaryId} should show step 2 differing; the page shows ${JSON.stringify(badSummary)} / ${JSON.stringify(step2)}`,
    );
  }
  if (!badSummary.includes('by the engine (wasm) in a Web Worker'))
    fail(`verification did not run on wasm in a worker: ${JSON.stringify(badSummary)}`);
  say(`verify #${adversaryId}: ${step2}`);
  // The newest live submission built on another one (so that its parent checkpoint is fetched and checked), else
  // the one the model came from.
  const honestSub =
    (await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid^="submission-"]'));
      const onParent = rows.find(
        (r) =>
          r.querySelector('.pill-final, .pill-pending') &&
          r.querySelectorAll('td')[4]?.textContent !== 'genesis' &&
          r.querySelector('[data-testid^="verify-"]'),
      );
      return onParent?.getAttribute('data-testid')?.replace('submission-', '');
    })) ?? /submission #(\d+)/.exec((await page.getByTestId('model-source').textContent()) ?? '')?.[1];
  await page.getByTestId(`verify-${honestSub}`).click();
  await page.waitForFunction(
    (id) =>
      document.querySelector('[data-testid="verify-summary"]')?.textContent?.startsWith(`Submission #${id},`) ||
      document.querySelector('[data-testid="verify-error"]') !== null,
    honestSub,
  );
  if (await page.getByTestId('verify-error').count())
    fail(`verifying submission #${honestSub} failed: ${await page.getByTestId('verify-error').textContent()}`);
  const goodSummary = (await summary.textContent()) ?? '';
  if (
    !/^Submission #\d+, steps \d+–\d+: ✓ all 4 steps match the commitment\. Re-executed here from (the genesis state|the checkpoint of submission #\d+) /.test(
      goodSummary,
    )
  )
    fail(`verifying the honest submission #${honestSub} should match; the page shows ${JSON.stringify(goodSummary)}`);
  say(
    `verify #${honestSub}: ${goodSummary.slice(0, 200)} (both in ${((Date.now() - verifyStarted) / 1000).toFixed(1)} s)`,
  );
  await page.screenshot({ path: path.join(results, 'dashboard-devnet.png'), fullPage: true });

  // Accessibility: axe-core's rules (WCAG 2.1 A/AA) on the whole page as it stands, every panel filled in, in the
  // light and the dark colour scheme.
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: Document,
              o: object,
            ): Promise<{
              violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
            }>;
          };
        }
      ).axe;
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
        first: JSON.stringify(v.nodes[0]?.target),
      }));
    });
    if (violations.length > 0)
      fail(
        `accessibility, ${colorScheme} scheme (axe-core, WCAG 2.1 A/AA):\n${violations.map((v) => `  ${v.impact} ${v.id}: ${v.help} (${v.nodes} element(s), first ${v.first})`).join('\n')}`,
      );
  }
  await page.emulateMedia({ colorScheme: 'light' });
  say('accessibility: no WCAG 2.1 A/AA violations found by axe-core, light or dark');

  // Keyboard: Tab from the top of the page reaches every enabled control (the first stop is the skip link).
  const controls = await page.evaluate(() => {
    const all = Array.from(
      document.querySelectorAll<HTMLElement>(
        'a[href], button, select, input, textarea, [tabindex]:not([tabindex="-1"])',
      ),
    );
    for (const [i, el] of all.entries()) el.setAttribute('data-kbd', String(i));
    return all
      .filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0)
      .map((el) => el.getAttribute('data-kbd')!);
  });
  // Start where a fresh page starts: before the first element of the body (a focusable-by-script marker there).
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
  });
  const reached: string[] = [];
  for (let i = 0; i < controls.length + 20; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.getAttribute('data-kbd') ?? null);
    if (at !== null && !reached.includes(at)) reached.push(at);
  }
  if (reached[0] !== '0' || (await page.locator('[data-kbd="0"]').getAttribute('class')) !== 'skip')
    fail('the first Tab stop is not the "Skip to content" link');
  const missed = controls.filter((c) => !reached.includes(c));
  if (missed.length > 0)
    fail(
      `controls Tab never reaches: ${(await Promise.all(missed.map((m) => page.locator(`[data-kbd="${m}"]`).evaluate((el) => el.outerHTML.slice(0, 100))))).join(', ')}`,
    );
  say(`keyboard: Tab reaches all ${controls.length} enabled controls, starting with the skip link`);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(results, 'dashboard-phone.png') });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) fail(`the page scrolls sideways by ${overflow} px at phone width`);

  if (consoleErrors.length) fail(`console errors:\n${consoleErrors.join('\n')}`);
  say(`pass; screenshots in ${path.relative(repoRoot, results)}`);
  process.exitCode = 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  console.error(`--- the devnet's last output (all of it in ${devnetLog}) ---\n${devnetOut.slice(-6000)}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups) {
    try {
      await c();
    } catch (err) {
      console.error(`cleanup: ${err instanceof Error ? err.message : err}`);
    }
  }
  logStream.end();
  // Nothing may keep the process alive once the checks are done (a pipe, a socket).
  process.exit(process.exitCode ?? 1);
}
