// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice Issue 11, "the one who finds the fraud is the one who is paid": disputes open by commit-reveal, and the
///         challenger share goes to the proven dispute that opened first, whatever order the verdicts come in.
contract DisputeCommitRevealTest is CoordinatorFixture {
    address internal copycat = makeAddr("copycat");
    bytes32 internal constant CAROL_SALT = keccak256("carol's salt");

    function setUp() public override {
        super.setUp();
        vm.deal(copycat, 100 ether);
    }

    function hashOf(
        uint256 submissionId,
        address challenger,
        bytes32 salt_,
        ICoordinator.DisputeClaim memory claim
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(submissionId, challenger, salt_, claim.step, claim.claimedRoot, claim.claimedLossBits)
        );
    }

    function commitAs(address challenger, uint256 submissionId, bytes32 h)
        internal
        returns (uint256 commitId)
    {
        vm.prank(challenger);
        commitId = coordinator.commitDispute{value: CHALLENGER_BOND}(submissionId, h);
    }

    function revealAs(
        address challenger,
        uint256 commitId,
        ICoordinator.DisputeClaim memory claim,
        bytes32 salt_
    ) internal returns (uint256 disputeId) {
        vm.prank(challenger);
        disputeId = coordinator.revealDispute(commitId, claim, salt_);
    }

    function openAs(address challenger, uint256 submissionId, ICoordinator.DisputeClaim memory claim)
        internal
        returns (uint256 disputeId)
    {
        vm.prank(challenger);
        disputeId = coordinator.openDispute{value: CHALLENGER_BOND}(submissionId, claim);
    }

    function toCommitEnd(uint256 d) internal {
        uint256 end = court.getCase(d).commitEnd;
        if (block.timestamp <= end) vm.warp(end + 1);
    }

    function toRevealEnd(uint256 d) internal {
        uint256 end = court.getCase(d).revealEnd;
        if (block.timestamp <= end) vm.warp(end + 1);
    }

    /// @dev Both cases voted Fraud by every validator; `first` is resolved before `second`.
    function fraudBoth(uint256 first, uint256 second) internal {
        commitAll(first, IDisputeCourt.Vote.Fraud);
        commitAll(second, IDisputeCourt.Vote.Fraud);
        toCommitEnd(first);
        revealAll(first, IDisputeCourt.Vote.Fraud);
        toCommitEnd(second);
        revealAll(second, IDisputeCourt.Vote.Fraud);
        toRevealEnd(first);
        assertEq(uint8(resolveAndSettle(first)), uint8(ICoordinator.DisputeStatus.Fraud));
        toRevealEnd(second);
        assertEq(uint8(resolveAndSettle(second)), uint8(ICoordinator.DisputeStatus.Fraud));
    }

    // ------------------------------------------------------------------ the rule of who is paid

    /// @dev Carol commits, then reveals; a copycat sees her reveal in the mempool and gets its copy of her proof
    ///      included first (opened in the clear, so decided first). On the old contracts the first Fraud verdict
    ///      took the share: the copycat earned it. Now the share goes to the earliest opening order: Carol's commit.
    function test_revealDispute_copycatOfRevealedProof_cannotWinShare() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        uint256 commitId = commitAs(carol, s, hashOf(s, carol, CAROL_SALT, claim));
        vm.roll(block.number + coordinator.DISPUTE_REVEAL_DELAY_BLOCKS());
        uint256 copy = openAs(copycat, s, claim); // front-runs Carol's reveal
        uint256 carols = revealAs(carol, commitId, claim, CAROL_SALT);
        assertLt(coordinator.dispute(carols).order, coordinator.dispute(copy).order);

        fraudBoth(copy, carols);
        uint256 share = bps(WORKER_BOND, 5_000);
        assertEq(coordinator.credits(copycat), CHALLENGER_BOND, "the copycat only gets its bond back");
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + share, "the finder is paid");
        assertEq(coordinator.lease(s).bond, 0, "nothing held any more");
        assertSolvent();
    }

    /// @dev A later-opened dispute decided first cannot take the reward of an earlier one still being judged: the
    ///      share is held until the earlier one is decided. Carol's dispute had a round without verdict (longer
    ///      windows), so the copycat's later dispute is decided first.
    function test_onVerdict_laterDisputeDecidedFirst_doesNotTakeEarlierReward() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 carols = dispute(carol, s, c, 3);
        assertEq(uint8(resolveUnvoted(carols)), uint8(ICoordinator.DisputeStatus.Open));
        uint256 copy = openAs(copycat, s, claimFor(s, c, 3));

        commitAll(carols, IDisputeCourt.Vote.Fraud);
        commitAll(copy, IDisputeCourt.Vote.Fraud);
        toCommitEnd(copy);
        revealAll(copy, IDisputeCourt.Vote.Fraud);
        toRevealEnd(copy);
        assertEq(uint8(resolveAndSettle(copy)), uint8(ICoordinator.DisputeStatus.Fraud));
        uint256 share = bps(WORKER_BOND, 5_000);
        assertStatus(s, ICoordinator.Status.Invalid);
        assertEq(coordinator.credits(copycat), CHALLENGER_BOND, "decided first, not paid the share");
        assertEq(coordinator.lease(s).bond, share, "the share is held");

        toCommitEnd(carols);
        revealAll(carols, IDisputeCourt.Vote.Fraud);
        toRevealEnd(carols);
        assertEq(uint8(resolveAndSettle(carols)), uint8(ICoordinator.DisputeStatus.Fraud));
        uint256 carolBondLeft = coordinator.dispute(carols).bond;
        assertEq(coordinator.credits(carol), carolBondLeft + share, "the earliest proven opener is paid");
        assertEq(coordinator.credits(copycat), CHALLENGER_BOND);
        assertSolvent();
    }

    /// @dev If the earlier dispute is proven wrong, the later proven one is paid when the earlier one ends.
    function test_onVerdict_earlierDisputeProvenWrong_laterProvenIsPaid() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 wrong = disputeWholeLease(carol, s); // order 1, judged Honest below
        uint256 right = openAs(copycat, s, claimFor(s, c, 3)); // order 2
        commitAll(right, IDisputeCourt.Vote.Fraud);
        commitAll(wrong, IDisputeCourt.Vote.Honest);
        toCommitEnd(right);
        revealAll(right, IDisputeCourt.Vote.Fraud);
        revealAll(wrong, IDisputeCourt.Vote.Honest);
        toRevealEnd(right);
        resolveAndSettle(right);
        assertEq(coordinator.credits(copycat), CHALLENGER_BOND, "held while an earlier dispute is open");
        assertEq(uint8(resolveAndSettle(wrong)), uint8(ICoordinator.DisputeStatus.Honest));
        assertEq(coordinator.credits(copycat), CHALLENGER_BOND + bps(WORKER_BOND, 5_000));
        assertSolvent();
    }

    /// @dev A self-disputing cheater that commits first (so it is the earliest opener) still recovers at most the
    ///      bounded share: with the share at its maximum, it loses half its bond, and the honest finder that
    ///      committed later only gets its bond back.
    function test_selfDispute_committedFirst_recoversAtMostBoundedShare() public {
        ICoordinator.Params memory p = defaultParams();
        p.challengerRewardBps = coordinator.MAX_CHALLENGER_REWARD_BPS();
        setParamsAsAdmin(p);
        uint256 start = alice.balance + bob.balance;
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        bytes32 bobSalt = keccak256("bob");
        uint256 bobCommit = commitAs(bob, s, hashOf(s, bob, bobSalt, claim)); // alice's second address
        uint256 carolCommit = commitAs(carol, s, hashOf(s, carol, CAROL_SALT, claim));
        vm.roll(block.number + coordinator.DISPUTE_REVEAL_DELAY_BLOCKS());
        uint256 carols = revealAs(carol, carolCommit, claim, CAROL_SALT);
        uint256 bobs = revealAs(bob, bobCommit, claim, bobSalt);
        fraudBoth(carols, bobs);
        vm.prank(bob);
        coordinator.withdraw();
        uint256 slashBps = (start - (alice.balance + bob.balance)) * BPS_DENOMINATOR / WORKER_BOND;
        emit log_named_uint("effective slash of a self-disputing cheater that commits first (bps)", slashBps);
        assertEq(slashBps, BPS_DENOMINATOR - coordinator.MAX_CHALLENGER_REWARD_BPS());
        assertEq(coordinator.credits(carol), CHALLENGER_BOND);
    }

    // ------------------------------------------------------------------ commit-reveal mechanics

    function test_revealDispute_beforeDelay_reverts() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        uint256 id = commitAs(carol, s, hashOf(s, carol, CAROL_SALT, claim));
        uint64 at = uint64(block.number);
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotRevealWindow.selector, id, at + 2, at + 256));
        revealAs(carol, id, claim, CAROL_SALT);
    }

    /// @dev The hash binds the challenger: a copycat can neither reveal Carol's commit nor reuse her hash.
    function test_revealDispute_copycatOfCommit_reverts() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        bytes32 h = hashOf(s, carol, CAROL_SALT, claim);
        uint256 id = commitAs(carol, s, h);
        uint256 copied = commitAs(copycat, s, h);
        vm.roll(block.number + 2);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotCommitter.selector, id, copycat, carol));
        revealAs(copycat, id, claim, CAROL_SALT);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.CommitmentMismatch.selector, copied));
        revealAs(copycat, copied, claim, CAROL_SALT);
        ICoordinator.DisputeClaim memory other = claimFor(s, c, 4);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.CommitmentMismatch.selector, id));
        revealAs(carol, id, other, CAROL_SALT);
    }

    /// @dev A commit made inside the window can be revealed after it closes: the commit holds finalization.
    function test_commitDispute_holdsFinalization_revealAfterWindowCloses() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        uint256 id = commitAs(carol, s, hashOf(s, carol, CAROL_SALT, claim));
        passChallengeWindow();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputeCommitsPending.selector, s, 1));
        coordinator.finalize(s);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoordinator.ChallengeWindowClosed.selector, s, coordinator.lease(s).deadline
            )
        );
        commitAs(copycat, s, keccak256("late"));
        vm.roll(block.number + 2);
        uint256 d = revealAs(carol, id, claim, CAROL_SALT);
        fraudVerdict(d);
        assertStatus(s, ICoordinator.Status.Invalid);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + bps(WORKER_BOND, 5_000));
        assertSolvent();
    }

    /// @dev A commit never revealed costs its whole bond (to the treasury) and holds the submission only for
    ///      the reveal window: griefing by commits is bounded and paid for.
    function test_expireDisputeCommit_unrevealed_bondForfeitAndFinalizes() public {
        (uint256 s,) = work(alice, 0);
        uint256 id = commitAs(copycat, s, keccak256("grief"));
        passChallengeWindow();
        uint64 until = uint64(block.number) + 256;
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.CommitNotExpired.selector, id, until));
        coordinator.expireDisputeCommit(id);
        vm.roll(uint256(until) + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotRevealWindow.selector, id, until - 254, until));
        revealAs(copycat, id, wholeLeaseClaim(keccak256("x")), bytes32(0));
        uint256 before = coordinator.credits(treasury);
        coordinator.expireDisputeCommit(id);
        assertEq(coordinator.credits(treasury) - before, CHALLENGER_BOND);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.CommitNotFound.selector, id));
        coordinator.expireDisputeCommit(id);
        coordinator.finalize(s);
        assertStatus(s, ICoordinator.Status.Final);
        assertSolvent();
    }

    /// @dev An earlier commit that is never revealed does not block the share forever: the later proven
    ///      dispute is paid when the commit expires.
    function test_expireDisputeCommit_afterLaterProof_paysHeldShare() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        commitAs(copycat, s, keccak256("never revealed"));
        uint256 d = dispute(carol, s, c, 3);
        fraudVerdict(d);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND, "held while an earlier commit may be revealed");
        vm.roll(block.number + 257);
        coordinator.expireDisputeCommit(1);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + bps(WORKER_BOND, 5_000));
        assertSolvent();
    }

    function test_commitDispute_wrongBondOrZeroHash_reverts() public {
        (uint256 s,) = work(alice, 0);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, 1, CHALLENGER_BOND));
        coordinator.commitDispute{value: 1}(s, keccak256("h"));
        vm.expectRevert(ICoordinator.ZeroCommitment.selector);
        commitAs(carol, s, bytes32(0));
    }
}
