// Everything "Try the model" runs, behind one dynamic import(): the engine, the checks and the samples load only
// when a watcher asks for a model. TensorFlow.js is a second, separate chunk (loadTfjsMlp).

// The engine's own dependencies, named here so that the dev server's dependency scan sees them at start: found
// only when the chunk is first imported, they make `vite` re-optimize and reload the page under the watcher's
// click. Side-effect free, so a production build drops these lines.
import '@noble/hashes/sha2.js';
import '@noble/hashes/sha3';
import '@noble/hashes/utils';
export { loadRunModel, type LoadedModel, type LoadStage, type LoadRunModelParameters } from './loadRunModel';
export { loadEngineBackend, chooseEngineBackend, describeEngineBackend, type EngineBackend } from './engineBackend';
export { engineClassify, pixelsToInput, type Classification } from './engineClassify';
export { generateText, encodePrompt, nextTokenLogits, type GenerateTextParameters } from './generateText';
export { MNIST_SAMPLES, samplePixels, type MnistSample } from './mnistSamples';
export { inkToMnist, MNIST_SIDE } from './inkToMnist';
// The panel's model-specific parts ride in this chunk too: nobody needs them before a model is loaded.
export { DigitTry } from './DigitTry';
export { TextTry } from './TextTry';

/** The tfjs MLP, in its own chunk. */
export const loadTfjsMlp = () => import('./tfjsMlp');
