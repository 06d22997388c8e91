// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDissectionGame} from "../../src/interfaces/IDissectionGame.sol";
import {DissectionTree} from "../../src/libraries/DissectionTree.sol";
import {GameFixture} from "../utils/GameFixture.sol";

/// @notice Drives one game: the honest side always answers at once from the true trace (trace 0); the other
///         side plays random moves, random lies, or nothing, and time passes at random.
contract GameHandler is GameFixture {
    bool public immutable honestChallenger; // true: the record is a fraud, every defender lies
    uint256[] public traceOf; // defence id → the trace its defender plays
    uint256 public calls;

    constructor(bool honestChallenger_) {
        honestChallenger = honestChallenger_;
        setUp();
        openGame();
        vm.prank(challenger);
        game.deposit{value: 20 * uint256(CHALLENGER_BOND)}(DISPUTE);
        if (!honestChallenger) _defend(defender, 0); // a fraudless record has its honest defender
        _honestMoves();
    }

    function gameAddress() external view returns (address) {
        return address(game);
    }

    function defences() external view returns (uint256) {
        return traceOf.length;
    }

    function _defend(address who, uint256 id) internal {
        if (block.timestamp > game.game(DISPUTE).defenceEnd || traceOf.length >= 4) return;
        if (game.game(DISPUTE).result != IDissectionGame.Result.Pending) return;
        defend(who, id);
        traceOf.push(id);
    }

    /// A lying defender joins with a corrupted trace.
    function lyingDefence(uint256 op, uint256 e, uint32 v, bool propagate) external {
        ++calls;
        op = bound(op, 0, model.OPS() - 1);
        e = bound(e, 0, model.count(op) - 1);
        if (v == model.value(0, op, e)) v ^= 1;
        _defend(defender2, model.corrupt(op, e, v, propagate));
        _honestMoves();
    }

    /// Another honest defender joins (only when the record is honest).
    function honestDefence() external {
        ++calls;
        if (!honestChallenger) _defend(defender2, 0);
        _honestMoves();
    }

    /// The dishonest side of defence `d` moves at random (or, for a lying defender, from its trace).
    function adversaryMove(uint256 d, uint256 seed) external {
        ++calls;
        if (traceOf.length == 0) return;
        d = bound(d, 0, traceOf.length - 1);
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        if (f.phase == IDissectionGame.Phase.Done) return;
        bool lyingDefender = traceOf[d] != 0;
        if (lyingDefender && defenderMoves(f.phase)) {
            try this.defenderMoveExt(d, f.defender, traceOf[d]) {} catch {}
        } else if (!lyingDefender && !defenderMoves(f.phase)) {
            try this.randomChallengerMoveExt(d, seed) {} catch {}
        }
        _honestMoves();
    }

    function defenderMoveExt(uint256 d, address who, uint256 id) external {
        require(msg.sender == address(this));
        defenderMove(d, who, id);
    }

    function randomChallengerMoveExt(uint256 d, uint256 seed) external {
        require(msg.sender == address(this));
        IDissectionGame.Defence memory f = game.defence(DISPUTE, d);
        if (f.phase == IDissectionGame.Phase.Pick) {
            uint256 s = DissectionTree.step(f.height);
            pickChild(d, traceOf[d], seed % (uint256(1) << s));
        } else if (f.phase == IDissectionGame.Phase.PickValue) {
            vm.prank(challenger);
            game.pickValue(DISPUTE, d, seed % 8);
        } else if (f.phase == IDissectionGame.Phase.PickTerm) {
            vm.prank(challenger);
            game.pickTerm(DISPUTE, d, seed % 8);
        } else {
            proveOneStep(d, traceOf[d]);
        }
    }

    /// Time passes (less than a clock: the honest side has answered before, in _honestMoves).
    function warp(uint256 dt) external {
        ++calls;
        vm.warp(block.timestamp + bound(dt, 1, 2 * uint256(CLOCK)));
        for (uint256 d = 0; d < traceOf.length; ++d) {
            if (phase(d) != IDissectionGame.Phase.Done) try game.timeout(DISPUTE, d) {} catch {}
        }
        try game.decide(DISPUTE) {} catch {}
        _honestMoves();
    }

    /// Every honest party whose move it is makes it now.
    function _honestMoves() internal {
        for (uint256 d = 0; d < traceOf.length; ++d) {
            for (uint256 guard = 0; guard < 16; ++guard) {
                IDissectionGame.Phase p = phase(d);
                if (p == IDissectionGame.Phase.Done) break;
                bool lyingDefender = traceOf[d] != 0;
                if (lyingDefender && honestChallenger && !defenderMoves(p)) {
                    challengerMove(d, traceOf[d]);
                } else if (!lyingDefender && defenderMoves(p)) {
                    defenderMove(d, game.defence(DISPUTE, d).defender, 0);
                } else {
                    break;
                }
            }
        }
    }
}

abstract contract GameInvariantBase is GameFixture {
    function _target(GameHandler handler) internal {
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](4);
        selectors[0] = GameHandler.lyingDefence.selector;
        selectors[1] = GameHandler.honestDefence.selector;
        selectors[2] = GameHandler.adversaryMove.selector;
        selectors[3] = GameHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }
}

/// The record is a fraud: the honest challenger wins every defence, so the game is never Honest.
contract GameInvariantsHonestChallengerTest is GameInvariantBase {
    GameHandler internal handler;

    function setUp() public override {
        handler = new GameHandler(true);
        _target(handler);
    }

    /// forge-config: default.invariant.runs = 4
    /// forge-config: default.invariant.depth = 12
    /// forge-config: ci.invariant.runs = 12
    /// forge-config: ci.invariant.depth = 16
    function invariant_honestChallengerNeverLoses() public view {
        DissectionGameHarnessView g = DissectionGameHarnessView(handler.gameAddress());
        for (uint256 d = 0; d < handler.defences(); ++d) {
            IDissectionGame.Defence memory f = g.defence(DISPUTE, d);
            if (f.phase == IDissectionGame.Phase.Done) assertTrue(f.challengerWon, "a lying defender won");
        }
        assertTrue(g.game(DISPUTE).result != IDissectionGame.Result.Honest, "a fraud was upheld");
    }
}

/// The record is honest: its honest defender never loses, so the game is never Fraud.
contract GameInvariantsHonestDefenderTest is GameInvariantBase {
    GameHandler internal handler;

    function setUp() public override {
        handler = new GameHandler(false);
        _target(handler);
    }

    /// forge-config: default.invariant.runs = 4
    /// forge-config: default.invariant.depth = 12
    /// forge-config: ci.invariant.runs = 12
    /// forge-config: ci.invariant.depth = 16
    function invariant_honestDefenderNeverLoses() public view {
        DissectionGameHarnessView g = DissectionGameHarnessView(handler.gameAddress());
        for (uint256 d = 0; d < handler.defences(); ++d) {
            if (handler.traceOf(d) != 0) continue;
            IDissectionGame.Defence memory f = g.defence(DISPUTE, d);
            if (f.phase == IDissectionGame.Phase.Done) {
                assertFalse(f.challengerWon, "an honest defender lost");
            }
        }
        assertTrue(g.game(DISPUTE).result != IDissectionGame.Result.Fraud, "an honest record was ruled Fraud");
    }
}

interface DissectionGameHarnessView {
    function defence(uint256 disputeId, uint256 defenceId)
        external
        view
        returns (IDissectionGame.Defence memory);
    function game(uint256 disputeId) external view returns (IDissectionGame.Game memory);
}
