// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICoordinator} from "./ICoordinator.sol";

/// @title IDissectionGame
/// @notice The dissection game of one disputed step (docs/game.md): records j-1 and j are proven against the
///         submission's stepsRoot; every bonded defender commits a trace root over one leaf per op of the run's
///         program; the challenger narrows each defence, 32 children a round, to one op, one output element and,
///         for reductions, one partial sum; the contract then recomputes that one binary32 operation.
/// @dev One game per dispute (keyed by the Coordinator's disputeId). Each defence is its own game between the
///      challenger and that defender, with its own chess clocks and bonds. The record is Fraud only if the
///      challenger wins every defence opened in the defence window (none opened counts as every one won), and
///      upheld (Honest) as soon as one defence is won by its defender. The result is final after the appeal
///      window, in which APPEAL_ROLE (the court's governance) may overturn it on the ground of a spec or contract
///      bug only.
interface IDissectionGame {
    /// @notice Who moves and what, in one defence. Reveal/OpenOp/CommitSums are the defender's moves; Pick,
    ///         PickValue, PickTerm and OneStep the challenger's.
    enum Phase {
        None,
        Reveal, // defender reveals the 32 (or fewer) descendants of the contested node
        Pick, // challenger names the first child that differs from its own
        OpenOp, // defender opens the contested trace leaf: tensor root, element count, the op against programRoot
        PickValue, // challenger names the wrong value among the 8 of the contested tensor leaf
        CommitSums, // defender commits the partial sums of the contested reduction element
        PickTerm, // challenger names the wrong partial sum among the 8 of the contested sums leaf
        OneStep, // challenger posts the one-step proof; the contract recomputes
        Done
    }

    /// @notice The tree being dissected.
    enum Level {
        None,
        Op, // the trace tree: one leaf per op
        Element, // the contested op's output tensor
        Term // the contested element's partial sums
    }

    enum Result {
        None,
        Pending, // defences may still open, or some are still being played
        Fraud, // the challenger won every defence
        Honest, // a defender won
        Court // no defender won and a defence reached an op the game does not judge: the court votes
    }

    /// @notice The only grounds on which the appeal may overturn a result.
    enum Ground {
        None,
        ProgramDeviatesFromSpec, // the run's programRoot does not follow from the spec (VT-F32)
        ContractArithmeticBug // the contract's binary32 arithmetic deviates from VT-F32
    }

    /// @notice Per-run game parameters (set by CONFIG_ROLE, copied into each game when it opens).
    struct RunGame {
        bytes32 programRoot; // positional tree over keccak256(opBytes), one leaf per op
        uint64 opCount;
        uint96 challengerBondWei; // per defence
        uint96 defenderBondWei; // per defence
        uint32 clockS; // each side's chess clock, per defence
        uint32 defenceWindowS; // defences may open this long after the game opens
        uint32 appealWindowS;
        uint64 stateDataStart; // D: the byte where checkpoint tensor data starts (numerics §III.3.1)
    }

    /// @notice What the game is about: state j-1 (agreed), the worker's record j (contested).
    struct Game {
        address challenger;
        uint40 defenceEnd;
        uint40 decidedAt;
        uint16 defences;
        uint16 challengerWins;
        uint16 courtEnds; // defences that reached an op the game does not judge
        Result result;
        bool overturned;
        uint64 step;
        bytes32 prevStateRoot;
        bytes32 claimedStateRoot;
        uint32 claimedLossBits;
        uint256 challengerDepositWei; // not yet locked into a defence
        RunGame run;
    }

    struct Defence {
        address defender;
        Phase phase;
        Level level;
        bool challengerBondLocked;
        bool challengerWon;
        bool toCourt;
        uint40 lastMoveAt;
        uint40 defenderClockS; // left
        uint40 challengerClockS; // left
        uint8 height; // of the contested node above its tree's leaves
        uint64 index; // of the contested node among the nodes of its height
        uint64 leafCount; // of the tree being dissected
        bytes32 node; // the contested node (at height 0: the leaf itself)
        bytes32 traceRoot;
        uint64 opIndex;
        uint8 kind;
        bytes32 tensorRoot;
        uint64 elementCount;
        bytes32 opHash; // keccak256(opBytes) of the contested op
        uint64 termCount; // T of a reduction; 0 for an elementwise op
        uint64 elementIndex;
        uint32 value; // the defender's value of the contested element
        bytes32 sumsRoot;
        uint64 termIndex; // t in 1..T
        uint32 acc; // the defender's acc_t
    }

    /// @notice An input element opened against the defender's trace: the operand op's trace leaf, then the
    ///         32-byte tensor leaf holding the element.
    struct OperandOpening {
        bytes32 tensorRoot;
        uint64 elementCount;
        bytes32[] traceProof;
        bytes32 word;
        bytes32[] tensorProof;
    }

    event RunGameSet(uint256 indexed runId, RunGame config);
    event GameOpened(
        uint256 indexed disputeId,
        address indexed challenger,
        uint64 step,
        bytes32 prevStateRoot,
        bytes32 claimedStateRoot,
        uint40 defenceEnd
    );
    event DefenceOpened(
        uint256 indexed disputeId, uint256 indexed defenceId, address indexed defender, bytes32 traceRoot
    );
    event ChildrenRevealed(
        uint256 indexed disputeId,
        uint256 indexed defenceId,
        Level level,
        uint8 height,
        uint64 index,
        bytes32[] children
    );
    event ChildPicked(
        uint256 indexed disputeId, uint256 indexed defenceId, Level level, uint8 height, uint64 index
    );
    event OpOpened(
        uint256 indexed disputeId,
        uint256 indexed defenceId,
        uint64 opIndex,
        bytes32 tensorRoot,
        uint64 elementCount
    );
    event ValuePicked(
        uint256 indexed disputeId, uint256 indexed defenceId, uint64 elementIndex, uint32 value
    );
    event SumsCommitted(
        uint256 indexed disputeId, uint256 indexed defenceId, bytes32 sumsRoot, uint64 termCount
    );
    event TermPicked(uint256 indexed disputeId, uint256 indexed defenceId, uint64 termIndex, uint32 acc);
    event OneStepChecked(
        uint256 indexed disputeId, uint256 indexed defenceId, uint32 recomputed, uint32 claimed
    );
    event DefenceEnded(
        uint256 indexed disputeId, uint256 indexed defenceId, bool challengerWon, bool onTime, uint256 paidWei
    );
    event DefenceToCourt(uint256 indexed disputeId, uint256 indexed defenceId, uint64 opIndex, uint256 kind);
    event GameDecided(uint256 indexed disputeId, Result result, uint40 appealEnd);
    event GameOverturned(uint256 indexed disputeId, Ground ground, Result result, string evidence);
    event Deposited(uint256 indexed disputeId, address indexed challenger, uint256 amountWei);
    event Withdrawn(address indexed account, uint256 amountWei);

    error NoRunGame(uint256 runId);
    error InvalidRunGame(string field);
    error GameExists(uint256 disputeId);
    error GameNotFound(uint256 disputeId);
    error NotGameDispute(uint256 disputeId, uint64 step);
    error NotChallenger(uint256 disputeId, address caller);
    error BadRecord(uint64 step);
    error WrongBond(uint256 sentWei, uint256 requiredWei);
    error DefenceWindowClosed(uint256 disputeId, uint40 defenceEnd);
    error DefenceWindowOpen(uint256 disputeId, uint40 defenceEnd);
    error DefenceNotFound(uint256 disputeId, uint256 defenceId);
    error WrongPhase(uint256 disputeId, uint256 defenceId, Phase phase);
    error NotMover(uint256 disputeId, uint256 defenceId, address caller);
    error OutOfTime(uint256 disputeId, uint256 defenceId, uint256 elapsedS, uint256 clockS);
    error NotOutOfTime(uint256 disputeId, uint256 defenceId, uint256 elapsedS, uint256 clockS);
    error ChildrenMismatch(uint256 expectedCount, uint256 gotCount);
    error ChildrenDoNotHash(bytes32 node);
    error PaddingNotZero(uint256 childIndex);
    error BadPick(uint256 childIndex);
    error BadOpening(string what);
    error ZeroRoot(string field);
    error InsufficientDeposit(uint256 disputeId, uint256 depositWei, uint256 requiredWei);
    error NotDecided(uint256 disputeId);
    error AppealWindowClosed(uint256 disputeId, uint40 appealEnd);
    error InvalidGround();
    error NothingToWithdraw(address account);
    error TransferFailed(address to, uint256 amountWei);

    function setRunGame(uint256 runId, RunGame calldata config) external;

    /// @notice Opens the game of dispute `disputeId` (a step dispute, step > 0, still Open, its court case still
    ///         in round 0's commit phase), by its challenger, with exactly the run's challengerBondWei (the bond
    ///         of the first defence). `prev` and `record` are the worker's records j-1 and j, proven as in
    ///         openDispute (prev against the parent's stepsRoot for a lease's first step, the genesis root for
    ///         the run's first). The court then leaves the dispute to the game: no vote.
    function openGame(
        uint256 disputeId,
        ICoordinator.StepRecord calldata prev,
        bytes32[] calldata prevProof,
        ICoordinator.StepRecord calldata record,
        bytes32[] calldata proof
    ) external payable;

    /// @notice Adds to the challenger's deposit, from which each defence locks challengerBondWei at the
    ///         challenger's first move in it.
    function deposit(uint256 disputeId) external payable;

    /// @notice Opens a defence: any account, with exactly defenderBondWei, within the defence window.
    function defend(uint256 disputeId, bytes32 traceRoot) external payable returns (uint256 defenceId);

    function reveal(uint256 disputeId, uint256 defenceId, bytes32[] calldata children) external;
    function pick(
        uint256 disputeId,
        uint256 defenceId,
        uint256 childIndex,
        bytes32 child,
        bytes32[] calldata proof
    ) external;
    function openOp(
        uint256 disputeId,
        uint256 defenceId,
        bytes32 tensorRoot,
        uint64 elementCount,
        bytes calldata opBytes,
        bytes32[] calldata programProof
    ) external;
    function pickValue(uint256 disputeId, uint256 defenceId, uint256 slot) external;
    function commitSums(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        bytes32 sumsRoot,
        bytes32 lastWord,
        bytes32[] calldata lastProof
    ) external;
    function pickTerm(uint256 disputeId, uint256 defenceId, uint256 slot) external;
    function proveOneStep(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        OperandOpening[] calldata operands,
        bytes32 prevAccWord,
        bytes32[] calldata prevAccProof
    ) external;

    /// @notice The one-step proof of a LOAD_STATE element: the 4 KiB chunk of checkpoint j-1 holding it, against
    ///         stateRoot(j-1) (StateRootChunks), `stateByteLength` being that checkpoint's length.
    function proveLoad(
        uint256 disputeId,
        uint256 defenceId,
        bytes calldata opBytes,
        uint256 stateByteLength,
        bytes calldata chunk,
        bytes32[] calldata siblings
    ) external;

    /// @notice Permissionless: ends a defence whose mover's clock ran out; the mover loses it.
    function timeout(uint256 disputeId, uint256 defenceId) external;

    /// @notice Permissionless: decides the game once it can be (a defender won, or the window closed and the
    ///         challenger won every defence).
    function decide(uint256 disputeId) external returns (Result);

    /// @notice APPEAL_ROLE, within the appeal window, on a spec or contract bug only: flips the result.
    function overturn(uint256 disputeId, Ground ground, string calldata evidence) external;

    /// @notice The result and whether it is final (decided and past the appeal window).
    function result(uint256 disputeId) external view returns (Result, bool isFinal);

    function withdraw() external returns (uint256 amountWei);
}
