#!/usr/bin/env node
// The repository's structural checks, run first by `npm test` (`npm run check`):
// 1. every package (each workspace and the root) declares in its own package.json every package its code
//    imports and every tool its scripts run, so nothing works only because npm hoisted it;
// 2. no package reaches into another by relative path (`../../engine/src/…`), and a `@veritrain/*` import names
//    a subpath the target's `exports` lists;
// 3. a dependency that several packages declare has one version spec everywhere (one copy installed);
// 4. nothing refers to a design document outside the repository (docs/architecture.md is the design).
// Plain Node, no dependencies beyond the TypeScript compiler the repo already has. Exit 1 with one line per finding.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');
const self = fileURLToPath(import.meta.url);

const CODE = /\.(?:[cm]?[jt]s|tsx)$/;
const TEXT = /\.(?:[cm]?[jt]s|tsx|sol|md|json|ya?ml|graphql|sh|c|h|cu|toml)$/;
// Never scanned: installed or generated trees. A folder with its own package.json that is not a workspace (the
// storage tests' Kubo peer) is a package of its own: its files belong to no workspace and hold no code of ours.
const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'out',
  'cache',
  'dist',
  'build',
  'coverage',
  'generated',
  'test-results',
  '.veritrain',
  'broadcast',
]);
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const rootManifest = readJson(join(root, 'package.json'));
const workspaces = rootManifest.workspaces.map((w) => ({
  dir: join(root, w),
  manifest: readJson(join(root, w, 'package.json')),
}));
const packages = [...workspaces, { dir: root, manifest: rootManifest, isRoot: true }];
const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const findings = [];
// Looked up on purpose without being declared: engine's install script tries npm's own node-gyp first and
// this copy last, when one happens to be installed (it is not a dependency: npm ships node-gyp).
const UNDECLARED_ON_PURPOSE = { '@veritrain/engine': new Set(['node-gyp']) };

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function* files(dir, filter, { stopAtPackages = false } = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) continue;
      if (stopAtPackages && existsSync(join(path, 'package.json'))) continue;
      yield* files(path, filter, { stopAtPackages });
    } else if (entry.isFile() && filter.test(entry.name)) yield path;
  }
}

/** The files that belong to a package: its folder, minus nested packages (workspaces, the storage test peer). */
function packageFiles(pkg, filter) {
  if (!pkg.isRoot) return [...files(pkg.dir, filter, { stopAtPackages: true })];
  // The root owns what sits outside every workspace folder: tools/, the top-level config files.
  const wsDirs = new Set(workspaces.map((w) => w.dir));
  const out = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory() && !wsDirs.has(path) && !SKIP_DIRS.has(entry.name))
      out.push(...files(path, filter, { stopAtPackages: true }));
    else if (entry.isFile() && filter.test(entry.name)) out.push(path);
  }
  return out;
}

function specifiers(path) {
  const text = readFileSync(path, 'utf8');
  const found = new Set(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName));
  // require.resolve of a package path and `typeof import(…)` in types are imports too.
  for (const m of text.matchAll(/\b(?:require\.resolve|import)\(\s*['"]([^'"\s]+)['"]\s*\)/g)) found.add(m[1]);
  // createRequire(…).resolve of a package path, and any @veritrain/… string (a bin or main resolved later).
  for (const m of text.matchAll(/\.resolve\(\s*['"]([@a-z][^'"\s]*)['"]\s*\)/g)) found.add(m[1]);
  for (const m of text.matchAll(/['"](@veritrain\/[a-z-]+(?:\/[\w./-]+)?)['"]/g)) found.add(m[1]);
  return [...found];
}

/** Paths to another workspace's sources written as strings (a script spawned by path, a new URL('../../x/src/…')). */
function pathsIntoOtherSources(path, pkg) {
  const text = readFileSync(path, 'utf8');
  const out = [];
  for (const m of text.matchAll(/['"`]((?:\.\.\/)+[\w.-][^'"`\s]*|[a-z-]+\/src\/[^'"`\s]*)['"`]/g)) {
    const literal = m[1];
    const target = literal.startsWith('.') ? resolve(dirname(path), literal) : join(root, literal);
    const owner = workspaces.find((w) => (target + sep).startsWith(join(w.dir, 'src') + sep));
    if (owner !== undefined && owner.dir !== pkg.dir) out.push(literal);
  }
  return out;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function declared(manifest) {
  return new Set(
    ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((k) =>
      Object.keys(manifest[k] ?? {}),
    ),
  );
}

function exportsSubpath(target, subpath) {
  const exp = target.manifest.exports;
  if (exp === undefined) return true;
  if (typeof exp === 'string') return subpath === '.';
  return Object.keys(exp).some(
    (key) => key === subpath || (key.includes('*') && subpath.startsWith(key.slice(0, key.indexOf('*')))),
  );
}

// tool name -> the package that installs it, from node_modules/.bin (the links npm made).
const binOwner = new Map();
const binDir = join(root, 'node_modules', '.bin');
if (existsSync(binDir)) {
  for (const bin of readdirSync(binDir)) {
    try {
      const target = resolve(binDir, readlinkSync(join(binDir, bin)));
      const rel = relative(join(root, 'node_modules'), target).split(sep);
      binOwner.set(bin, rel[0].startsWith('@') ? `${rel[0]}/${rel[1]}` : rel[0]);
    } catch {
      // not a link (a shim npm wrote): skip
    }
  }
}

for (const pkg of packages) {
  const name = pkg.manifest.name;
  const own = declared(pkg.manifest);
  const where = (path) => relative(root, path);

  for (const path of packageFiles(pkg, CODE)) {
    if (path === self) continue; // its patterns and examples are data
    for (const literal of pathsIntoOtherSources(path, pkg)) {
      findings.push(
        `${where(path)}: names '${literal}', inside another package's src/: resolve it through that package's exports`,
      );
    }
    for (const spec of specifiers(path)) {
      if (BUILTINS.has(spec) || spec.startsWith('node:')) continue;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolve(dirname(path), spec);
        if (!pkg.isRoot && !(target + sep).startsWith(pkg.dir + sep)) {
          findings.push(
            `${where(path)}: imports '${spec}', outside ${name}: import the package by its name and exports`,
          );
        } else if (pkg.isRoot && workspaces.some((w) => (target + sep).startsWith(w.dir + sep))) {
          findings.push(
            `${where(path)}: imports '${spec}', inside a workspace: import the package by its name and exports`,
          );
        }
        continue;
      }
      if (spec.startsWith('virtual:') || spec.startsWith('data:')) continue;
      const dep = packageNameOf(spec);
      if (dep === name) continue;
      if (!own.has(dep) && !UNDECLARED_ON_PURPOSE[name]?.has(dep)) {
        findings.push(`${where(path)}: imports '${spec}' but ${name} does not declare ${dep}`);
      }
      const target = byName.get(dep);
      if (target !== undefined) {
        const subpath = spec === dep ? '.' : `.${spec.slice(dep.length)}`;
        if (!exportsSubpath(target, subpath))
          findings.push(`${where(path)}: imports '${spec}', which ${dep}'s exports do not list`);
      }
    }
  }

  for (const [script, line] of Object.entries(pkg.manifest.scripts ?? {})) {
    for (const command of line.split(/&&|\|\||;|\|/)) {
      const words = command
        .trim()
        .split(/\s+/)
        .filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
      const tool = words[0] === 'npx' ? words[1] : words[0];
      const owner = tool === undefined ? undefined : binOwner.get(tool);
      if (owner !== undefined && !own.has(owner))
        findings.push(`${name} script '${script}' runs ${tool} but does not declare ${owner}`);
    }
  }
}

// One version spec per dependency across the packages.
const specs = new Map();
for (const pkg of packages) {
  for (const kind of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [dep, spec] of Object.entries(pkg.manifest[kind] ?? {})) {
      if (byName.has(dep)) continue;
      if (!specs.has(dep)) specs.set(dep, new Map());
      specs.get(dep).set(pkg.manifest.name, spec);
    }
  }
}
for (const [dep, by] of specs) {
  if (new Set(by.values()).size > 1)
    findings.push(`${dep} has different version specs: ${[...by].map(([p, s]) => `${p} ${s}`).join(', ')}`);
}

// The design lives in the repository.
for (const path of files(root, TEXT)) {
  if (path === self) continue;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (/\bDESIGN\b|DESIGN\.md|shared\/DESIGN/.test(text)) {
      findings.push(
        `${relative(root, path)}:${i + 1}: refers to a design document outside the repository: cite docs/architecture.md (or the doc that holds it)`,
      );
    }
  });
}

if (findings.length > 0) {
  for (const f of findings) console.error(f);
  console.error(`check-workspaces: ${findings.length} finding(s)`);
  process.exitCode = 1;
} else {
  console.log(
    `check-workspaces: ${packages.length} packages declare what they import and run; no design document outside the repo`,
  );
}
