// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console2} from "forge-std/Script.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
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
///      Devnet (chain id 31337) only: every setting has a default suited to a devnet (short windows), the first
///      ten accounts of anvil's public mnemonic receive VERITRAIN_GENESIS_AMOUNT tokens each unless
///      VERITRAIN_GENESIS_ACCOUNTS says otherwise, and the deployer keeps every role.
///      Any other chain: nothing is defaulted. Every parameter, VERITRAIN_TREASURY, VERITRAIN_GENESIS_ACCOUNTS
///      with VERITRAIN_GENESIS_AMOUNTS (one amount per account) and the role holder must be given, or the script
///      refuses (MissingSetting). The role holder is VERITRAIN_ADMIN, or, with VERITRAIN_TIMELOCK_DELAY_S,
///      VERITRAIN_TIMELOCK_PROPOSERS and VERITRAIN_TIMELOCK_EXECUTORS, an OpenZeppelin TimelockController the
///      script deploys. The deployer hands every coordinator and court role over and renounces its own; the
///      token's admin role is renounced outright, so minting stays the coordinator's alone.
contract Deploy is Script {
    uint256 internal constant DEVNET_CHAIN_ID = 31337;

    error MissingSetting(string name, uint256 chainId);
    error InvalidSetting(string name);

    struct Deployment {
        RewardToken token;
        Coordinator coordinator;
        DisputeCourt court;
        TimelockController timelock; // zero unless one was deployed
        address admin; // holder of every role after the deployment
        uint256 startBlock;
    }

    function run() external returns (Deployment memory d) {
        // The broadcasting account (--sender / --private-key), whoever calls run.
        (, address deployer,) = vm.readCallers();
        bool devnet = block.chainid == DEVNET_CHAIN_ID;
        address treasury =
            devnet ? vm.envOr("VERITRAIN_TREASURY", deployer) : _requiredAddress("VERITRAIN_TREASURY");
        (address[] memory genesis, uint256[] memory amounts) = _genesis(devnet);
        ICoordinator.Params memory params = ICoordinator.Params({
            expirySlashBps: uint16(_uint("VERITRAIN_EXPIRY_SLASH_BPS", 1_000, devnet)),
            keeperRewardBps: uint16(_uint("VERITRAIN_KEEPER_REWARD_BPS", 5_000, devnet)),
            challengerRewardBps: uint16(_uint("VERITRAIN_CHALLENGER_REWARD_BPS", 5_000, devnet)),
            workerRewardBps: uint16(_uint("VERITRAIN_WORKER_REWARD_BPS", 5_000, devnet)),
            noVerdictFeeBps: uint16(_uint("VERITRAIN_NO_VERDICT_FEE_BPS", 2_000, devnet)),
            leaseCooldown: uint32(_uint("VERITRAIN_LEASE_COOLDOWN_S", 600, devnet)),
            treasury: treasury
        });
        IDisputeCourt.CourtParams memory courtParams = IDisputeCourt.CourtParams({
            commitDuration: uint40(_uint("VERITRAIN_COMMIT_DURATION_S", 60, devnet)),
            revealDuration: uint40(_uint("VERITRAIN_REVEAL_DURATION_S", 60, devnet)),
            unbondingDelay: uint40(_uint("VERITRAIN_UNBONDING_DELAY_S", 600, devnet)),
            quorumBps: uint16(_uint("VERITRAIN_QUORUM_BPS", 3_000, devnet)),
            penaltyBps: uint16(_uint("VERITRAIN_PENALTY_BPS", 1_000, devnet)),
            abstainPenaltyBps: uint16(_uint("VERITRAIN_ABSTAIN_PENALTY_BPS", 500, devnet)),
            treasury: treasury
        });

        // Every setting is read and checked before anything is broadcast.
        address explicitAdmin;
        bool withTimelock = !devnet && vm.envExists("VERITRAIN_TIMELOCK_DELAY_S");
        if (!devnet && !withTimelock) explicitAdmin = _requiredAddress("VERITRAIN_ADMIN");
        if (!devnet && explicitAdmin == deployer) revert InvalidSetting("VERITRAIN_ADMIN");

        d.startBlock = block.number;
        vm.startBroadcast(deployer);
        d.token = new RewardToken(deployer, genesis, amounts);
        d.coordinator = new Coordinator(deployer, IRewardToken(address(d.token)), params);
        d.court = new DisputeCourt(deployer, d.token, d.coordinator, courtParams);
        d.coordinator.setCourt(d.court);
        d.token.grantRole(d.token.MINTER_ROLE(), address(d.coordinator));
        d.admin = deployer;
        if (!devnet) (d.admin, d.timelock) = _handOver(d, deployer, explicitAdmin, withTimelock);
        vm.stopBroadcast();

        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeUint(key, "startBlock", d.startBlock);
        vm.serializeAddress(key, "deployer", deployer);
        vm.serializeAddress(key, "admin", d.admin);
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

    /// @dev Grants every role to the explicit admin (or a new timelock) and renounces the deployer's.
    function _handOver(Deployment memory d, address deployer, address explicitAdmin, bool withTimelock)
        internal
        returns (address admin, TimelockController timelock)
    {
        admin = explicitAdmin;
        if (withTimelock) {
            address[] memory proposers = vm.envAddress("VERITRAIN_TIMELOCK_PROPOSERS", ",");
            address[] memory executors = vm.envAddress("VERITRAIN_TIMELOCK_EXECUTORS", ",");
            // No timelock admin: the timelock governs itself from the start.
            timelock = new TimelockController(
                vm.envUint("VERITRAIN_TIMELOCK_DELAY_S"), proposers, executors, address(0)
            );
            admin = address(timelock);
        }
        bytes32 adminRole = d.coordinator.DEFAULT_ADMIN_ROLE();
        d.coordinator.grantRole(d.coordinator.RUN_CREATOR_ROLE(), admin);
        d.coordinator.grantRole(d.coordinator.PARAMETER_ROLE(), admin);
        d.coordinator.grantRole(adminRole, admin);
        d.coordinator.renounceRole(d.coordinator.RUN_CREATOR_ROLE(), deployer);
        d.coordinator.renounceRole(d.coordinator.PARAMETER_ROLE(), deployer);
        d.coordinator.renounceRole(adminRole, deployer);
        d.court.grantRole(d.court.PARAMETER_ROLE(), admin);
        d.court.grantRole(adminRole, admin);
        d.court.renounceRole(d.court.PARAMETER_ROLE(), deployer);
        d.court.renounceRole(adminRole, deployer);
        // Nobody keeps the token's admin role, so nobody can ever grant MINTER_ROLE beside the coordinator.
        d.token.renounceRole(adminRole, deployer);
    }

    function _genesis(bool devnet)
        internal
        view
        returns (address[] memory genesis, uint256[] memory amounts)
    {
        if (devnet) {
            genesis = vm.envOr("VERITRAIN_GENESIS_ACCOUNTS", ",", _anvilAccounts());
            uint256 amount = vm.envOr("VERITRAIN_GENESIS_AMOUNT", uint256(1_000_000 ether));
            amounts = new uint256[](genesis.length);
            for (uint256 i = 0; i < genesis.length; ++i) {
                amounts[i] = amount;
            }
            return (genesis, amounts);
        }
        if (!vm.envExists("VERITRAIN_GENESIS_ACCOUNTS")) {
            revert MissingSetting("VERITRAIN_GENESIS_ACCOUNTS", block.chainid);
        }
        if (!vm.envExists("VERITRAIN_GENESIS_AMOUNTS")) {
            revert MissingSetting("VERITRAIN_GENESIS_AMOUNTS", block.chainid);
        }
        genesis = vm.envAddress("VERITRAIN_GENESIS_ACCOUNTS", ",");
        amounts = vm.envUint("VERITRAIN_GENESIS_AMOUNTS", ",");
        if (amounts.length != genesis.length) revert InvalidSetting("VERITRAIN_GENESIS_AMOUNTS");
    }

    /// @dev A numeric setting: its default on a devnet, required anywhere else.
    function _uint(string memory name, uint256 devnetDefault, bool devnet) internal view returns (uint256) {
        if (devnet) return vm.envOr(name, devnetDefault);
        if (!vm.envExists(name)) revert MissingSetting(name, block.chainid);
        return vm.envUint(name);
    }

    function _requiredAddress(string memory name) internal view returns (address) {
        if (!vm.envExists(name)) revert MissingSetting(name, block.chainid);
        return vm.envAddress(name);
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
