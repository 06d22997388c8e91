// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {GameOneStep} from "../../src/GameOneStep.sol";
import {IDissectionGame} from "../../src/interfaces/IDissectionGame.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {DissectionTree} from "../../src/libraries/DissectionTree.sol";
import {GameOps} from "../../src/libraries/GameOps.sol";
import {DissectionGameHarness} from "../harness/DissectionGameHarness.sol";
import {GameModel, Tree} from "./GameModel.sol";

/// @notice A game contract, the model program, and the moves an honest player derives from a trace: the
///         defender plays its trace `id`; the honest challenger compares what the defender reveals with trace 0.
abstract contract GameFixture is Test {
    DissectionGameHarness internal game;
    GameOneStep internal oneStep;
    GameModel internal model;

    address internal admin = makeAddr("admin");
    address internal challenger = makeAddr("challenger");
    address internal defender = makeAddr("defender");
    address internal defender2 = makeAddr("defender2");

    uint256 internal constant RUN = 1;
    uint256 internal constant DISPUTE = 7;
    uint96 internal constant CHALLENGER_BOND = 0.2 ether;
    uint96 internal constant DEFENDER_BOND = 0.3 ether;
    uint32 internal constant CLOCK = 1 hours;
    uint32 internal constant DEFENCE_WINDOW = 30 minutes;
    uint32 internal constant APPEAL_WINDOW = 1 days;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        oneStep = new GameOneStep();
        game = new DissectionGameHarness(admin, oneStep);
        model = new GameModel();
        IDissectionGame.RunGame memory rg = runGame();
        vm.prank(admin);
        game.setRunGame(RUN, rg);
        vm.deal(challenger, 100 ether);
        vm.deal(defender, 100 ether);
        vm.deal(defender2, 100 ether);
    }

    function runGame() internal view returns (IDissectionGame.RunGame memory) {
        return IDissectionGame.RunGame({
            programRoot: model.programRoot(),
            opCount: uint64(model.OPS()),
            challengerBondWei: CHALLENGER_BOND,
            defenderBondWei: DEFENDER_BOND,
            clockS: CLOCK,
            defenceWindowS: DEFENCE_WINDOW,
            appealWindowS: APPEAL_WINDOW,
            stateDataStart: model.D()
        });
    }

    function openGame() internal {
        bytes32 prevRoot = model.stateRoot();
        vm.prank(challenger);
        game.openForTest{value: CHALLENGER_BOND}(
            DISPUTE, RUN, 5, prevRoot, ICoordinator.StepRecord(keccak256("claimed"), 0)
        );
    }

    function defend(address who, uint256 traceId) internal returns (uint256 d) {
        bytes32 root = model.traceRoot(traceId);
        vm.prank(who);
        d = game.defend{value: DEFENDER_BOND}(DISPUTE, root);
    }

    function phase(uint256 d) internal view returns (IDissectionGame.Phase) {
        return game.defence(DISPUTE, d).phase;
    }

    /// The tree the defence is in, as trace `id` builds it.
    function levels(uint256 d, uint256 id) internal view returns (bytes32[][] memory) {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        if (f.level == IDissectionGame.Level.Op) return model.traceLevels(id);
        if (f.level == IDissectionGame.Level.Element) return model.tensorLevels(id, f.opIndex);
        return model.sumsLevels(id, f.opIndex, f.elementIndex);
    }

    // ------------------------------------------------------------ defender moves (from trace id)

    function children(uint256 d, uint256 id) internal view returns (bytes32[] memory c) {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        bytes32[][] memory lv = levels(d, id);
        uint256 s = DissectionTree.step(f.height);
        c = new bytes32[](uint256(1) << s);
        for (uint256 i = 0; i < c.length; ++i) {
            c[i] = lv[f.height - s][(uint256(f.index) << s) + i];
        }
    }

    function defenderMove(uint256 d, address who, uint256 id) internal {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        if (f.phase == IDissectionGame.Phase.Reveal) {
            bytes32[] memory c = children(d, id);
            vm.prank(who);
            game.reveal(DISPUTE, d, c);
        } else if (f.phase == IDissectionGame.Phase.OpenOp) {
            uint256 i = f.index;
            bytes32 root = model.tensorRoot(id, i);
            bytes memory op = model.ops(i);
            bytes32[] memory pp = model.programProof(i);
            uint64 n = uint64(model.count(i));
            vm.prank(who);
            game.openOp(DISPUTE, d, root, n, op, pp);
        } else if (f.phase == IDissectionGame.Phase.CommitSums) {
            bytes32[][] memory lv = model.sumsLevels(id, f.opIndex, f.elementIndex);
            uint256 last = lv[0].length - 1;
            uint256 leafCount = (uint256(f.termCount) + 7) / 8;
            bytes memory op = model.ops(f.opIndex);
            bytes32[] memory proof = Tree.leafProof(lv, leafCount - 1);
            last = leafCount - 1;
            vm.prank(who);
            game.commitSums(DISPUTE, d, op, Tree.root(lv), lv[0][last], proof);
        } else {
            revert("not a defender phase");
        }
    }

    // ------------------------------------------------------------ honest challenger moves

    /// The first revealed child that differs from trace 0's (the honest recomputation).
    function honestChild(uint256 d, uint256 defenderId) internal view returns (uint256 c) {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        bytes32[][] memory mine = levels(d, 0);
        bytes32[] memory theirs = children(d, defenderId);
        uint256 s = DissectionTree.step(f.height);
        for (c = 0; c < theirs.length; ++c) {
            if (theirs[c] != mine[f.height - s][(uint256(f.index) << s) + c]) return c;
        }
        revert("no differing child");
    }

    function childAndProof(uint256 d, uint256 defenderId, uint256 c)
        internal
        view
        returns (bytes32 child, bytes32[] memory proof)
    {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        bytes32[][] memory lv = levels(d, defenderId);
        uint256 s = DissectionTree.step(f.height);
        uint256 h = f.height - s;
        uint256 index = (uint256(f.index) << s) + c;
        proof = Tree.proof(lv, h, index, s);
        child = lv[h][index];
    }

    function pickChild(uint256 d, uint256 defenderId, uint256 c) internal {
        (bytes32 child, bytes32[] memory proof) = childAndProof(d, defenderId, c);
        vm.prank(challenger);
        game.pick(DISPUTE, d, c, child, proof);
    }

    function honestSlot(uint256 d, uint256 defenderId) internal view returns (uint256 slot) {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        bytes32 mine = levels(d, 0)[0][f.index];
        for (slot = 0; slot < 8; ++slot) {
            if (DissectionTree.valueAt(f.node, slot) != DissectionTree.valueAt(mine, slot)) return slot;
        }
        defenderId;
        revert("no differing value");
    }

    function proveOneStep(uint256 d, uint256 defenderId) internal {
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        bytes memory op = model.ops(f.opIndex);
        if (f.kind == GameOps.LOAD_STATE) {
            uint256 at = model.D() + model.decodeOp(f.opIndex).scalars[1] + 4 * uint256(f.elementIndex);
            bytes memory c = model.chunk(at / 4096);
            bytes32[] memory sib = model.chunkSiblings(at / 4096);
            uint256 len = model.D() + model.T1_OFFSET() + 4 * model.N();
            vm.prank(challenger);
            game.proveLoad(DISPUTE, d, op, len, c, sib);
            return;
        }
        IDissectionGame.OperandOpening[] memory o =
            model.openings(defenderId, f.opIndex, f.elementIndex, f.termIndex);
        bytes32 word;
        bytes32[] memory proof;
        if (f.termIndex > 1 && (f.termIndex - 1) % 8 == 0) {
            bytes32[][] memory lv = model.sumsLevels(defenderId, f.opIndex, f.elementIndex);
            uint256 prevLeaf = (f.termIndex - 1) / 8 - 1;
            word = lv[0][prevLeaf];
            proof = Tree.leafProof(lv, prevLeaf);
        }
        vm.prank(challenger);
        game.proveOneStep(DISPUTE, d, op, o, word, proof);
    }

    /// One move of the honest challenger against a defender holding trace `defenderId`.
    function challengerMove(uint256 d, uint256 defenderId) internal {
        IDissectionGame.Phase p = phase(d);
        if (p == IDissectionGame.Phase.Pick) {
            pickChild(d, defenderId, honestChild(d, defenderId));
        } else if (p == IDissectionGame.Phase.PickValue) {
            uint256 slot = honestSlot(d, defenderId);
            vm.prank(challenger);
            game.pickValue(DISPUTE, d, slot);
        } else if (p == IDissectionGame.Phase.PickTerm) {
            uint256 slot = honestSlot(d, defenderId);
            vm.prank(challenger);
            game.pickTerm(DISPUTE, d, slot);
        } else if (p == IDissectionGame.Phase.OneStep) {
            proveOneStep(d, defenderId);
        } else {
            revert("not a challenger phase");
        }
    }

    function defenderMoves(IDissectionGame.Phase p) internal pure returns (bool) {
        return p == IDissectionGame.Phase.Reveal || p == IDissectionGame.Phase.OpenOp
            || p == IDissectionGame.Phase.CommitSums;
    }

    /// Plays defence d to its end: the defender from trace `defenderId`, the challenger honestly. Returns moves.
    function playOut(uint256 d, address who, uint256 defenderId) internal returns (uint256 moves) {
        while (phase(d) != IDissectionGame.Phase.Done) {
            vm.warp(block.timestamp + 60);
            if (defenderMoves(phase(d))) defenderMove(d, who, defenderId);
            else challengerMove(d, defenderId);
            ++moves;
        }
    }
}
