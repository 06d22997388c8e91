// Helpers for the nodes' end-to-end tests (Node only): `@veritrain/node-core/testing`.
export { freeLoopbackPort, spawnNodeProcess, type NodeProcess } from './spawnNodeProcess';
