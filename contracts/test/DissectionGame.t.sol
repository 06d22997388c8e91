// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {IDissectionGame} from "../src/interfaces/IDissectionGame.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {DissectionTree} from "../src/libraries/DissectionTree.sol";
import {GameFixture} from "./utils/GameFixture.sol";
import {Tree} from "./utils/GameModel.sol";

/// Every move, timeout and settlement path of the dissection game, on the model program (35 ops: two state
/// loads, a matmul, a sumRows, a GELU and a chain of add/sub/mul/scale over 300-element tensors).
contract DissectionGameTest is GameFixture {
    function setUp() public override {
        super.setUp();
        openGame();
    }

    function _result() internal view returns (IDissectionGame.Result r, bool isFinal) {
        return game.result(DISPUTE);
    }

    // ------------------------------------------------------------ whole games, honest challenger

    function _lieAndLose(uint256 op, uint256 e, uint32 v, bool propagate) internal returns (uint256 moves) {
        uint256 lie = model.corrupt(op, e, v, propagate);
        uint256 d = defend(defender, lie);
        moves = playOut(d, defender, lie);
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        assertTrue(f.challengerWon, "the honest challenger wins");
        assertEq(f.opIndex, op, "the dissection ends at the corrupted op");
        assertEq(f.elementIndex, e, "and at the corrupted element");
    }

    function test_play_corruptedElementwiseOp_challengerWins() public {
        _lieAndLose(5, 123, 0x40490fdb, true);
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        assertEq(uint8(game.decide(DISPUTE)), uint8(IDissectionGame.Result.Fraud));
        (IDissectionGame.Result r, bool isFinal) = _result();
        assertEq(uint8(r), uint8(IDissectionGame.Result.Fraud));
        assertFalse(isFinal, "not final during the appeal window");
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        (, isFinal) = _result();
        assertTrue(isFinal);
        // The challenger takes both locked bonds and gets its unlocked deposit back (none here).
        assertEq(game.credits(challenger), CHALLENGER_BOND + DEFENDER_BOND);
    }

    function test_play_corruptedLastOp_noPropagation_challengerWins() public {
        _lieAndLose(34, 299, 0, false);
    }

    function test_play_corruptedMatmulElement_termLevel_challengerWins() public {
        _lieAndLose(model.MATMUL_OP(), 3, 0x3f800000, false);
        IDissectionGame.Defence memory f = game.defence(DISPUTE, 0);
        assertEq(f.termIndex, 150, "the claimed sums differ only at their last term");
    }

    function test_play_corruptedSumRows_challengerWins() public {
        _lieAndLose(model.SUM_ROWS_OP(), 9, 0xbf800000, true);
    }

    function test_play_corruptedGelu_challengerWins() public {
        _lieAndLose(model.GELU_OP(), 77, 0x00000001, true);
    }

    function test_play_corruptedStateLoad_chunkInSecondChunk_challengerWins() public {
        _lieAndLose(1, 250, 0x7fc00000, true);
    }

    function test_play_corruptedStateLoad_firstChunk_challengerWins() public {
        _lieAndLose(0, 0, 0x80000000, true);
    }

    /// forge-config: default.fuzz.runs = 12
    /// forge-config: ci.fuzz.runs = 48
    function testFuzz_play_anyCorruption_challengerWins(uint256 op, uint256 e, uint32 v, bool propagate)
        public
    {
        op = bound(op, 0, model.OPS() - 1);
        e = bound(e, 0, model.count(op) - 1);
        vm.assume(v != model.value(0, op, e));
        _lieAndLose(op, e, v, propagate);
    }

    // ------------------------------------------------------------ honest defender, false challenger

    /// The challenger names some child, value or term; the honest defender's one step agrees with the contract.
    function _falseAccusation(uint256 seed) internal returns (uint256 d) {
        d = defend(defender, 0);
        while (phase(d) != IDissectionGame.Phase.Done) {
            IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
            IDissectionGame.Phase p = f.phase;
            if (defenderMoves(p)) {
                defenderMove(d, defender, 0);
            } else if (p == IDissectionGame.Phase.Pick) {
                uint256 s = DissectionTree.step(f.height);
                uint256 h = f.height - s;
                uint256 real = ((uint256(f.leafCount) - 1) >> h) - (uint256(f.index) << s) + 1;
                if (real > (uint256(1) << s)) real = uint256(1) << s;
                pickChild(d, 0, uint256(keccak256(abi.encode(seed, f.height))) % real);
            } else if (p == IDissectionGame.Phase.PickValue || p == IDissectionGame.Phase.PickTerm) {
                uint256 limit = p == IDissectionGame.Phase.PickValue ? f.elementCount : f.termCount;
                uint256 left = limit - uint256(f.index) * 8;
                uint256 slot = uint256(keccak256(abi.encode(seed, "slot"))) % (left < 8 ? left : 8);
                vm.prank(challenger);
                if (p == IDissectionGame.Phase.PickValue) game.pickValue(DISPUTE, d, slot);
                else game.pickTerm(DISPUTE, d, slot);
            } else {
                proveOneStep(d, 0);
            }
        }
    }

    function test_play_falseAccusation_defenderWins_gameHonest() public {
        uint256 d = _falseAccusation(1);
        assertFalse(game.defence(DISPUTE, d).challengerWon);
        (IDissectionGame.Result r,) = _result();
        assertEq(uint8(r), uint8(IDissectionGame.Result.Honest), "one defence won decides Honest at once");
        assertEq(game.credits(defender), CHALLENGER_BOND + DEFENDER_BOND);
    }

    /// forge-config: default.fuzz.runs = 12
    /// forge-config: ci.fuzz.runs = 48
    function testFuzz_play_falseAccusation_defenderWins(uint256 seed) public {
        uint256 d = _falseAccusation(seed);
        assertFalse(game.defence(DISPUTE, d).challengerWon);
    }

    // ------------------------------------------------------------ parallel defences

    function test_defences_colludingSilentWorker_honestDefenderUpholds() public {
        uint256 silent = defend(defender, 0); // the worker colludes: opens a defence and never moves
        uint256 honest = defend(defender2, 0);
        defenderMove(honest, defender2, 0);
        vm.warp(block.timestamp + CLOCK + 1);
        game.timeout(DISPUTE, silent);
        assertTrue(game.defence(DISPUTE, silent).challengerWon);
        (IDissectionGame.Result pending,) = _result();
        assertEq(uint8(pending), uint8(IDissectionGame.Result.Pending), "one lost defence decides nothing");
        // The challenger cannot answer the honest defence (every child it could name agrees): it runs out of time.
        game.timeout(DISPUTE, honest);
        assertFalse(game.defence(DISPUTE, honest).challengerWon);
        (IDissectionGame.Result r,) = _result();
        assertEq(uint8(r), uint8(IDissectionGame.Result.Honest));
    }

    function test_defences_everyDefenceLost_fraud() public {
        uint256 lie = model.corrupt(7, 8, 0x3f000000, true);
        uint256 a = defend(defender, lie);
        uint256 b = defend(defender2, lie);
        vm.prank(challenger);
        game.deposit{value: CHALLENGER_BOND}(DISPUTE);
        playOut(a, defender, lie);
        playOut(b, defender2, lie);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDissectionGame.DefenceWindowOpen.selector, DISPUTE, game.game(DISPUTE).defenceEnd
            )
        );
        game.decide(DISPUTE);
        vm.warp(game.game(DISPUTE).defenceEnd + 1);
        assertEq(uint8(game.decide(DISPUTE)), uint8(IDissectionGame.Result.Fraud));
        assertEq(game.credits(challenger), 2 * (CHALLENGER_BOND + DEFENDER_BOND), "both defences' bonds");
    }

    function test_decide_noDefence_fraud() public {
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        assertEq(uint8(game.decide(DISPUTE)), uint8(IDissectionGame.Result.Fraud));
        assertEq(game.credits(challenger), CHALLENGER_BOND, "the unlocked deposit goes back");
    }

    function test_decide_defenceStillPlayed_reverts() public {
        defend(defender, 0);
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.NotDecided.selector, DISPUTE));
        game.decide(DISPUTE);
    }

    function test_defend_afterWindow_reverts() public {
        uint40 end = game.game(DISPUTE).defenceEnd;
        vm.warp(end + 1);
        bytes32 root = model.traceRoot(0);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.DefenceWindowClosed.selector, DISPUTE, end));
        vm.prank(defender);
        game.defend{value: DEFENDER_BOND}(DISPUTE, root);
    }

    function test_defend_wrongBond_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.WrongBond.selector, 1, DEFENDER_BOND));
        vm.prank(defender);
        game.defend{value: 1}(DISPUTE, keccak256("x"));
    }

    function test_defend_zeroRoot_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.ZeroRoot.selector, "traceRoot"));
        vm.prank(defender);
        game.defend{value: DEFENDER_BOND}(DISPUTE, bytes32(0));
    }

    function test_challenger_secondDefence_needsDeposit() public {
        uint256 lie = model.corrupt(3, 0, 0x3f000000, false);
        defend(defender, lie);
        uint256 b = defend(defender2, lie);
        defenderMove(0, defender, lie);
        challengerMove(0, lie); // locks the first bond
        defenderMove(b, defender2, lie);
        uint256 c = honestChild(b, lie);
        (bytes32 child, bytes32[] memory proof) = childAndProof(b, lie, c);
        vm.expectRevert(
            abi.encodeWithSelector(IDissectionGame.InsufficientDeposit.selector, DISPUTE, 0, CHALLENGER_BOND)
        );
        vm.prank(challenger);
        game.pick(DISPUTE, b, c, child, proof);
        vm.prank(challenger);
        game.deposit{value: CHALLENGER_BOND}(DISPUTE);
        pickChild(b, lie, c);
        assertTrue(game.defence(DISPUTE, b).challengerBondLocked);
    }

    // ------------------------------------------------------------ clocks

    function test_timeout_silentDefender_challengerWins() public {
        uint256 d = defend(defender, 0);
        vm.warp(block.timestamp + CLOCK);
        vm.expectRevert(
            abi.encodeWithSelector(IDissectionGame.NotOutOfTime.selector, DISPUTE, d, CLOCK, CLOCK)
        );
        game.timeout(DISPUTE, d);
        vm.warp(block.timestamp + 1);
        game.timeout(DISPUTE, d);
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        assertTrue(f.challengerWon);
        assertEq(uint8(f.phase), uint8(IDissectionGame.Phase.Done));
        assertEq(game.credits(challenger), DEFENDER_BOND, "no challenger bond was locked");
    }

    function test_timeout_silentChallenger_defenderWins() public {
        uint256 d = defend(defender, 0);
        defenderMove(d, defender, 0);
        vm.warp(block.timestamp + CLOCK + 1);
        game.timeout(DISPUTE, d);
        assertFalse(game.defence(DISPUTE, d).challengerWon);
        (IDissectionGame.Result r,) = _result();
        assertEq(uint8(r), uint8(IDissectionGame.Result.Honest));
        assertEq(game.credits(defender), DEFENDER_BOND);
    }

    function test_clock_runsOnlyForTheMover() public {
        uint256 lie = model.corrupt(20, 1, 0, false);
        uint256 d = defend(defender, lie);
        vm.warp(block.timestamp + 100);
        defenderMove(d, defender, lie);
        vm.warp(block.timestamp + 250);
        challengerMove(d, lie);
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        assertEq(f.defenderClockS, CLOCK - 100);
        assertEq(f.challengerClockS, CLOCK - 250);
    }

    function test_move_afterClockRanOut_revertsOutOfTime() public {
        uint256 d = defend(defender, 0);
        bytes32[] memory c = children(d, 0);
        vm.warp(block.timestamp + CLOCK + 5);
        vm.expectRevert(
            abi.encodeWithSelector(IDissectionGame.OutOfTime.selector, DISPUTE, d, CLOCK + 5, CLOCK)
        );
        vm.prank(defender);
        game.reveal(DISPUTE, d, c);
    }

    /// forge-config: default.fuzz.runs = 12
    /// forge-config: ci.fuzz.runs = 48
    function testFuzz_timeout_loserIsTheMover(uint256 movesBefore, uint256 wait) public {
        uint256 lie = model.corrupt(12, 200, 0x3f800000, true);
        uint256 d = defend(defender, lie);
        movesBefore = bound(movesBefore, 0, 6);
        for (uint256 i = 0; i < movesBefore && phase(d) != IDissectionGame.Phase.Done; ++i) {
            if (defenderMoves(phase(d))) defenderMove(d, defender, lie);
            else challengerMove(d, lie);
        }
        vm.assume(phase(d) != IDissectionGame.Phase.Done);
        bool defenderToMove = defenderMoves(phase(d));
        wait = bound(wait, 0, 3 * uint256(CLOCK));
        vm.warp(block.timestamp + wait);
        if (wait <= CLOCK) {
            vm.expectRevert();
            game.timeout(DISPUTE, d);
        } else {
            game.timeout(DISPUTE, d);
            assertEq(game.defence(DISPUTE, d).challengerWon, defenderToMove);
        }
    }

    // ------------------------------------------------------------ malformed moves

    function test_reveal_wrongChildCount_reverts() public {
        uint256 d = defend(defender, 0);
        bytes32[] memory c = new bytes32[](16);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.ChildrenMismatch.selector, 32, 16));
        vm.prank(defender);
        game.reveal(DISPUTE, d, c);
    }

    function test_reveal_childrenNotHashingToNode_reverts() public {
        uint256 d = defend(defender, 0);
        bytes32[] memory c = children(d, 0);
        c[3] = keccak256("other");
        vm.expectRevert(
            abi.encodeWithSelector(IDissectionGame.ChildrenDoNotHash.selector, model.traceRoot(0))
        );
        vm.prank(defender);
        game.reveal(DISPUTE, d, c);
    }

    function test_reveal_paddingNotZero_reverts() public {
        // 35 ops: a 64-leaf tree whose children 18..31 (pairs of leaves 36..63) are padding.
        bytes32[] memory leaves = new bytes32[](64);
        bytes32[][] memory honest = model.traceLevels(0);
        for (uint256 i = 0; i < 64; ++i) {
            leaves[i] = honest[0][i];
        }
        leaves[63] = keccak256("junk in the padding");
        bytes32[][] memory lv = Tree.build(leaves);
        vm.prank(defender);
        uint256 d = game.defend{value: DEFENDER_BOND}(DISPUTE, Tree.root(lv));
        bytes32[] memory c = new bytes32[](32);
        for (uint256 i = 0; i < 32; ++i) {
            c[i] = lv[1][i];
        }
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.PaddingNotZero.selector, 31));
        vm.prank(defender);
        game.reveal(DISPUTE, d, c);
    }

    function test_pick_paddingChild_reverts() public {
        uint256 d = defend(defender, 0);
        defenderMove(d, defender, 0);
        bytes32[][] memory lv = model.traceLevels(0);
        bytes32[] memory proof = Tree.proof(lv, 1, 20, 5);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadPick.selector, 20));
        vm.prank(challenger);
        game.pick(DISPUTE, d, 20, lv[1][20], proof);
    }

    function test_pick_wrongChild_reverts() public {
        uint256 d = defend(defender, 0);
        defenderMove(d, defender, 0);
        bytes32[][] memory lv = model.traceLevels(0);
        bytes32[] memory proof = Tree.proof(lv, 1, 2, 5);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadOpening.selector, "child"));
        vm.prank(challenger);
        game.pick(DISPUTE, d, 2, lv[1][3], proof);
    }

    function test_move_byWrongParty_reverts() public {
        uint256 d = defend(defender, 0);
        bytes32[] memory c = children(d, 0);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.NotMover.selector, DISPUTE, d, challenger));
        vm.prank(challenger);
        game.reveal(DISPUTE, d, c);
    }

    function test_move_inWrongPhase_reverts() public {
        uint256 d = defend(defender, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDissectionGame.WrongPhase.selector, DISPUTE, d, IDissectionGame.Phase.Reveal
            )
        );
        vm.prank(challenger);
        game.pickValue(DISPUTE, d, 0);
    }

    function test_openOp_wrongTensorRoot_reverts() public {
        uint256 lie = model.corrupt(4, 0, 0x3f800000, false);
        uint256 d = defend(defender, lie);
        while (phase(d) != IDissectionGame.Phase.OpenOp) {
            if (defenderMoves(phase(d))) defenderMove(d, defender, lie);
            else challengerMove(d, lie);
        }
        bytes memory op = model.ops(4);
        bytes32[] memory pp = model.programProof(4);
        bytes32 honestRoot = model.tensorRoot(0, 4);
        uint64 n = uint64(model.count(4));
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadOpening.selector, "trace leaf"));
        vm.prank(defender);
        game.openOp(DISPUTE, d, honestRoot, n, op, pp);
    }

    function test_openOp_opNotInProgram_reverts() public {
        uint256 lie = model.corrupt(4, 0, 0x3f800000, false);
        uint256 d = defend(defender, lie);
        while (phase(d) != IDissectionGame.Phase.OpenOp) {
            if (defenderMoves(phase(d))) defenderMove(d, defender, lie);
            else challengerMove(d, lie);
        }
        bytes memory op = model.ops(5);
        bytes32[] memory pp = model.programProof(4);
        bytes32 root = model.tensorRoot(lie, 4);
        uint64 n = uint64(model.count(4));
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadOpening.selector, "op against programRoot"));
        vm.prank(defender);
        game.openOp(DISPUTE, d, root, n, op, pp);
    }

    function test_proveOneStep_badOperandOpening_reverts() public {
        uint256 lie = model.corrupt(9, 5, 0x3f800000, false);
        uint256 d = defend(defender, lie);
        while (phase(d) != IDissectionGame.Phase.OneStep) {
            if (defenderMoves(phase(d))) defenderMove(d, defender, lie);
            else challengerMove(d, lie);
        }
        IDissectionGame.OperandOpening[] memory o = model.openings(lie, 9, 5, 0);
        o[0].word = bytes32(uint256(o[0].word) ^ 1);
        bytes memory op = model.ops(9);
        bytes32[] memory none;
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.BadOpening.selector, "operand tensor leaf"));
        vm.prank(challenger);
        game.proveOneStep(DISPUTE, d, op, o, bytes32(0), none);
    }

    // ------------------------------------------------------------ appeal, payouts

    function test_overturn_withinWindow_flipsResult() public {
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        game.decide(DISPUTE);
        vm.prank(admin);
        game.overturn(DISPUTE, IDissectionGame.Ground.ProgramDeviatesFromSpec, "ipfs://evidence");
        (IDissectionGame.Result r, bool isFinal) = _result();
        assertEq(uint8(r), uint8(IDissectionGame.Result.Honest));
        assertTrue(isFinal);
        vm.prank(admin);
        vm.expectRevert();
        game.overturn(DISPUTE, IDissectionGame.Ground.ContractArithmeticBug, "twice");
    }

    function test_overturn_afterWindow_reverts() public {
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        game.decide(DISPUTE);
        uint40 end = uint40(block.timestamp + APPEAL_WINDOW);
        vm.warp(end + 1);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.AppealWindowClosed.selector, DISPUTE, end));
        vm.prank(admin);
        game.overturn(DISPUTE, IDissectionGame.Ground.ContractArithmeticBug, "");
    }

    function test_overturn_noGround_reverts() public {
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        game.decide(DISPUTE);
        vm.expectRevert(IDissectionGame.InvalidGround.selector);
        vm.prank(admin);
        game.overturn(DISPUTE, IDissectionGame.Ground.None, "");
    }

    function test_overturn_notAppealRole_reverts() public {
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        game.decide(DISPUTE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, challenger, game.APPEAL_ROLE()
            )
        );
        vm.prank(challenger);
        game.overturn(DISPUTE, IDissectionGame.Ground.ContractArithmeticBug, "");
    }

    function test_withdraw_paysCredits() public {
        test_play_falseAccusation_defenderWins_gameHonest();
        uint256 before = defender.balance;
        vm.prank(defender);
        game.withdraw();
        assertEq(defender.balance - before, CHALLENGER_BOND + DEFENDER_BOND);
        assertEq(address(game).balance, 0, "nothing left behind");
    }

    function test_setRunGame_rejectsBadParams() public {
        IDissectionGame.RunGame memory rg = runGame();
        rg.clockS = 10;
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.InvalidRunGame.selector, "clockS"));
        vm.prank(admin);
        game.setRunGame(2, rg);
        rg.clockS = CLOCK;
        rg.programRoot = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.InvalidRunGame.selector, "programRoot"));
        vm.prank(admin);
        game.setRunGame(2, rg);
    }

    function test_openGame_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDissectionGame.GameExists.selector, DISPUTE));
        vm.prank(challenger);
        game.openForTest{value: CHALLENGER_BOND}(
            DISPUTE, RUN, 5, bytes32(0), ICoordinator.StepRecord(bytes32(0), 0)
        );
    }

    /// The engine's vector (docs/game.md, Encodings §5): mlp-relu-sgd's op 10 and its program leaf.
    function test_opBytes_engineVector_sameLeaf() public pure {
        uint256[] memory operands = new uint256[](2);
        (operands[0], operands[1]) = (8, 1);
        uint256[] memory scalars = new uint256[](3);
        (scalars[0], scalars[1], scalars[2]) = (16, 784, 32);
        bytes memory opBytes = abi.encode(uint256(3), operands, scalars, uint256(512));
        assertEq(keccak256(opBytes), 0xb08ae057614da5dbff22d8268ba92254856dbbe29a051b0c62343fa77e396c46);
    }

    // ------------------------------------------------------------ gas

    /// Gas of each move in one whole game (the figures of docs/game.md), matmul element (term level) and
    /// elementwise op.
    function test_gas_wholeGames() public {
        _gasGame(model.MATMUL_OP(), 2, "matmul element");
        _gasGame(30, 17, "elementwise (add)");
        _gasGame(1, 250, "state load");
    }

    function _gasGame(uint256 op, uint256 e, string memory name) internal {
        uint256 lie = model.corrupt(op, e, 0x3f800000, false);
        vm.prank(challenger);
        game.deposit{value: CHALLENGER_BOND}(DISPUTE);
        uint256 d = defend(defender, lie);
        uint256 total;
        uint256 moves;
        while (phase(d) != IDissectionGame.Phase.Done) {
            IDissectionGame.Phase p = phase(d);
            if (defenderMoves(p)) defenderMove(d, defender, lie);
            else challengerMove(d, lie);
            // Each move's last external call is the game's: its execution gas, without the transaction's
            // 21,000 and calldata.
            uint256 used = vm.lastCallGas().gasTotalUsed;
            total += used;
            ++moves;
            console2.log(name, uint256(p), used);
        }
        console2.log(name, "moves", moves);
        console2.log(name, "total execution gas", total);
    }
}
