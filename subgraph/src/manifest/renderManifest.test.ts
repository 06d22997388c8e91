import { describe, expect, it } from 'vitest';
import { coordinatorAbi, disputeCourtAbi } from '@veritrain/protocol';
import { renderManifest } from './renderManifest';

const deployment = {
  coordinator: '0x00000000000000000000000000000000000000c0',
  court: '0x00000000000000000000000000000000000000c1',
  startBlock: 42n,
} as const;

describe('renderManifest', () => {
  const yaml = renderManifest({ deployment, network: 'my-net' });

  it('lists a handler for every event of both contracts', () => {
    const names = [...coordinatorAbi, ...disputeCourtAbi].filter((i) => i.type === 'event').map((i) => i.name);
    for (const name of names) expect(yaml).toContain(`handler: handle${name}\n`);
    expect(yaml.match(/handler: /g)).toHaveLength(names.length);
  });

  it('fills in the network, the addresses and the start block', () => {
    expect(yaml.match(/network: my-net/g)).toHaveLength(2);
    expect(yaml).toContain(`address: "${deployment.coordinator}"`);
    expect(yaml).toContain(`address: "${deployment.court}"`);
    expect(yaml.match(/startBlock: 42\n/g)).toHaveLength(2);
  });
});
