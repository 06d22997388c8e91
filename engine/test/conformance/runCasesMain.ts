// Child-process entry of the two-process conformance test: runs the named golden cases (specs given as
// JSON on stdin) with the node:crypto stateRoot and prints their records as JSON on stdout.
import { readFileSync } from 'node:fs';
import { stateRootNode } from '../../src/checkpoint/stateRoot.node.js';
import type { RunSpec } from '../../src/spec/runSpec';
import { runCase } from './stepCases';

const cases = JSON.parse(readFileSync(0, 'utf8')) as { name: string; spec: RunSpec }[];
process.stdout.write(`${JSON.stringify(cases.map((c) => runCase(c.name, c.spec, stateRootNode)))}\n`);
