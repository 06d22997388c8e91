// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";
import {StepRecords} from "../src/libraries/StepRecords.sol";
import {StepTree} from "./utils/StepTree.sol";

/// @notice Issue 11 regressions: every commitment is disputable, leases cannot be squatted cheaply, a cheater
///         disputing itself still loses a minimum share, and the figures the closing note quotes.
contract HardeningFindingsTest is CoordinatorFixture {
    // ------------------------------------------------------------------ every commitment is disputable

    function submitRaw(
        uint256 id,
        bytes32 stepsRoot,
        bytes32 finalRoot,
        string memory cid,
        bytes32[] memory proof
    ) internal {
        vm.prank(alice);
        coordinator.submit(
            runId, id, stepsRoot, finalRoot, cid, buildCommitment(runId, 1, K, 0).lossesPacked, proof
        );
    }

    function test_submit_zeroStepsRoot_reverts() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ZeroRoot.selector, "stepsRoot"));
        submitRaw(id, bytes32(0), c.finalRoot, CID, c.finalProof);
    }

    function test_submit_zeroFinalRoot_reverts() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ZeroRoot.selector, "finalRoot"));
        submitRaw(id, c.stepsRoot, bytes32(0), CID, c.finalProof);
    }

    function test_submit_emptyCid_reverts() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidCid.selector, 0, 128));
        submitRaw(id, c.stepsRoot, c.finalRoot, "", c.finalProof);
    }

    function test_submit_cidAtAndOverMaxBytes() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        bytes memory long = new bytes(129);
        for (uint256 i = 0; i < long.length; ++i) {
            long[i] = "b";
        }
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidCid.selector, 129, 128));
        submitRaw(id, c.stepsRoot, c.finalRoot, string(long), c.finalProof);
        assembly {
            mstore(long, 128)
        }
        submitRaw(id, c.stepsRoot, c.finalRoot, string(long), c.finalProof);
        assertStatus(id, ICoordinator.Status.Pending);
    }

    /// @dev Issue 11: a finalRoot that is not the last leaf's stateRoot was accepted.
    function test_submit_finalRootNotLastLeaf_reverts() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        bytes32 other = keccak256("another final root");
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.FinalRootMismatch.selector, id, other));
        submitRaw(id, c.stepsRoot, other, CID, c.finalProof);
    }

    /// @dev Issue 11: a sorted-pair tree that leaves out the bad step was accepted; then every single-step
    ///      dispute reverted with InvalidProof. Such a tree has no last leaf at index k-1 and is refused.
    function test_submit_treeLeavingOutAStep_reverts() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 3);
        bytes32[] memory without = new bytes32[](K - 1);
        for (uint256 i = 0; i < K - 1; ++i) {
            without[i] = c.leaves[i < 2 ? i : i + 1]; // step 3 left out
        }
        bytes32 rootWithout = StepTree.root(without);
        bytes32[] memory proof = StepTree.proof(without, K - 2);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.FinalRootMismatch.selector, id, c.finalRoot));
        submitRaw(id, rootWithout, c.finalRoot, CID, proof);
    }

    /// @dev The proof binds the leaf index: a true record of the tree opened at another position is refused.
    function test_openDispute_recordAtWrongIndex_reverts() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 4);
        // Present step 4's proof for step 3's record slot (the right proof, the wrong position).
        claim.step = 3;
        claim.prev = ICoordinator.StepRecord(c.roots[1], c.losses[1]);
        claim.prevProof = StepTree.proof(c.leaves, 1);
        claim.record = ICoordinator.StepRecord(c.roots[3], c.losses[3]);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, 3));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s, claim);
    }

    function testFuzz_stepRecords_everyStepOpensOnlyAtItsIndex(uint8 n, uint8 pick) public pure {
        uint256 count = bound(n, 1, 40);
        uint256 i = bound(pick, 0, count - 1);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 j = 0; j < count; ++j) {
            leaves[j] = StepRecords.leaf(1, uint64(j + 1), keccak256(abi.encode(j)), uint32(j));
        }
        bytes32 root = StepTree.root(leaves);
        bytes32[] memory proof = StepTree.proof(leaves, i);
        assertEq(proof.length, StepRecords.depth(count));
        assertTrue(_verify(proof, root, leaves[i], i, count));
        if (count > 1) assertFalse(_verify(proof, root, leaves[i], (i + 1) % count, count));
        assertFalse(_verify(proof, root, leaves[i], count, count), "index beyond the leaves");
    }

    /// @dev StepRecords.verifyLeaf over a memory proof (the library takes calldata).
    function _verify(bytes32[] memory proof, bytes32 root, bytes32 leaf, uint256 index, uint256 count)
        internal
        pure
        returns (bool)
    {
        if (index >= count || proof.length != StepRecords.depth(count)) return false;
        bytes32 h = leaf;
        for (uint256 j = 0; j < proof.length; ++j) {
            h = (index >> j) & 1 == 0 ? StepTree.hashPair(h, proof[j]) : StepTree.hashPair(proof[j], h);
        }
        return h == root;
    }

    // ------------------------------------------------------------------ squatting

    /// @dev Issue 11: a holder could expire its own lease from a second address and re-acquire at once.
    function test_acquireLease_expiredHolderDuringCooldown_reverts() public {
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(bob);
        coordinator.expireLease(id);
        uint64 until = uint64(block.timestamp) + LEASE_COOLDOWN;
        uint256 bond = coordinator.leaseBondWei(runId);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseCooldown.selector, runId, alice, until));
        vm.prank(alice);
        coordinator.acquireLease{value: bond}(runId);
        vm.warp(until);
        acquire(alice);
    }

    function test_acquireLease_afterExpiriesInARow_bondDoublesAndResetsOnSubmit() public {
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(coordinator.leaseBondWei(runId), WORKER_BOND << i);
            uint256 id = acquire(i % 2 == 0 ? alice : bob);
            vm.warp(block.timestamp + LEASE_DURATION + 1);
            vm.prank(keeper);
            coordinator.expireLease(id);
        }
        uint256 bond = coordinator.leaseBondWei(runId);
        assertEq(bond, 8 * WORKER_BOND);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, WORKER_BOND, bond));
        vm.prank(carol);
        coordinator.acquireLease{value: WORKER_BOND}(runId);
        uint256 honest = acquire(carol);
        assertEq(coordinator.lease(honest).bond, bond);
        submitLease(carol, honest, 0);
        assertEq(coordinator.leaseBondWei(runId), WORKER_BOND, "a submission resets the bond");
        assertBooks();
    }

    /// @dev The closing note's figure: ETH a squatter with two addresses loses to hold a run for 24 one-hour
    ///      leases, expiring each from its other address (keeping the keeper share). Before: 1.2 ETH (0.05/h).
    function test_squat_costToHaltRun24h() public {
        address[2] memory me = [alice, bob];
        vm.deal(alice, 10_000 ether);
        vm.deal(bob, 10_000 ether);
        uint256 start = alice.balance + bob.balance;
        for (uint256 h = 0; h < 24; ++h) {
            address holder = me[h % 2];
            uint256 id = acquire(holder);
            vm.warp(block.timestamp + LEASE_DURATION + 1);
            vm.prank(me[(h + 1) % 2]);
            coordinator.expireLease(id);
        }
        for (uint256 i = 0; i < 2; ++i) {
            vm.prank(me[i]);
            coordinator.withdraw();
        }
        uint256 cost = start - (alice.balance + bob.balance);
        emit log_named_decimal_uint("cost to halt the run 24 h by squatting (ETH)", cost, 18);
        // 0.05 ETH × (1 + 2 + … + 128) for the first 8 hours, then 0.05 × 256 each hour.
        assertEq(cost, 0.05 ether * (255 + 16 * 256));
    }

    // ------------------------------------------------------------------ self-dispute

    /// @dev The closing note's figure: a cheater that disputes its own fraud from a second address loses at least
    ///      half its bond whatever the parameters (before: 50 % with these, 0 % with challengerRewardBps = 100 %).
    function test_selfDispute_effectiveSlashAtMaxChallengerShare() public {
        ICoordinator.Params memory p = defaultParams();
        p.challengerRewardBps = 10_000;
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoordinator.ParamOutOfBounds.selector, "challengerRewardBps", 10_000, 5_000
            )
        );
        setParamsAsAdmin(p);
        p.challengerRewardBps = coordinator.MAX_CHALLENGER_REWARD_BPS();
        setParamsAsAdmin(p);
        uint256 start = alice.balance + bob.balance;
        (uint256 s, Commitment memory c) = work(alice, 3);
        fraudVerdict(dispute(bob, s, c, 3)); // bob is alice's second address
        vm.prank(bob);
        coordinator.withdraw();
        uint256 lost = start - (alice.balance + bob.balance);
        uint256 slashBps = lost * BPS_DENOMINATOR / WORKER_BOND;
        emit log_named_uint("effective slash of a self-disputing cheater (bps of its bond)", slashBps);
        assertEq(slashBps, 5_000);
    }

    /// @dev Parameters are fixed per dispute at opening: a later change of the challenger share does not
    ///      change what an open dispute pays.
    function test_onVerdict_paramsChangedAfterOpening_usesSnapshot() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 d = dispute(carol, s, c, 3);
        ICoordinator.Params memory p = defaultParams();
        p.challengerRewardBps = 0;
        p.workerRewardBps = 0;
        p.noVerdictFeeBps = 10_000;
        setParamsAsAdmin(p);
        IDisputeCourt.CourtParams memory cp = defaultCourtParams();
        cp.quorumBps = 10_000;
        cp.penaltyBps = 0;
        vm.prank(admin);
        court.setParams(cp);
        assertEq(coordinator.dispute(d).challengerRewardBps, 5_000);
        assertEq(court.getCase(d).quorumBps, QUORUM_BPS);
        // Two of three validators (66%) reach the snapshotted 30% quorum, not the new 100%.
        commit(validators[0], d, IDisputeCourt.Vote.Fraud);
        commit(validators[1], d, IDisputeCourt.Vote.Fraud);
        vm.warp(court.getCase(d).commitEnd + 1);
        reveal(validators[0], d, IDisputeCourt.Vote.Fraud);
        reveal(validators[1], d, IDisputeCourt.Vote.Fraud);
        vm.warp(court.getCase(d).revealEnd + 1);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + bps(WORKER_BOND, 5_000));
        assertEq(court.ballot(d, validators[0]).penalty, VALIDATOR_STAKE * PENALTY_BPS / BPS_DENOMINATOR);
    }
}
