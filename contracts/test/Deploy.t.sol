// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Deploy} from "../script/Deploy.s.sol";

/// @notice The deploy script's defaults hold only on a devnet; elsewhere everything is explicit (issue 11: run
///         with its defaults on chain id 1 it gave the whole supply to keys of the public anvil mnemonic and left
///         every role with the deployer).
contract DeployTest is Test {
    string internal constant FILE = "deployments/deploy-test.json";
    address internal constant TREASURY = address(0x7EA5);
    address internal constant HOLDER = address(0xB0B);
    address internal constant PROPOSER = address(0x9A0);

    /// @dev Who broadcasts when a test calls run: forge's default sender.
    address internal constant DEPLOYER = 0x1804c8AB1F12E6bbf3894d4083f33e07309d1f38;

    function setUp() public {
        vm.setEnv("VERITRAIN_DEPLOYMENT_FILE", FILE);
    }

    function _setAllParams() internal {
        string[11] memory names = [
            "VERITRAIN_EXPIRY_SLASH_BPS",
            "VERITRAIN_KEEPER_REWARD_BPS",
            "VERITRAIN_CHALLENGER_REWARD_BPS",
            "VERITRAIN_WORKER_REWARD_BPS",
            "VERITRAIN_NO_VERDICT_FEE_BPS",
            "VERITRAIN_LEASE_COOLDOWN_S",
            "VERITRAIN_COMMIT_DURATION_S",
            "VERITRAIN_REVEAL_DURATION_S",
            "VERITRAIN_UNBONDING_DELAY_S",
            "VERITRAIN_QUORUM_BPS",
            "VERITRAIN_PENALTY_BPS"
        ];
        string[11] memory values =
            ["1000", "2000", "5000", "5000", "2000", "3600", "3600", "3600", "604800", "5000", "1000"];
        for (uint256 i = 0; i < names.length; ++i) {
            vm.setEnv(names[i], values[i]);
        }
        vm.setEnv("VERITRAIN_ABSTAIN_PENALTY_BPS", "500");
        vm.setEnv("VERITRAIN_TREASURY", vm.toString(TREASURY));
        vm.setEnv("VERITRAIN_GENESIS_ACCOUNTS", vm.toString(HOLDER));
        vm.setEnv("VERITRAIN_GENESIS_AMOUNTS", "1000000000000000000000");
    }

    /// @dev One test, in order: the process environment is shared by every test, so the steps that set it run
    ///      after the ones that need it unset.
    function test_run_defaultsOnlyOnDevnet_elsewhereExplicitOrRefused() public {
        _devnetDefaults();
        vm.chainId(1);
        Deploy script = new Deploy();
        vm.expectRevert(abi.encodeWithSelector(Deploy.MissingSetting.selector, "VERITRAIN_TREASURY", 1));
        script.run();
        _setAllParams();
        vm.expectRevert(abi.encodeWithSelector(Deploy.MissingSetting.selector, "VERITRAIN_ADMIN", 1));
        script.run();
        _timelockHandsEveryRoleOver();
    }

    function _devnetDefaults() internal {
        vm.chainId(31337);
        Deploy.Deployment memory d = new Deploy().run();
        string memory mnemonic = "test test test test test test test test test test test junk";
        assertEq(d.token.balanceOf(vm.addr(vm.deriveKey(mnemonic, 0))), 1_000_000 ether);
        assertEq(d.token.totalSupply(), 10 * 1_000_000 ether);
        assertEq(d.admin, DEPLOYER);
        assertTrue(d.coordinator.hasRole(d.coordinator.PARAMETER_ROLE(), DEPLOYER));
        assertEq(address(d.timelock), address(0));
        vm.removeFile(FILE);
    }

    function _timelockHandsEveryRoleOver() internal {
        vm.setEnv("VERITRAIN_TIMELOCK_DELAY_S", "172800");
        vm.setEnv("VERITRAIN_TIMELOCK_PROPOSERS", vm.toString(PROPOSER));
        vm.setEnv("VERITRAIN_TIMELOCK_EXECUTORS", vm.toString(PROPOSER));
        Deploy.Deployment memory d = new Deploy().run();
        address lock = address(d.timelock);
        assertTrue(lock != address(0));
        assertEq(d.admin, lock);
        assertEq(d.timelock.getMinDelay(), 172800);
        assertTrue(d.timelock.hasRole(d.timelock.PROPOSER_ROLE(), PROPOSER));
        bytes32 adminRole = d.coordinator.DEFAULT_ADMIN_ROLE();
        assertTrue(d.coordinator.hasRole(adminRole, lock));
        assertTrue(d.coordinator.hasRole(d.coordinator.RUN_CREATOR_ROLE(), lock));
        assertTrue(d.coordinator.hasRole(d.coordinator.PARAMETER_ROLE(), lock));
        assertTrue(d.court.hasRole(d.court.PARAMETER_ROLE(), lock));
        assertTrue(d.court.hasRole(adminRole, lock));
        assertEq(d.token.balanceOf(HOLDER), 1_000 ether);
        assertEq(d.token.totalSupply(), 1_000 ether, "no anvil allocation");
        // The deployer kept nothing, and nobody holds the token's admin role.
        assertFalse(d.coordinator.hasRole(adminRole, DEPLOYER));
        assertFalse(d.coordinator.hasRole(d.coordinator.PARAMETER_ROLE(), DEPLOYER));
        assertFalse(d.court.hasRole(adminRole, DEPLOYER));
        assertFalse(d.token.hasRole(adminRole, DEPLOYER));
        assertFalse(d.token.hasRole(adminRole, lock));
        assertTrue(d.token.hasRole(d.token.MINTER_ROLE(), address(d.coordinator)));
        vm.removeFile(FILE);
    }
}
