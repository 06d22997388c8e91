// `npm start`: the local devnet (anvil, the contracts, a demo run, the IPFS hub and every node as a child
// process). The orchestrator lives in the devnet workspace; docs/devnet.md.
import { main } from '@veritrain/devnet/main';

process.exitCode = await main(process.argv.slice(2));
