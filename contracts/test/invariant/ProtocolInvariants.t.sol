// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "../utils/Base.t.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {ProtocolHandler} from "./ProtocolHandler.sol";

/// @notice Protocol invariants of issue 2 under random workers, challengers, validators and keepers
///         (ProtocolHandler), over two runs: the fixture's (k = 8, 64 steps) and a short one whose last lease
///         is capped (k = 3, 20 steps) with bonds that do not split evenly.
/// `npm test` (the default profile) runs 12 sequences of 256 calls: since issue 11's actors (rounds, floods,
/// commits) a sequence costs several times what it did, and 24 took ~10 min of CI. FOUNDRY_PROFILE=ci runs 24.
/// forge-config: default.invariant.runs = 12
/// forge-config: default.invariant.depth = 256
/// forge-config: ci.invariant.runs = 24
/// forge-config: ci.invariant.depth = 256
contract ProtocolInvariantTest is Base {
    ProtocolHandler internal handler;
    uint256[] internal runs;
    address[] internal allValidators;
    address[] internal workers;
    address[] internal challengers;
    address[] internal keepers;

    function setUp() public override {
        super.setUp();
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.genesisRoot = keccak256("genesis of run 2");
        cfg.stepsPerLease = 3;
        cfg.totalSteps = 20;
        cfg.leaseDuration = 30 minutes;
        cfg.challengeWindow = 12 hours;
        cfg.workerBond = 333_333_333_333_333_333;
        cfg.challengerBond = 700_000_000_000_000_001;
        cfg.rewardPerStep = 3 ether;
        vm.prank(admin);
        uint256 run2 = coordinator.createRun(cfg);
        runs.push(runId);
        runs.push(run2);

        // A short unbonding delay (still longer than a case) so validators cycle stake within a run.
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.unbondingDelay = 6 hours;
        vm.prank(admin);
        court.setParams(p);

        // Two more validators hold tokens but start unstaked.
        address v3 = makeAddr("validator3");
        address v4 = makeAddr("validator4");
        vm.prank(validators[0]);
        token.transfer(v3, 2_000 ether);
        vm.prank(validators[1]);
        token.transfer(v4, 333 ether);
        allValidators = validators;
        allValidators.push(v3);
        allValidators.push(v4);

        workers.push(alice);
        workers.push(bob);
        workers.push(makeAddr("worker3"));
        challengers.push(carol);
        challengers.push(makeAddr("challenger2"));
        keepers.push(keeper);
        for (uint256 i = 0; i < workers.length; ++i) {
            vm.deal(workers[i], 1_000_000 ether);
        }
        for (uint256 i = 0; i < challengers.length; ++i) {
            vm.deal(challengers[i], 1_000_000 ether);
        }

        handler = new ProtocolHandler(
            coordinator, court, token, runs, workers, challengers, allValidators, keepers, treasury, admin
        );
        targetContract(address(handler));
        // Voting needs several calls inside 1-hour phases: commit, reveal and settle appear more than once.
        bytes4[] memory selectors = new bytes4[](33);
        selectors[0] = ProtocolHandler.acquire.selector;
        selectors[1] = ProtocolHandler.submit.selector;
        selectors[2] = ProtocolHandler.expire.selector;
        selectors[3] = ProtocolHandler.finalize.selector;
        selectors[4] = ProtocolHandler.reclaimOrphaned.selector;
        selectors[5] = ProtocolHandler.claimRewards.selector;
        selectors[6] = ProtocolHandler.withdraw.selector;
        selectors[7] = ProtocolHandler.dispute.selector;
        selectors[8] = ProtocolHandler.stake.selector;
        selectors[9] = ProtocolHandler.requestUnstake.selector;
        selectors[10] = ProtocolHandler.withdrawUnstaked.selector;
        selectors[11] = ProtocolHandler.commitVote.selector;
        selectors[12] = ProtocolHandler.revealVote.selector;
        selectors[13] = ProtocolHandler.resolve.selector;
        selectors[14] = ProtocolHandler.settle.selector;
        selectors[15] = ProtocolHandler.withdrawTreasuryTokens.selector;
        selectors[16] = ProtocolHandler.passTime.selector;
        selectors[17] = ProtocolHandler.revealVote.selector;
        selectors[18] = ProtocolHandler.commitVote.selector;
        selectors[19] = ProtocolHandler.revealVote.selector;
        selectors[20] = ProtocolHandler.commitVote.selector;
        selectors[21] = ProtocolHandler.settle.selector;
        selectors[22] = ProtocolHandler.settleRounds.selector;
        selectors[23] = ProtocolHandler.penalizeAbsent.selector;
        selectors[24] = ProtocolHandler.flood.selector;
        selectors[25] = ProtocolHandler.selfDispute.selector;
        selectors[26] = ProtocolHandler.copycat.selector;
        selectors[27] = ProtocolHandler.squat.selector;
        selectors[28] = ProtocolHandler.changeParams.selector;
        selectors[29] = ProtocolHandler.resolve.selector;
        selectors[30] = ProtocolHandler.frontRun.selector;
        selectors[31] = ProtocolHandler.griefCommit.selector;
        selectors[32] = ProtocolHandler.expireCommits.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ================================================================ ETH

    /// @dev `lockedWei()` is derived from the balance, so the locked amount is recomputed here from the records:
    ///      bonds of live leases and pending submissions, bonds of open disputes, unpaid voter pools.
    function invariant_ethBalanceEqualsCreditsPlusLocked() public view {
        uint256 locked = recomputedLockedWei();
        assertEq(
            address(coordinator).balance,
            coordinator.totalCreditsWei() + locked,
            "balance != credits + locked"
        );
        assertEq(coordinator.lockedWei(), locked, "lockedWei() != locked records");

        address[] memory payees = handler.payees();
        uint256 credited;
        for (uint256 i = 0; i < payees.length; ++i) {
            credited += coordinator.credits(payees[i]);
        }
        assertEq(credited, coordinator.totalCreditsWei(), "sum of credits != totalCreditsWei");
    }

    function invariant_ethBalanceEqualsInMinusOut() public view {
        assertEq(
            address(coordinator).balance, handler.ghostEthIn() - handler.ghostEthOut(), "balance != in - out"
        );
        assertEq(address(court).balance, 0, "the court holds no ETH");
    }

    // ================================================================ leases and submissions

    function invariant_atMostOneLiveLeasePerRun() public view {
        uint256 n = coordinator.leaseCount();
        for (uint256 r = 0; r < runs.length; ++r) {
            uint256 live = coordinator.runState(runs[r]).liveLeaseId;
            uint256 leased;
            for (uint256 id = 1; id <= n; ++id) {
                ICoordinator.Lease memory l = coordinator.lease(id);
                if (l.runId != runs[r] || l.status != ICoordinator.Status.Leased) continue;
                leased += 1;
                assertEq(id, live, "a Leased record that is not the live lease");
            }
            assertEq(leased, live == 0 ? 0 : 1, "live lease count");
        }
    }

    /// @dev Final submissions of a run tile 1..finalizedStep exactly, each on a Final parent (or genesis).
    function invariant_finalizedStepsTileFromZero() public view {
        uint256 n = coordinator.leaseCount();
        for (uint256 r = 0; r < runs.length; ++r) {
            uint256 finalized = coordinator.runState(runs[r]).finalizedStep;
            uint256 covered; // bit s set: step s is covered by a Final submission
            uint256 count;
            for (uint256 id = 1; id <= n; ++id) {
                ICoordinator.Lease memory l = coordinator.lease(id);
                if (l.runId != runs[r] || l.status != ICoordinator.Status.Final) continue;
                assertGe(l.firstStep, 1, "final range starts at 1");
                assertLe(l.lastStep, finalized, "final range beyond finalizedStep");
                if (l.parentId != 0) {
                    assertEq(
                        uint8(coordinator.lease(l.parentId).status),
                        uint8(ICoordinator.Status.Final),
                        "final submission on a non-final parent"
                    );
                }
                for (uint256 s = l.firstStep; s <= l.lastStep; ++s) {
                    assertEq(covered & (1 << s), 0, "step finalized twice");
                    covered |= 1 << s;
                    count += 1;
                }
            }
            assertEq(count, finalized, "final submissions do not tile 1..finalizedStep");
        }
    }

    /// @dev Statuses only move along the lease and dispute state machines (a Final or Invalid record never
    ///      changes again, so nothing is both), and finalizedStep never decreases: checked after every call.
    function invariant_statusTransitionsFollowStateMachine() public view {
        assertEq(handler.violation(), "", "state machine violated");
    }

    // ================================================================ court tokens

    function invariant_courtTokensAccounted() public view {
        address[] memory vs = handler.validatorsList();
        uint256 staked;
        uint256 active;
        for (uint256 i = 0; i < vs.length; ++i) {
            IDisputeCourt.Validator memory v = court.validator(vs[i]);
            staked += uint256(v.stake) + v.unbonding;
            active += v.stake;
        }
        assertEq(
            token.balanceOf(address(court)) + handler.ghostPoolsPaid(),
            staked + court.treasuryTokens() + handler.ghostPenaltiesCollected(),
            "court tokens != stakes + treasury + collected - paid"
        );
        assertEq(court.totalStake(), active, "totalStake != sum of active stakes");
    }

    /// @dev Every reserved penalty is backed by stake or unbonding tokens, and is exactly the sum of the
    ///      validator's unsettled ballots.
    function invariant_validatorReservesCovered() public view {
        address[] memory vs = handler.validatorsList();
        uint256 m = coordinator.disputeCount();
        for (uint256 i = 0; i < vs.length; ++i) {
            IDisputeCourt.Validator memory v = court.validator(vs[i]);
            assertGe(uint256(v.stake) + v.unbonding, v.reserved, "reserved not covered");
            uint256 reserved;
            uint256 pending;
            for (uint256 d = 1; d <= m; ++d) {
                uint32 rounds = court.getCase(d).round;
                for (uint32 r = 0; r <= rounds; ++r) {
                    IDisputeCourt.Ballot memory b = court.ballotAt(d, r, vs[i]);
                    if (b.commitment == bytes32(0) || b.settled) continue;
                    reserved += b.penalty;
                    pending += 1;
                }
            }
            assertEq(v.reserved, reserved, "reserved != unsettled penalties");
            assertEq(v.pendingSettlements, pending, "pendingSettlements != unsettled ballots");
        }
    }

    /// @dev The court's cases and the coordinator's disputes agree, and no case pays out more than its pools.
    function invariant_casesMatchDisputes() public view {
        uint256 m = coordinator.disputeCount();
        for (uint256 d = 1; d <= m; ++d) {
            IDisputeCourt.Case memory k = court.getCase(d);
            ICoordinator.DisputeStatus status = coordinator.dispute(d).status;
            assertTrue(k.commitEnd != 0, "dispute without a case");
            if (k.resolved) {
                assertEq(uint8(status), uint8(k.outcome), "verdict not applied");
            } else {
                assertEq(uint8(status), uint8(ICoordinator.DisputeStatus.Open), "decided without a verdict");
            }
            assertLe(k.majoritySettled, k.majorityCount, "more majority settlements than voters");
            assertLe(k.tokenPoolPaid, k.tokenPool, "token pool overpaid");
            assertLe(k.votersPoolPaid, k.votersPoolWei, "voter ETH overpaid");
            assertEq(coordinator.votersPoolWei(d), k.votersPoolWei - k.votersPoolPaid, "voter pools disagree");
        }
    }

    // ================================================================ liveness (in snapshots)

    /// @dev Every round of every open case ends in bounded time (anyone resolves it), and a round without a
    ///      verdict leaves the dispute open: nothing but a verdict closes a dispute.
    function invariant_everyOpenDisputeAdvances() public {
        uint256 snap = vm.snapshotState();
        assertEq(handler.resolveAll(), 0, "an open case could not be resolved");
        uint256 m = coordinator.disputeCount();
        for (uint256 d = 1; d <= m; ++d) {
            bool open = coordinator.dispute(d).status == ICoordinator.DisputeStatus.Open;
            assertEq(open, !court.getCase(d).resolved, "dispute and case disagree");
        }
        vm.revertToState(snap);
    }

    /// @dev No submission finalizes while one of its disputes is undecided, and none that the court ruled
    ///      fraudulent: every dispute of a Final submission ended Honest. (An undisputed fraud can finalize: a
    ///      watcher must dispute it within the window; that is the protocol's liveness assumption.)
    function invariant_noDisputedFraudFinalizesWithoutVerdict() public view {
        uint256 m = coordinator.disputeCount();
        for (uint256 d = 1; d <= m; ++d) {
            ICoordinator.Dispute memory got = coordinator.dispute(d);
            if (coordinator.lease(got.submissionId).status != ICoordinator.Status.Final) continue;
            assertEq(uint8(got.status), uint8(ICoordinator.DisputeStatus.Honest), "finalized over a dispute");
        }
    }

    /// @dev A holder that let a lease expire never re-leases the run inside its cooldown.
    function invariant_noSquatting() public view {
        assertEq(handler.ghostSquatReleased(), 0, "re-leased inside the cooldown");
    }

    /// @dev After everything that can end has ended and everyone withdrew, nothing is left anywhere.
    function invariant_noValueStuck() public {
        uint256 snap = vm.snapshotState();
        handler.drainAll();

        uint256 n = coordinator.leaseCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICoordinator.Status s = coordinator.lease(id).status;
            assertTrue(
                s != ICoordinator.Status.Leased && s != ICoordinator.Status.Pending, "a record did not end"
            );
        }
        uint256 m = coordinator.disputeCount();
        for (uint256 d = 1; d <= m; ++d) {
            assertEq(coordinator.votersPoolWei(d), 0, "voter pool left");
            IDisputeCourt.Case memory k = court.getCase(d);
            // Without a majority the token pool went to the treasury at resolution and no voter ETH was set aside.
            if (k.majorityCount != 0) {
                assertEq(k.tokenPoolPaid, k.tokenPool, "token pool not paid exactly");
                assertEq(k.votersPoolPaid, k.votersPoolWei, "voter ETH not paid exactly");
            } else {
                assertEq(k.tokenPoolPaid + k.votersPoolWei, 0, "paid a majority that does not exist");
            }
        }
        assertEq(address(coordinator).balance, 0, "ETH stuck in the coordinator");
        assertEq(coordinator.totalCreditsWei(), 0, "credits left");
        assertEq(handler.ghostEthIn(), handler.ghostEthOut(), "ETH in != ETH out");

        assertEq(token.balanceOf(address(court)), 0, "tokens stuck in the court");
        assertEq(court.treasuryTokens(), 0);
        assertEq(court.totalStake(), 0);
        assertEq(handler.ghostPenaltiesCollected(), handler.ghostPoolsPaid(), "penalties collected != paid");
        address[] memory vs = handler.validatorsList();
        uint256 held = token.balanceOf(treasury);
        for (uint256 i = 0; i < vs.length; ++i) {
            IDisputeCourt.Validator memory v = court.validator(vs[i]);
            assertEq(
                uint256(v.stake) + v.unbonding + v.reserved + v.pendingSettlements, 0, "validator not cleared"
            );
            held += token.balanceOf(vs[i]);
        }
        address[] memory ws = handler.workersList();
        for (uint256 i = 0; i < ws.length; ++i) {
            assertEq(coordinator.rewardsOwed(ws[i]), 0, "rewards left unclaimed");
            held += token.balanceOf(ws[i]);
        }
        assertEq(held, token.totalSupply(), "tokens outside the known holders");
        vm.revertToState(snap);
    }
}
