import { defineConfig } from '@wagmi/cli';
import { foundry } from '@wagmi/cli/plugins';

// Typed ABIs (`as const`) generated from the forge artifacts in ../out. `npm run abis -w protocol` rewrites
// src/generated/abis.ts; a test regenerates into a temp file (VERITRAIN_ABI_OUT) and fails when they differ.
export default defineConfig({
  out: process.env.VERITRAIN_ABI_OUT ?? 'src/generated/abis.ts',
  plugins: [
    foundry({
      project: '..',
      artifacts: 'out',
      include: ['Coordinator.json', 'DisputeCourt.json', 'RewardToken.json'],
      forge: { build: false },
    }),
  ],
});
