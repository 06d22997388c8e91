// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MNIST_SAMPLES, samplePixels } from '../model/mnistSamples';
import { refBackend } from '@veritrain/engine';
import { fixtureFromCheckpoint, genesisAt, GPT_SPEC, scriptedGateway, templateMlp } from '../model/testing/runFixture';
import { wasmEngine } from '../model/testing/wasmEngine';
import { ModelPanel as Panel, type ModelPanelProps } from './ModelPanel';

// The page's default: the wasm backend (the module read from engine/wasm here; a page fetches it).
const ModelPanel = (props: ModelPanelProps) => <Panel loadEngine={wasmEngine} {...props} />;

afterEach(cleanup);

const GW = 'http://127.0.0.1:5174';
// Real checkpoints, made without datasets (happy-dom cannot load them): a template-matching MLP that knows the ten
// sample digits, and a gpt at its initial weights.
const template = templateMlp(MNIST_SAMPLES.map(samplePixels), 40);
const mnist = fixtureFromCheckpoint(template.spec, template.checkpoint, 40);
const gpt = fixtureFromCheckpoint(GPT_SPEC, genesisAt(GPT_SPEC, 2), 2);

describe('ModelPanel', () => {
  it('says how to enable it when no gateway is configured', () => {
    render(<ModelPanel run={mnist.run} submissions={[mnist.submission]} />);
    expect(screen.getByTestId('model-status').textContent).toContain('No IPFS gateway is configured');
    expect(screen.getByTestId('model-status').textContent).toContain('VITE_IPFS_GATEWAY=http://127.0.0.1:5174');
    expect(screen.queryByTestId('model-load')).toBeNull();
  });

  it('waits for a checkpoint, then offers the newest final one, else the newest pending one labelled so', () => {
    const { unmount } = render(<ModelPanel run={mnist.run} submissions={[]} gatewayUrl={GW} />);
    expect(screen.getByTestId('model-status').textContent).toContain('No checkpoint to try yet');
    unmount();
    const pending = { ...mnist.submission, id: 4, firstStep: 41, lastStep: 44, status: 'pending' as const };
    const invalid = { ...mnist.submission, id: 5, firstStep: 45, lastStep: 48, status: 'invalid' as const };
    const { unmount: u2 } = render(
      <ModelPanel run={mnist.run} submissions={[invalid, pending, mnist.submission]} gatewayUrl={GW} />,
    );
    expect(screen.getByTestId('model-load').textContent).toBe('Load the model at step 40 (submission #3, final)');
    u2();
    render(<ModelPanel run={mnist.run} submissions={[invalid, pending]} gatewayUrl={GW} />);
    expect(screen.getByTestId('model-load').textContent).toBe(
      'Load the model at step 44 (submission #4, pending: it may still be disputed)',
    );
  });

  it('loads an MNIST checkpoint, checks it, and shows the engine and TensorFlow.js agreeing on a picked test digit', async () => {
    const gw = scriptedGateway(mnist.files);
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[mnist.submission]}
        gatewayUrl={GW}
        fetchImpl={gw.fetchImpl}
        tfjsBackends={['cpu']}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    expect(screen.getByTestId('model-status').textContent).toContain('Loading the model code');
    const source = await screen.findByTestId('model-source', {}, { timeout: 10_000 });
    expect(source.textContent).toContain('Checkpoint of step 40 (submission #3, final), MLP 784-10-10');
    expect(source.textContent).toContain('equals the on-chain finalRoot');
    expect(screen.getByTestId('model-engine').textContent).toContain('Engine: wasm');
    expect(screen.getByTestId('model-prediction').textContent).toContain('Draw a digit or pick a test digit');

    const seven = MNIST_SAMPLES.findIndex((s) => s.label === 7);
    fireEvent.change(screen.getByTestId('model-sample'), { target: { value: String(seven) } });
    expect(screen.getByTestId('model-prediction').textContent).toMatch(
      /^Predicted: 7 \(\d+\.\d%, engine \(wasm\), exact VT-F32\)$/,
    );
    await waitFor(
      () => expect(screen.getByTestId('model-agreement').textContent).toBe('TensorFlow.js (cpu) agrees: 7.'),
      { timeout: 10_000 },
    );
    const rows = screen.getByTestId('model-probabilities').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(10);
    expect(rows[7]!.getAttribute('aria-current')).toBe('true');
  });

  it('offers the previous final checkpoint when the newest cannot be fetched (its worker left)', async () => {
    const older = { ...mnist.submission, id: 2, firstStep: 33, lastStep: 36 };
    const newest = { ...mnist.submission, id: 4, firstStep: 41, lastStep: 44, checkpointCid: 'bafkreigonemanifest000' };
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[newest, older]}
        gatewayUrl={GW}
        fetchImpl={scriptedGateway(mnist.files).fetchImpl}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    expect((await screen.findByTestId('model-error', {}, { timeout: 10_000 })).textContent).toContain(
      'the gateway has no submission manifest bafkreigonemanifest000 (HTTP 404)',
    );
    expect(screen.getByTestId('model-load-older').textContent).toBe(
      'Load the previous checkpoint: step 36 (submission #2, final)',
    );
  });

  it('times out on a slow checkpoint with a retry button that loads it once IPFS answers', async () => {
    let hang = true;
    const slow = scriptedGateway(mnist.files, { hang: [mnist.checkpointCid] });
    const fast = scriptedGateway(mnist.files);
    const fetchImpl = ((...args: Parameters<typeof fetch>) =>
      hang ? slow.fetchImpl(...args) : fast.fetchImpl(...args)) as typeof fetch;
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[mnist.submission]}
        gatewayUrl={GW}
        fetchImpl={fetchImpl}
        timeoutMs={100}
        tfjsBackends={['cpu']}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain(`the checkpoint ${mnist.checkpointCid} did not arrive within 0 s from ${GW}`);
    expect(alert.textContent).toContain('trying again often works');
    hang = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('model-source', {}, { timeout: 10_000 })).textContent).toContain('step 40');
  });

  it('refuses a checkpoint that does not match the on-chain finalRoot, naming its CID', async () => {
    const files = new Map(mnist.files);
    const bytes = mnist.checkpoint.slice();
    bytes[100] = bytes[100]! ^ 0xff;
    files.set(mnist.checkpointCid, bytes);
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[mnist.submission]}
        gatewayUrl={GW}
        fetchImpl={scriptedGateway(files).fetchImpl}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    const alert = await screen.findByTestId('model-error', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain(`the checkpoint ${mnist.checkpointCid} has stateRoot`);
    expect(alert.textContent).toContain('not what the chain committed to');
    expect(screen.queryByTestId('model-source')).toBeNull();
  });

  it('reports a gateway that is down', async () => {
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[mnist.submission]}
        gatewayUrl={GW}
        fetchImpl={scriptedGateway(mnist.files, { down: true }).fetchImpl}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    const alert = await screen.findByTestId('model-error', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain(`could not reach the IPFS gateway ${GW}`);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('generates text from a gpt checkpoint, greedily by keyboard-submitted form', async () => {
    render(
      <ModelPanel
        run={gpt.run}
        submissions={[gpt.submission]}
        gatewayUrl={GW}
        fetchImpl={scriptedGateway(gpt.files).fetchImpl}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    expect((await screen.findByTestId('model-source', {}, { timeout: 10_000 })).textContent).toContain(
      'GPT 1 layers, 16 wide',
    );
    fireEvent.change(screen.getByTestId('model-prompt'), { target: { value: 'And God said' } });
    fireEvent.change(screen.getByLabelText(/Temperature/), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText(/Characters/), { target: { value: '16' } });
    fireEvent.submit(screen.getByTestId('model-generate').closest('form')!);
    await waitFor(() => expect(screen.getByTestId('model-generate').textContent).toBe('Generate'), { timeout: 10_000 });
    const out = screen.getByTestId('model-generated');
    expect(out.textContent!.startsWith('And God said')).toBe(true);
    expect(out.querySelector('strong')!.textContent).toHaveLength(16);

    fireEvent.change(screen.getByTestId('model-prompt'), { target: { value: 'price: $5' } });
    fireEvent.submit(screen.getByTestId('model-generate').closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'character "$" at position 8 is not in this model\'s 73-character vocabulary',
    );
  });

  it('falls back to the ref backend where wasm cannot load, and says so', async () => {
    const loadEngine = async () => ({
      name: 'ref' as const,
      backend: refBackend,
      fallbackReason:
        'the wasm module at http://x/vtf32.wasm did not compile or instantiate (does this runtime have WebAssembly SIMD?): CompileError',
    });
    render(
      <ModelPanel
        run={mnist.run}
        submissions={[mnist.submission]}
        gatewayUrl={GW}
        fetchImpl={scriptedGateway(mnist.files).fetchImpl}
        tfjsBackends={['cpu']}
        loadEngine={loadEngine}
      />,
    );
    fireEvent.click(screen.getByTestId('model-load'));
    const engine = await screen.findByTestId('model-engine', {}, { timeout: 10_000 });
    expect(engine.textContent).toBe(
      'Engine: ref (wasm unavailable: the wasm module at http://x/vtf32.wasm did not compile or instantiate (does this runtime have WebAssembly SIMD?): CompileError). The results are the same bits, only slower.',
    );
    fireEvent.change(screen.getByTestId('model-sample'), {
      target: { value: String(MNIST_SAMPLES.findIndex((s) => s.label === 7)) },
    });
    expect(screen.getByTestId('model-prediction').textContent).toMatch(
      /^Predicted: 7 \(\d+\.\d%, engine \(ref\), exact VT-F32\)$/,
    );
  });
});
