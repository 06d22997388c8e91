// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICoordinator} from "./interfaces/ICoordinator.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IDissectionGame} from "./interfaces/IDissectionGame.sol";
import {DissectionTree} from "./libraries/DissectionTree.sol";
import {GameOps} from "./libraries/GameOps.sol";
import {GameOneStep} from "./GameOneStep.sol";
import {StepRecords} from "./libraries/StepRecords.sol";

/// @title DissectionGame
/// @notice See IDissectionGame and docs/game.md.
/// @dev Value flows: every wei in is a challenger deposit, a locked bond of a live defence, or a credit; a defence
///      that ends credits both its locked bonds to its winner; a game's unlocked deposit is credited back to the
///      challenger when the game is decided. Nothing else moves ETH.
contract DissectionGame is IDissectionGame, AccessControl, ReentrancyGuard {
    using DissectionTree for bytes32[];

    bytes32 public constant CONFIG_ROLE = keccak256("CONFIG_ROLE");
    bytes32 public constant APPEAL_ROLE = keccak256("APPEAL_ROLE");
    /// @notice Bounds on the per-run parameters: a clock of at least a minute, windows of at most 30 days.
    uint256 public constant MIN_CLOCK_S = 60;
    uint256 public constant MAX_WINDOW_S = 30 days;

    ICoordinator public immutable coordinator;
    IDisputeCourt public immutable court;
    GameOneStep public immutable oneStep;

    mapping(uint256 runId => RunGame) internal _runGames;
    mapping(uint256 disputeId => Game) internal _games;
    mapping(uint256 disputeId => mapping(uint256 defenceId => Defence)) internal _defences;
    mapping(address account => uint256) public credits;

    constructor(address admin, ICoordinator coordinator_, IDisputeCourt court_, GameOneStep oneStep_) {
        coordinator = coordinator_;
        court = court_;
        oneStep = oneStep_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(CONFIG_ROLE, admin);
        _grantRole(APPEAL_ROLE, admin);
    }

    // ------------------------------------------------------------------ configuration and opening

    /// @inheritdoc IDissectionGame
    function setRunGame(uint256 runId, RunGame calldata config) external onlyRole(CONFIG_ROLE) {
        if (config.programRoot == bytes32(0)) revert InvalidRunGame("programRoot");
        if (config.opCount == 0) revert InvalidRunGame("opCount");
        if (config.challengerBondWei == 0) revert InvalidRunGame("challengerBondWei");
        if (config.defenderBondWei == 0) revert InvalidRunGame("defenderBondWei");
        if (config.clockS < MIN_CLOCK_S || config.clockS > MAX_WINDOW_S) revert InvalidRunGame("clockS");
        if (config.defenceWindowS == 0 || config.defenceWindowS > MAX_WINDOW_S) {
            revert InvalidRunGame("defenceWindowS");
        }
        if (config.appealWindowS > MAX_WINDOW_S) revert InvalidRunGame("appealWindowS");
        _runGames[runId] = config;
        emit RunGameSet(runId, config);
    }

    /// @inheritdoc IDissectionGame
    function openGame(
        uint256 disputeId,
        ICoordinator.StepRecord calldata prev,
        bytes32[] calldata prevProof,
        ICoordinator.StepRecord calldata record,
        bytes32[] calldata proof
    ) external payable {
        ICoordinator.Dispute memory d = coordinator.dispute(disputeId);
        if (d.status != ICoordinator.DisputeStatus.Open || d.step == 0) {
            revert NotGameDispute(disputeId, d.step);
        }
        if (msg.sender != d.challenger) revert NotChallenger(disputeId, msg.sender);
        ICoordinator.Lease memory s = coordinator.lease(d.submissionId);
        uint64 step = d.step;
        if (!StepRecords.verify(
                proof, s.stepsRoot, s.runId, step, record.stateRoot, record.lossBits, s.firstStep, s.lastStep
            )) {
            revert BadRecord(step);
        }
        if (!_verifyPrev(s, step - 1, prev, prevProof)) revert BadRecord(step - 1);
        // INVARIANT: the court leaves a dispute to the game only while no vote of it can have been decided.
        court.claimForGame(disputeId);
        _open(disputeId, s.runId, step, prev.stateRoot, record);
    }

    function _verifyPrev(
        ICoordinator.Lease memory s,
        uint64 prevStep,
        ICoordinator.StepRecord calldata prev,
        bytes32[] calldata prevProof
    ) internal view returns (bool) {
        if (prevStep >= s.firstStep) {
            return StepRecords.verify(
                prevProof,
                s.stepsRoot,
                s.runId,
                prevStep,
                prev.stateRoot,
                prev.lossBits,
                s.firstStep,
                s.lastStep
            );
        }
        if (s.parentId == 0) return prev.stateRoot == coordinator.runConfig(s.runId).genesisRoot;
        ICoordinator.Lease memory p = coordinator.lease(s.parentId);
        return StepRecords.verify(
            prevProof, p.stepsRoot, s.runId, prevStep, prev.stateRoot, prev.lossBits, p.firstStep, p.lastStep
        );
    }

    function _open(
        uint256 disputeId,
        uint256 runId,
        uint64 step,
        bytes32 prevStateRoot,
        ICoordinator.StepRecord calldata record
    ) internal {
        RunGame memory rg = _runGames[runId];
        if (rg.programRoot == bytes32(0)) revert NoRunGame(runId);
        Game storage g = _games[disputeId];
        if (g.challenger != address(0)) revert GameExists(disputeId);
        if (msg.value != rg.challengerBondWei) revert WrongBond(msg.value, rg.challengerBondWei);
        g.challenger = msg.sender;
        g.defenceEnd = uint40(block.timestamp + rg.defenceWindowS);
        g.result = Result.Pending;
        g.step = step;
        g.prevStateRoot = prevStateRoot;
        g.claimedStateRoot = record.stateRoot;
        g.claimedLossBits = record.lossBits;
        g.challengerDepositWei = msg.value;
        g.run = rg;
        emit GameOpened(disputeId, msg.sender, step, prevStateRoot, record.stateRoot, g.defenceEnd);
    }

    /// @inheritdoc IDissectionGame
    function deposit(uint256 disputeId) external payable {
        Game storage g = _game(disputeId);
        if (msg.sender != g.challenger) revert NotChallenger(disputeId, msg.sender);
        if (g.result != Result.Pending) revert NotGameDispute(disputeId, g.step);
        g.challengerDepositWei += msg.value;
        emit Deposited(disputeId, msg.sender, msg.value);
    }

    /// @inheritdoc IDissectionGame
    function defend(uint256 disputeId, bytes32 traceRoot) external payable returns (uint256 defenceId) {
        Game storage g = _game(disputeId);
        // INVARIANT: every defence opens inside the window, so a decided Fraud cannot be undone by a late one.
        if (block.timestamp > g.defenceEnd || g.result != Result.Pending) {
            revert DefenceWindowClosed(disputeId, g.defenceEnd);
        }
        if (msg.value != g.run.defenderBondWei) revert WrongBond(msg.value, g.run.defenderBondWei);
        if (traceRoot == bytes32(0)) revert ZeroRoot("traceRoot");
        defenceId = g.defences++;
        Defence storage f = _defences[disputeId][defenceId];
        f.defender = msg.sender;
        f.lastMoveAt = uint40(block.timestamp);
        f.defenderClockS = g.run.clockS;
        f.challengerClockS = g.run.clockS;
        f.traceRoot = traceRoot;
        emit DefenceOpened(disputeId, defenceId, msg.sender, traceRoot);
        _enterTree(f, Level.Op, traceRoot, g.run.opCount);
    }

    // ------------------------------------------------------------------ dissection

    /// @inheritdoc IDissectionGame
    function reveal(uint256 disputeId, uint256 defenceId, bytes32[] calldata children) external {
        (, Defence storage f) = _defenderMove(disputeId, defenceId, Phase.Reveal);
        uint256 h = f.height;
        uint256 s = DissectionTree.step(h);
        if (children.length != (uint256(1) << s)) revert ChildrenMismatch(uint256(1) << s, children.length);
        // INVARIANT: children covering only padding are the zero subtree, so a differing child is always a real one.
        uint256 childHeight = h - s;
        uint256 firstChild = uint256(f.index) << s;
        uint256 lastReal = (uint256(f.leafCount) - 1) >> childHeight;
        if (firstChild + children.length - 1 > lastReal) {
            bytes32 zero = DissectionTree.zeroNode(childHeight);
            for (uint256 c = lastReal + 1 - firstChild; c < children.length; ++c) {
                if (children[c] != zero) revert PaddingNotZero(c);
            }
        }
        bytes32[] memory copy = children;
        if (copy.rehash() != f.node) revert ChildrenDoNotHash(f.node);
        f.phase = Phase.Pick;
        emit ChildrenRevealed(disputeId, defenceId, f.level, f.height, f.index, children);
    }

    /// @inheritdoc IDissectionGame
    function pick(
        uint256 disputeId,
        uint256 defenceId,
        uint256 childIndex,
        bytes32 child,
        bytes32[] calldata proof
    ) external {
        (, Defence storage f) = _challengerMove(disputeId, defenceId, Phase.Pick);
        uint256 s = DissectionTree.step(f.height);
        if (proof.length != s) revert BadOpening("child proof length");
        uint256 childHeight = f.height - s;
        uint256 index = (uint256(f.index) << s) + childIndex;
        if (childIndex >= (uint256(1) << s) || (index << childHeight) >= f.leafCount) {
            revert BadPick(childIndex);
        }
        if (!DissectionTree.verify(proof, f.node, child, childIndex)) revert BadOpening("child");
        f.node = child;
        f.height = uint8(childHeight);
        f.index = uint64(index);
        emit ChildPicked(disputeId, defenceId, f.level, f.height, f.index);
        f.phase = childHeight == 0 ? _atLeaf(f.level) : Phase.Reveal;
    }

    /// @inheritdoc IDissectionGame
    function openOp(
        uint256 disputeId,
        uint256 defenceId,
        bytes32 tensorRoot,
        uint64 elementCount,
        bytes calldata opBytes,
        bytes32[] calldata programProof
    ) external {
        (Game storage g, Defence storage f) = _defenderMove(disputeId, defenceId, Phase.OpenOp);
        uint64 opIndex = f.index;
        if (keccak256(abi.encode(uint256(opIndex), tensorRoot, uint256(elementCount))) != f.node) {
            revert BadOpening("trace leaf");
        }
        bytes32 opHash = keccak256(opBytes);
        if (!DissectionTree.verifyLeaf(programProof, g.run.programRoot, opHash, opIndex, g.run.opCount)) {
            revert BadOpening("op against programRoot");
        }
        GameOps.Op memory op = GameOps.decode(opBytes);
        if (elementCount != op.elementCount || elementCount == 0) revert BadOpening("element count");
        f.opIndex = opIndex;
        f.kind = uint8(op.kind);
        f.tensorRoot = tensorRoot;
        f.elementCount = elementCount;
        f.opHash = opHash;
        if (GameOps.isReduction(op.kind)) f.termCount = uint64(GameOps.termCount(op));
        emit OpOpened(disputeId, defenceId, opIndex, tensorRoot, elementCount);
        if (!GameOps.judged(op.kind)) {
            // The game does not judge this op (a host input: batch derivation; or a kind not built yet).
            _toCourt(disputeId, defenceId, g, f);
            return;
        }
        _enterTree(f, Level.Element, tensorRoot, (uint256(elementCount) + 7) / 8);
    }

    /// @inheritdoc IDissectionGame
    function pickValue(uint256 disputeId, uint256 defenceId, uint256 slot) external {
        (Game storage g, Defence storage f) = _challengerMove(disputeId, defenceId, Phase.PickValue);
        if (slot >= 8) revert BadPick(slot);
        uint256 e = uint256(f.index) * 8 + slot;
        uint32 v = DissectionTree.valueAt(f.node, slot);
        if (e >= f.elementCount) {
            // A padding value must be +0: one that is not loses the defence for its defender.
            if (v == 0) revert BadPick(slot);
            _end(disputeId, defenceId, g, f, true, false);
            return;
        }
        f.elementIndex = uint64(e);
        f.value = v;
        emit ValuePicked(disputeId, defenceId, uint64(e), v);
        f.phase = f.termCount == 0 ? Phase.OneStep : Phase.CommitSums;
    }

    /// @inheritdoc IDissectionGame
    function commitSums(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        bytes32 sumsRoot,
        bytes32 lastWord,
        bytes32[] calldata lastProof
    ) external {
        (, Defence storage f) = _defenderMove(disputeId, defenceId, Phase.CommitSums);
        if (keccak256(opBytes) != f.opHash) revert BadOpening("opBytes");
        uint256 t = f.termCount;
        uint256 leafCount = (t + 7) / 8;
        // INVARIANT: the partial sums end at the contested value, so a wrong value has a first wrong sum.
        if (!DissectionTree.verifyLeaf(lastProof, sumsRoot, lastWord, leafCount - 1, leafCount)) {
            revert BadOpening("last partial sum");
        }
        uint32 last = DissectionTree.valueAt(lastWord, (t - 1) % 8);
        if (oneStep.finish(opBytes, last) != f.value) revert BadOpening("last partial sum value");
        f.sumsRoot = sumsRoot;
        emit SumsCommitted(disputeId, defenceId, sumsRoot, uint64(t));
        _enterTree(f, Level.Term, sumsRoot, leafCount);
    }

    /// @inheritdoc IDissectionGame
    function pickTerm(uint256 disputeId, uint256 defenceId, uint256 slot) external {
        (Game storage g, Defence storage f) = _challengerMove(disputeId, defenceId, Phase.PickTerm);
        if (slot >= 8) revert BadPick(slot);
        uint256 position = uint256(f.index) * 8 + slot; // acc_{position + 1}
        uint32 v = DissectionTree.valueAt(f.node, slot);
        if (position >= f.termCount) {
            if (v == 0) revert BadPick(slot);
            _end(disputeId, defenceId, g, f, true, false);
            return;
        }
        f.termIndex = uint64(position + 1);
        f.acc = v;
        emit TermPicked(disputeId, defenceId, uint64(position + 1), v);
        f.phase = Phase.OneStep;
    }

    // ------------------------------------------------------------------ one step

    /// @inheritdoc IDissectionGame
    function proveOneStep(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        OperandOpening[] calldata operands,
        bytes32 prevAccWord,
        bytes32[] calldata prevAccProof
    ) external {
        (Game storage g, Defence storage f) = _challengerMove(disputeId, defenceId, Phase.OneStep);
        if (keccak256(opBytes) != f.opHash) revert BadOpening("opBytes");
        if (f.kind == GameOps.LOAD_STATE) revert BadOpening("a load is proven by proveLoad");
        uint32 claimed = f.termCount == 0 ? f.value : f.acc;
        uint32 prev = f.termCount == 0 ? 0 : _prevAcc(f, prevAccWord, prevAccProof);
        (uint32 recomputed, uint256 read) = oneStep.recompute(
            opBytes,
            GameOps.Reader({
                traceRoot: f.traceRoot,
                opCount: g.run.opCount,
                opIndex: f.opIndex,
                cursor: 0,
                element: f.elementIndex,
                term: f.termIndex,
                operands: new uint256[](0)
            }),
            operands,
            prev
        );
        if (read != operands.length) revert BadOpening("too many operand openings");
        emit OneStepChecked(disputeId, defenceId, recomputed, claimed);
        _end(disputeId, defenceId, g, f, recomputed != claimed, false);
    }

    /// @inheritdoc IDissectionGame
    function proveLoad(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        uint256 stateByteLength,
        bytes calldata chunk,
        bytes32[] calldata siblings
    ) external {
        (Game storage g, Defence storage f) = _challengerMove(disputeId, defenceId, Phase.OneStep);
        if (keccak256(opBytes) != f.opHash) revert BadOpening("opBytes");
        uint32 recomputed = oneStep.loadedValue(
            opBytes,
            g.prevStateRoot,
            uint256(g.run.stateDataStart) + 4 * uint256(f.elementIndex),
            stateByteLength,
            chunk,
            siblings
        );
        emit OneStepChecked(disputeId, defenceId, recomputed, f.value);
        _end(disputeId, defenceId, g, f, recomputed != f.value, false);
    }

    /// @dev acc_{t-1}: +0 for t = 1, the picked leaf's previous slot, or the previous leaf opened against sumsRoot.
    function _prevAcc(Defence storage f, bytes32 word, bytes32[] calldata proof)
        internal
        view
        returns (uint32)
    {
        uint256 position = uint256(f.termIndex) - 1; // of acc_t
        if (position == 0) return 0;
        if (position % 8 != 0) return DissectionTree.valueAt(f.node, position % 8 - 1);
        uint256 leafCount = (uint256(f.termCount) + 7) / 8;
        if (!DissectionTree.verifyLeaf(proof, f.sumsRoot, word, position / 8 - 1, leafCount)) {
            revert BadOpening("previous partial sum");
        }
        return DissectionTree.valueAt(word, 7);
    }

    // ------------------------------------------------------------------ time, decision, appeal

    /// @inheritdoc IDissectionGame
    function timeout(uint256 disputeId, uint256 defenceId) external {
        Game storage g = _game(disputeId);
        Defence storage f = _defence(disputeId, defenceId);
        Phase phase = f.phase;
        if (phase == Phase.Done) revert WrongPhase(disputeId, defenceId, phase);
        bool defenderMoves = _defenderMoves(phase);
        uint256 elapsed = block.timestamp - f.lastMoveAt;
        uint256 clock = defenderMoves ? f.defenderClockS : f.challengerClockS;
        // INVARIANT: a side loses on time only once its own clock is spent.
        if (elapsed <= clock) revert NotOutOfTime(disputeId, defenceId, elapsed, clock);
        _end(disputeId, defenceId, g, f, defenderMoves, true);
    }

    /// @inheritdoc IDissectionGame
    function decide(uint256 disputeId) public returns (Result) {
        Game storage g = _game(disputeId);
        if (g.result != Result.Pending) return g.result;
        if (block.timestamp <= g.defenceEnd) revert DefenceWindowOpen(disputeId, g.defenceEnd);
        if (g.challengerWins + g.courtEnds != g.defences) revert NotDecided(disputeId);
        Result r = g.courtEnds == 0 ? Result.Fraud : Result.Court;
        _decide(disputeId, g, r);
        return r;
    }

    function _decide(uint256 disputeId, Game storage g, Result r) internal {
        g.result = r;
        g.decidedAt = uint40(block.timestamp);
        uint256 left = g.challengerDepositWei;
        g.challengerDepositWei = 0;
        credits[g.challenger] += left;
        emit GameDecided(disputeId, r, uint40(block.timestamp + g.run.appealWindowS));
    }

    /// @inheritdoc IDissectionGame
    function overturn(uint256 disputeId, Ground ground, string calldata evidence)
        external
        onlyRole(APPEAL_ROLE)
    {
        Game storage g = _game(disputeId);
        // The court's own vote decides a Court result: nothing to appeal here.
        if (g.result != Result.Fraud && g.result != Result.Honest) revert NotDecided(disputeId);
        uint40 appealEnd = uint40(uint256(g.decidedAt) + g.run.appealWindowS);
        // INVARIANT: an appeal overturns only within its window, once, and only on a spec or contract bug.
        if (block.timestamp > appealEnd || g.overturned) revert AppealWindowClosed(disputeId, appealEnd);
        if (ground == Ground.None) revert InvalidGround();
        g.overturned = true;
        g.result = g.result == Result.Fraud ? Result.Honest : Result.Fraud;
        emit GameOverturned(disputeId, ground, g.result, evidence);
    }

    /// @inheritdoc IDissectionGame
    function result(uint256 disputeId) external view returns (Result r, bool isFinal) {
        Game storage g = _games[disputeId];
        r = g.result;
        isFinal = r == Result.Court
            || ((r == Result.Fraud || r == Result.Honest)
                && (g.overturned || block.timestamp > uint256(g.decidedAt) + g.run.appealWindowS));
    }

    /// @inheritdoc IDissectionGame
    function withdraw() external nonReentrant returns (uint256 amountWei) {
        amountWei = credits[msg.sender];
        if (amountWei == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amountWei}("");
        if (!ok) revert TransferFailed(msg.sender, amountWei);
        emit Withdrawn(msg.sender, amountWei);
    }

    // ------------------------------------------------------------------ internals

    function _enterTree(Defence storage f, Level level, bytes32 root, uint256 leafCount) internal {
        f.level = level;
        f.node = root;
        f.index = 0;
        f.leafCount = uint64(leafCount);
        uint256 h = DissectionTree.depth(leafCount);
        f.height = uint8(h);
        f.phase = h == 0 ? _atLeaf(level) : Phase.Reveal;
    }

    function _atLeaf(Level level) internal pure returns (Phase) {
        if (level == Level.Op) return Phase.OpenOp;
        if (level == Level.Element) return Phase.PickValue;
        return Phase.PickTerm;
    }

    function _defenderMoves(Phase phase) internal pure returns (bool) {
        return phase == Phase.Reveal || phase == Phase.OpenOp || phase == Phase.CommitSums;
    }

    function _defenderMove(uint256 disputeId, uint256 defenceId, Phase phase)
        internal
        returns (Game storage g, Defence storage f)
    {
        g = _game(disputeId);
        f = _defence(disputeId, defenceId);
        if (f.phase != phase) revert WrongPhase(disputeId, defenceId, f.phase);
        if (msg.sender != f.defender) revert NotMover(disputeId, defenceId, msg.sender);
        f.defenderClockS = _spend(disputeId, defenceId, f, f.defenderClockS);
    }

    function _challengerMove(uint256 disputeId, uint256 defenceId, Phase phase)
        internal
        returns (Game storage g, Defence storage f)
    {
        g = _game(disputeId);
        f = _defence(disputeId, defenceId);
        if (f.phase != phase) revert WrongPhase(disputeId, defenceId, f.phase);
        if (msg.sender != g.challenger) revert NotMover(disputeId, defenceId, msg.sender);
        f.challengerClockS = _spend(disputeId, defenceId, f, f.challengerClockS);
        if (!f.challengerBondLocked) {
            uint256 bond = g.run.challengerBondWei;
            if (g.challengerDepositWei < bond) {
                revert InsufficientDeposit(disputeId, g.challengerDepositWei, bond);
            }
            g.challengerDepositWei -= bond;
            f.challengerBondLocked = true;
        }
    }

    function _spend(uint256 disputeId, uint256 defenceId, Defence storage f, uint40 clock)
        internal
        returns (uint40)
    {
        uint256 elapsed = block.timestamp - f.lastMoveAt;
        if (elapsed > clock) revert OutOfTime(disputeId, defenceId, elapsed, clock);
        f.lastMoveAt = uint40(block.timestamp);
        return uint40(clock - elapsed);
    }

    /// @dev Ends a defence: its locked bonds go to the winner; a defender's win decides the game Honest at once.
    function _end(
        uint256 disputeId,
        uint256 defenceId,
        Game storage g,
        Defence storage f,
        bool challengerWon,
        bool onTime
    ) internal {
        f.phase = Phase.Done;
        f.challengerWon = challengerWon;
        uint256 paid = g.run.defenderBondWei;
        if (f.challengerBondLocked) paid += g.run.challengerBondWei;
        credits[challengerWon ? g.challenger : f.defender] += paid;
        emit DefenceEnded(disputeId, defenceId, challengerWon, onTime, paid);
        if (challengerWon) {
            g.challengerWins += 1;
        } else if (g.result == Result.Pending) {
            _decide(disputeId, g, Result.Honest);
        }
    }

    /// @dev Ends a defence at an op the game does not judge: each side takes its own bond back.
    function _toCourt(uint256 disputeId, uint256 defenceId, Game storage g, Defence storage f) internal {
        f.phase = Phase.Done;
        f.toCourt = true;
        g.courtEnds += 1;
        credits[f.defender] += g.run.defenderBondWei;
        if (f.challengerBondLocked) credits[g.challenger] += g.run.challengerBondWei;
        emit DefenceToCourt(disputeId, defenceId, f.opIndex, f.kind);
    }

    function _game(uint256 disputeId) internal view returns (Game storage g) {
        g = _games[disputeId];
        if (g.challenger == address(0)) revert GameNotFound(disputeId);
    }

    function _defence(uint256 disputeId, uint256 defenceId) internal view returns (Defence storage f) {
        if (defenceId >= _games[disputeId].defences) revert DefenceNotFound(disputeId, defenceId);
        f = _defences[disputeId][defenceId];
    }

    // ------------------------------------------------------------------ views

    function game(uint256 disputeId) external view returns (Game memory) {
        return _games[disputeId];
    }

    function defence(uint256 disputeId, uint256 defenceId) external view returns (Defence memory) {
        return _defences[disputeId][defenceId];
    }

    function runGame(uint256 runId) external view returns (RunGame memory) {
        return _runGames[runId];
    }
}
