// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./utils/Base.t.sol";
import {DissectionGame} from "../src/DissectionGame.sol";
import {GameOneStep} from "../src/GameOneStep.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";
import {IDissectionGame} from "../src/interfaces/IDissectionGame.sol";

/// The game wired into the dispute flow: openGame proves records j-1 and j against the submission, the court
/// leaves the case to the game (no vote), and resolveByGame settles the dispute with the coordinator.
contract CoordinatorGameTest is Base {
    DissectionGame internal game;
    address internal worker2 = makeAddr("worker2");
    uint96 internal constant GAME_BOND = 0.1 ether;

    function setUp() public override {
        super.setUp();
        game = new DissectionGame(admin, coordinator, court, new GameOneStep());
        vm.startPrank(admin);
        court.setGame(address(game));
        game.setRunGame(
            runId,
            IDissectionGame.RunGame({
                programRoot: keccak256("program"),
                opCount: 35,
                challengerBondWei: GAME_BOND,
                defenderBondWei: GAME_BOND,
                clockS: 1 hours,
                defenceWindowS: 30 minutes,
                appealWindowS: 1 days,
                stateDataStart: 64
            })
        );
        vm.stopPrank();
        vm.deal(worker2, 10 ether);
    }

    /// A step dispute by carol, then its game; a false accusation (badStep 0) claims some other root.
    function _openGame(uint64 badStep, uint64 step) internal returns (uint256 disputeId) {
        (uint256 id, Commitment memory c) = work(alice, badStep);
        ICoordinator.DisputeClaim memory claim = claimFor(id, c, step);
        if (badStep == 0) claim.claimedRoot = keccak256("a false claim");
        vm.prank(carol);
        disputeId = coordinator.openDispute{value: CHALLENGER_BOND}(id, claim);
        vm.prank(carol);
        game.openGame{value: GAME_BOND}(disputeId, claim.prev, claim.prevProof, claim.record, claim.proof);
    }

    function test_game_undefendedFraud_settlesWithoutVote() public {
        uint256 disputeId = _openGame(3, 3);
        assertEq(court.gameState(disputeId), 1);
        // No vote may be committed, and the vote cannot resolve the case.
        bytes32 commitment =
            court.commitmentOf(disputeId, validators[0], IDisputeCourt.Vote.Honest, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.GameDecides.selector, disputeId));
        vm.prank(validators[0]);
        court.commitVote(disputeId, commitment);
        vm.warp(block.timestamp + 30 minutes + 1);
        game.decide(disputeId);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.GameNotFinal.selector, disputeId));
        court.resolveByGame(disputeId);
        vm.warp(block.timestamp + 1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.GameDecides.selector, disputeId));
        court.resolve(disputeId);
        uint256 before = coordinator.credits(carol);
        assertEq(uint8(court.resolveByGame(disputeId)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(uint8(coordinator.dispute(disputeId).status), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(
            uint8(coordinator.lease(coordinator.dispute(disputeId).submissionId).status),
            uint8(ICoordinator.Status.Invalid)
        );
        assertGt(
            coordinator.credits(carol), before, "the challenger's bond is back (its share once all settle)"
        );
        assertSolvent();
    }

    /// 35 ops: the first round reveals 32 nodes of height 1, of which 18..31 cover only padding.
    function _traceChildren() internal pure returns (bytes32[] memory c, bytes32 root) {
        c = new bytes32[](32);
        for (uint256 i = 0; i < 32; ++i) {
            c[i] = i < 18
                ? keccak256(abi.encode("node", i))
                : keccak256(abi.encodePacked(bytes32(0), bytes32(0)));
        }
        bytes32[] memory layer = c;
        while (layer.length > 1) {
            bytes32[] memory next = new bytes32[](layer.length / 2);
            for (uint256 i = 0; i < next.length; ++i) {
                next[i] = keccak256(abi.encodePacked(layer[2 * i], layer[2 * i + 1]));
            }
            layer = next;
        }
        root = layer[0];
    }

    function test_game_challengerSilent_defenderWins_falseAccuserLoses() public {
        uint256 disputeId = _openGame(0, 4);
        (bytes32[] memory c, bytes32 root) = _traceChildren();
        vm.prank(alice);
        uint256 d = game.defend{value: GAME_BOND}(disputeId, root);
        vm.prank(alice);
        game.reveal(disputeId, d, c);
        vm.warp(block.timestamp + 1 hours + 1);
        game.timeout(disputeId, d); // the challenger cannot name a wrong child
        (IDissectionGame.Result r,) = game.result(disputeId);
        assertEq(uint8(r), uint8(IDissectionGame.Result.Honest));
        vm.warp(block.timestamp + 1 days + 1);
        uint256 workerBefore = coordinator.credits(alice);
        assertEq(uint8(court.resolveByGame(disputeId)), uint8(ICoordinator.DisputeStatus.Honest));
        assertEq(
            coordinator.credits(alice) - workerBefore,
            CHALLENGER_BOND * defaultParams().workerRewardBps / 10_000
        );
        assertEq(game.credits(alice), GAME_BOND, "its own game bond back (the silent challenger locked none)");
        assertSolvent();
    }

    function test_game_overturnedOnAppeal() public {
        uint256 disputeId = _openGame(0, 4);
        vm.warp(block.timestamp + 30 minutes + 1);
        assertEq(uint8(game.decide(disputeId)), uint8(IDissectionGame.Result.Fraud));
        vm.prank(admin);
        game.overturn(disputeId, IDissectionGame.Ground.ContractArithmeticBug, "ipfs://report");
        assertEq(uint8(court.resolveByGame(disputeId)), uint8(ICoordinator.DisputeStatus.Honest));
        assertSolvent();
    }

    /// A one-op program whose op is a host input (batch derivation): the game hands the case back to the vote.
    function test_game_unjudgedOp_backToTheVote() public {
        bytes memory loadInput = abi.encode(uint256(1), new uint256[](0), new uint256[](2), uint256(16));
        IDissectionGame.RunGame memory rg = game.runGame(runId);
        rg.programRoot = keccak256(loadInput);
        rg.opCount = 1;
        vm.prank(admin);
        game.setRunGame(runId, rg);
        uint256 disputeId = _openGame(3, 3);
        bytes32 tensorRoot = keccak256("batch");
        vm.prank(alice);
        uint256 d = game.defend{value: GAME_BOND}(
            disputeId, keccak256(abi.encode(uint256(0), tensorRoot, uint256(16)))
        );
        vm.prank(alice);
        game.openOp(disputeId, d, tensorRoot, 16, loadInput, new bytes32[](0));
        assertTrue(game.defence(disputeId, d).toCourt);
        vm.warp(block.timestamp + 30 minutes + 1);
        assertEq(uint8(game.decide(disputeId)), uint8(IDissectionGame.Result.Court));
        assertEq(uint8(court.resolveByGame(disputeId)), uint8(ICoordinator.DisputeStatus.Open));
        assertEq(court.gameState(disputeId), 0);
        assertEq(court.getCase(disputeId).round, 1, "a fresh round");
        // The vote decides it as before the game.
        vm.roll(block.number + 1);
        judge(disputeId, IDisputeCourt.Vote.Fraud);
        assertEq(uint8(coordinator.dispute(disputeId).status), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(game.credits(alice), GAME_BOND, "the defender's bond is refunded");
        assertSolvent();
    }

    function test_openGame_afterCommitPhase_reverts() public {
        (uint256 id, Commitment memory c) = work(alice, 3);
        uint256 disputeId = dispute(carol, id, c, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(id, c, 3);
        vm.warp(block.timestamp + COMMIT_DURATION + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotClaimable.selector, disputeId));
        vm.prank(carol);
        game.openGame{value: GAME_BOND}(disputeId, claim.prev, claim.prevProof, claim.record, claim.proof);
    }

    function test_openGame_wrongRecord_reverts() public {
        (uint256 id, Commitment memory c) = work(alice, 3);
        uint256 disputeId = dispute(carol, id, c, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(id, c, 3);
        claim.record.stateRoot = keccak256("not the record");
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadRecord.selector, 3));
        vm.prank(carol);
        game.openGame{value: GAME_BOND}(disputeId, claim.prev, claim.prevProof, claim.record, claim.proof);
    }

    function test_openGame_notChallenger_reverts() public {
        (uint256 id, Commitment memory c) = work(alice, 3);
        uint256 disputeId = dispute(carol, id, c, 3);
        ICoordinator.DisputeClaim memory claim = claimFor(id, c, 3);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.NotChallenger.selector, disputeId, bob));
        vm.prank(bob);
        game.openGame{value: GAME_BOND}(disputeId, claim.prev, claim.prevProof, claim.record, claim.proof);
    }

    function test_claimForGame_notGame_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotGame.selector, address(this)));
        court.claimForGame(1);
    }
}
