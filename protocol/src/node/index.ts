export { readDeployment } from './deployment';
export { assertPortFree, startAnvil, type AnvilInstance } from './anvil';
export { deployContracts, type DeployContractsParameters } from './deploy';
export { readRegularFile, type ReadRegularFileOptions } from './readRegularFile';
export { foundryBinary } from './foundry';
