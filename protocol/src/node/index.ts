export { readDeployment } from './deployment';
export { startAnvil, type AnvilInstance } from './anvil';
export { deployContracts, type DeployContractsParameters } from './deploy';
