// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console2} from "forge-std/Script.sol";
import {RewardToken} from "../src/RewardToken.sol";
import {Coordinator} from "../src/Coordinator.sol";
import {DisputeCourt} from "../src/DisputeCourt.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";
import {IRewardToken} from "../src/interfaces/IRewardToken.sol";

/// @notice Deploys RewardToken, Coordinator and DisputeCourt, wires them, and writes the addresses and the
///         start block to deployments/<chainId>.json (or $VERITRAIN_DEPLOYMENT_FILE) for the TypeScript packages.
/// @dev Usage (anvil): forge script contracts/script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 \
///        --broadcast --private-key $KEY
///      Every parameter has an env override (VERITRAIN_*); defaults suit a devnet (short windows).
///      VERITRAIN_GENESIS_ACCOUNTS (comma-separated) each receive VERITRAIN_GENESIS_AMOUNT tokens, so the
///      devnet has validators able to stake from the first block.
contract Deploy is Script {
    struct Deployment {
        RewardToken token;
        Coordinator coordinator;
        DisputeCourt court;
        uint256 startBlock;
    }

    function run() external returns (Deployment memory d) {
        address deployer = msg.sender;
        address treasury = vm.envOr("VERITRAIN_TREASURY", deployer);
        address[] memory genesis = vm.envOr("VERITRAIN_GENESIS_ACCOUNTS", ",", _anvilAccounts());
        uint256 genesisAmount = vm.envOr("VERITRAIN_GENESIS_AMOUNT", uint256(1_000_000 ether));
        uint256[] memory amounts = new uint256[](genesis.length);
        for (uint256 i = 0; i < genesis.length; ++i) {
            amounts[i] = genesisAmount;
        }

        ICoordinator.Params memory params = ICoordinator.Params({
            expirySlashBps: uint16(vm.envOr("VERITRAIN_EXPIRY_SLASH_BPS", uint256(1_000))),
            keeperRewardBps: uint16(vm.envOr("VERITRAIN_KEEPER_REWARD_BPS", uint256(5_000))),
            challengerRewardBps: uint16(vm.envOr("VERITRAIN_CHALLENGER_REWARD_BPS", uint256(5_000))),
            workerRewardBps: uint16(vm.envOr("VERITRAIN_WORKER_REWARD_BPS", uint256(5_000))),
            treasury: treasury
        });
        IDisputeCourt.CourtParams memory courtParams = IDisputeCourt.CourtParams({
            commitDuration: uint40(vm.envOr("VERITRAIN_COMMIT_DURATION_S", uint256(60))),
            revealDuration: uint40(vm.envOr("VERITRAIN_REVEAL_DURATION_S", uint256(60))),
            unbondingDelay: uint40(vm.envOr("VERITRAIN_UNBONDING_DELAY_S", uint256(600))),
            quorumBps: uint16(vm.envOr("VERITRAIN_QUORUM_BPS", uint256(3_000))),
            penaltyBps: uint16(vm.envOr("VERITRAIN_PENALTY_BPS", uint256(1_000))),
            treasury: treasury
        });

        d.startBlock = block.number;
        vm.startBroadcast();
        d.token = new RewardToken(deployer, genesis, amounts);
        d.coordinator = new Coordinator(deployer, IRewardToken(address(d.token)), params);
        d.court = new DisputeCourt(deployer, d.token, d.coordinator, courtParams);
        d.coordinator.setCourt(d.court);
        d.token.grantRole(d.token.MINTER_ROLE(), address(d.coordinator));
        vm.stopBroadcast();

        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeUint(key, "startBlock", d.startBlock);
        vm.serializeAddress(key, "deployer", deployer);
        vm.serializeAddress(key, "token", address(d.token));
        vm.serializeAddress(key, "court", address(d.court));
        string memory json = vm.serializeAddress(key, "coordinator", address(d.coordinator));
        string memory path = vm.envOr(
            "VERITRAIN_DEPLOYMENT_FILE",
            string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(json, path);
        console2.log("deployment written to", path);
    }

    /// @dev The first ten accounts of anvil's default mnemonic (devnet only).
    function _anvilAccounts() internal pure returns (address[] memory a) {
        string memory mnemonic = "test test test test test test test test test test test junk";
        a = new address[](10);
        for (uint32 i = 0; i < 10; ++i) {
            a[i] = vm.addr(vm.deriveKey(mnemonic, i));
        }
    }
}
