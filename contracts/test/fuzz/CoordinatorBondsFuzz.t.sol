// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "../utils/CoordinatorFixture.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";

/// @notice Fuzzing bonds: only the exact bond is accepted, and every configured bond amount is accounted for
///         to the wei through leases, expiries, verdicts, finalization and withdrawal.
contract CoordinatorBondsFuzzTest is CoordinatorFixture {
    uint256 internal constant MAX_BOND = 1e24;

    function runWithBonds(uint256 workerBond, uint256 challengerBond) internal returns (uint256 id) {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.workerBond = uint96(workerBond);
        cfg.challengerBond = uint96(challengerBond);
        id = createRunAs(admin, cfg);
    }

    function testFuzz_acquireLease_valueNotBond_reverts(uint256 bond, uint256 sent) public {
        bond = bound(bond, 1, MAX_BOND);
        sent = bound(sent, 0, 2 * MAX_BOND);
        vm.assume(sent != bond);
        uint256 run = runWithBonds(bond, 1);
        vm.deal(alice, sent);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, sent, bond));
        vm.prank(alice);
        coordinator.acquireLease{value: sent}(run);
    }

    function testFuzz_openDispute_valueNotBond_reverts(uint256 bond, uint256 sent) public {
        bond = bound(bond, 1, MAX_BOND);
        sent = bound(sent, 0, 2 * MAX_BOND);
        vm.assume(sent != bond);
        uint256 run = runWithBonds(WORKER_BOND, bond);
        uint256 id = acquireOn(run, alice);
        submitLease(alice, id, 0);
        vm.deal(carol, sent);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, sent, bond));
        vm.prank(carol);
        coordinator.openDispute{value: sent}(id, wholeLeaseClaim(keccak256("x")));
    }

    uint256 internal wb;
    uint256 internal cb;

    /// @dev One of each value flow with fuzzed bonds: an expired lease, a fraud verdict, an honest verdict and a
    ///      finalization; then everyone withdraws and the coordinator is left with exactly nothing.
    function testFuzz_bonds_anyAmounts_accountedToTheWei(uint256 workerBond, uint256 challengerBond) public {
        wb = bound(workerBond, 1, MAX_BOND);
        cb = bound(challengerBond, 1, MAX_BOND);
        runId = runWithBonds(wb, cb);
        address[4] memory people = [alice, bob, carol, keeper];
        for (uint256 i = 0; i < people.length; ++i) {
            vm.deal(people[i], 10 * MAX_BOND);
        }
        expiryFlow();
        fraudFlow();
        honestFlowAndFinalize();
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
        withdrawEveryone();
        assertEq(address(coordinator).balance, 0, "no wei left behind");
        assertEq(coordinator.totalCreditsWei(), 0);
    }

    /// @dev Expired lease: holder, keeper and treasury share the bond exactly.
    function expiryFlow() internal {
        uint256 lapsed = acquireOn(runId, alice);
        assertEq(coordinator.lockedWei(), wb);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(keeper);
        coordinator.expireLease(lapsed);
        assertEq(coordinator.credits(alice) + coordinator.credits(keeper) + coordinator.credits(treasury), wb);
        assertEq(coordinator.lockedWei(), 0);
        vm.warp(block.timestamp + LEASE_COOLDOWN); // alice may lease this run again
    }

    /// @dev Fraud: the worker bond goes to the challenger's share and the voters.
    function fraudFlow() internal {
        uint256 cheat = acquireOn(runId, bob);
        // The lease after the expired one takes a doubled bond (expiries in a row).
        uint256 fb = coordinator.lease(cheat).bond;
        assertEq(fb, 2 * wb);
        Commitment memory c = submitLease(bob, cheat, 2);
        ICoordinator.DisputeClaim memory claim = claimFor(cheat, c, 2);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: cb}(cheat, claim);
        assertEq(coordinator.lockedWei(), fb + cb);
        uint256 votersBefore = validatorCredits();
        fraudVerdict(d);
        uint256 share = bps(fb, coordinator.params().challengerRewardBps);
        assertEq(coordinator.credits(carol), cb + share);
        assertEq(validatorCredits() - votersBefore, fb - share);
        assertEq(coordinator.credits(bob), 0);
    }

    /// @dev Honest: the challenger bond goes to the worker's share and the voters; finalization returns the bond.
    function honestFlowAndFinalize() internal {
        uint256 honest = acquireOn(runId, alice);
        submitLease(alice, honest, 0);
        uint256 aliceBefore = coordinator.credits(alice);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: cb}(honest, wholeLeaseClaim(keccak256("wrong")));
        uint256 votersBefore = validatorCredits();
        honestVerdict(d);
        uint256 workerShare = bps(cb, coordinator.params().workerRewardBps);
        assertEq(coordinator.credits(alice) - aliceBefore, workerShare);
        assertEq(validatorCredits() - votersBefore, cb - workerShare);
        passChallengeWindow();
        coordinator.finalize(honest);
        assertEq(coordinator.credits(alice) - aliceBefore, workerShare + wb);
    }

    function withdrawEveryone() internal {
        address[4] memory payees = [alice, carol, keeper, treasury];
        for (uint256 i = 0; i < payees.length; ++i) {
            if (coordinator.credits(payees[i]) != 0) {
                vm.prank(payees[i]);
                coordinator.withdraw();
            }
        }
        for (uint256 i = 0; i < validators.length; ++i) {
            if (coordinator.credits(validators[i]) != 0) {
                vm.prank(validators[i]);
                coordinator.withdraw();
            }
        }
    }
}
