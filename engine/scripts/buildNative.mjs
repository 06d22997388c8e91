// Builds the engine's Node-API addons with node-gyp against the installed Node's headers, offline, at
// `npm install`: the native backend (engine/native, C) and the CUDA backend's host side (engine/cuda, C++:
// it opens the NVIDIA driver at run time and needs no CUDA toolkit). Never fails the install: without a
// compiler (or on any build error) it says so in one line, and at run time `auto` skips what is missing.
//   node scripts/buildNative.mjs [--force]      (npm run build:native -w engine = --force)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// VERITRAIN_NATIVE_DIR builds a copy of the native addon elsewhere (the install-fallback test uses it on a
// scratch copy); that run builds only that addon.
const ADDONS = process.env.VERITRAIN_NATIVE_DIR
  ? [{ label: 'native backend', dir: process.env.VERITRAIN_NATIVE_DIR, file: 'vtf32.node', fallback: 'wasm or ref' }]
  : [
      {
        label: 'native backend',
        dir: fileURLToPath(new URL('../native/', import.meta.url)),
        file: 'vtf32.node',
        fallback: 'wasm or ref',
      },
      {
        label: 'CUDA backend',
        dir: fileURLToPath(new URL('../cuda/', import.meta.url)),
        file: 'vtcuda.node',
        fallback: 'the CPU backends',
      },
    ];
const force = process.argv.includes('--force');
const log = (line) => console.error(`veritrain engine: ${line}`);

function fingerprint(nativeDir) {
  const h = createHash('sha256');
  h.update(`${process.version} ${process.platform} ${process.arch}\n`);
  for (const f of [
    'binding.gyp',
    ...readdirSync(join(nativeDir, 'src'))
      .sort()
      .map((n) => join('src', n)),
  ]) {
    h.update(`${f}\n`).update(readFileSync(join(nativeDir, f)));
  }
  return h.digest('hex');
}

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp in scripts), else the one bundled with npm. */
function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath)
    candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  );
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package: the npm copies above are enough
  }
  return candidates.find((c) => c && existsSync(c));
}

/** The installed Node's headers (node-gyp would otherwise try to download them). */
function nodeDir() {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function buildAddon({ label, dir: nativeDir, file, fallback }) {
  const addon = join(nativeDir, 'build', 'Release', file);
  const stampPath = join(nativeDir, 'build', 'veritrain-stamp.json');
  const print = fingerprint(nativeDir);
  if (
    !force &&
    existsSync(addon) &&
    existsSync(stampPath) &&
    JSON.parse(readFileSync(stampPath, 'utf8')).fingerprint === print
  ) {
    log(`the ${label} is up to date`);
    return;
  }
  const gyp = nodeGyp();
  const dir = nodeDir();
  const missing = !gyp
    ? 'node-gyp was not found'
    : !dir
      ? `no Node headers under ${dirname(dirname(process.execPath))}/include/node`
      : null;
  if (missing) {
    log(`the ${label} was not built (${missing}); the engine will use ${fallback}`);
    return;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${dir}`, '--loglevel=warn'], {
    cwd: nativeDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true' },
  });
  if (r.status !== 0 || !existsSync(addon)) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
    const firstError =
      output.find((l) => /error|not found|No such file/i.test(l)) ?? output.at(-1) ?? String(r.error ?? r.status);
    log(`the ${label} was not built (node-gyp failed: ${firstError.trim()}); the engine will use ${fallback}`);
    if (force) {
      console.error(output.join('\n'));
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(stampPath, `${JSON.stringify({ fingerprint: print, builtAt: new Date().toISOString() })}\n`);
  log(`built the ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s (${addon})`);
}

function main() {
  if (process.env.VERITRAIN_SKIP_NATIVE_BUILD === '1') {
    log('VERITRAIN_SKIP_NATIVE_BUILD=1: the native backend was not built (nor the CUDA addon)');
    return;
  }
  for (const a of ADDONS) buildAddon(a);
}

main();
