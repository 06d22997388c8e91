// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Binary32} from "./Binary32.sol";
import {Binary32Math} from "./Binary32Math.sol";
import {DissectionTree} from "./DissectionTree.sol";
import {IDissectionGame} from "../interfaces/IDissectionGame.sol";

/// @title GameOps
/// @notice The game program's ops (docs/game.md, "Encodings"): opBytes =
///         abi.encode(uint256 kind, uint256[] operands, uint256[] scalars, uint256 elementCount), and what one
///         output element, or one term of a reduction, is for each kind the contract judges.
/// @dev Operand elements are read one OperandOpening each, in the engine's order (docs/game.md, Encodings §3.1: the
///      formula's order; SGD_* p, g, b; ADAMW_* p, g, m, v, bc1[0], bc2[0], all six even for ADAMW_M and _V): the
///      reader derives which operand op and which element from the rule, so the challenger only supplies the
///      bytes. Kinds `judged` does not list go back to the court's vote.
library GameOps {
    using Binary32 for uint32;

    uint32 internal constant ONE = 0x3f800000;

    uint256 internal constant LOAD_STATE = 0;
    uint256 internal constant LOAD_INPUT = 1;
    uint256 internal constant ZEROS = 2;
    uint256 internal constant MATMUL = 3;
    uint256 internal constant MATMUL_TB = 4;
    uint256 internal constant MATMUL_TA = 5;
    uint256 internal constant MATMUL_BATCHED = 6;
    uint256 internal constant TRANSPOSE = 7;
    uint256 internal constant SWAP_AXES12 = 8;
    uint256 internal constant ADD_ROW_VECTOR = 9;
    uint256 internal constant SUM_ROWS = 10;
    uint256 internal constant ADD = 11;
    uint256 internal constant SUB = 12;
    uint256 internal constant MUL = 13;
    uint256 internal constant DIV = 14;
    uint256 internal constant SCALE = 15;
    uint256 internal constant ADD_SCALAR = 16;
    uint256 internal constant SQRT = 17;
    uint256 internal constant RELU = 18;
    uint256 internal constant RELU_BWD = 19;
    uint256 internal constant GELU = 20;
    uint256 internal constant GELU_BWD = 21;
    uint256 internal constant CE_LOSS = 36;
    uint256 internal constant SGD_VELOCITY = 39;
    uint256 internal constant SGD_PARAM = 40;
    uint256 internal constant ADAMW_M = 41;
    uint256 internal constant ADAMW_V = 42;
    uint256 internal constant ADAMW_PARAM = 43;
    uint256 internal constant ONE_MINUS = 44;
    uint256 internal constant STORE = 45;

    error UnsupportedKind(uint256 kind);

    struct Op {
        uint256 kind;
        uint256[] operands;
        uint256[] scalars;
        uint256 elementCount;
    }

    /// @notice What the reader checks an opening against.
    struct Reader {
        bytes32 traceRoot;
        uint256 opCount;
        uint256 opIndex;
        uint256 cursor; // the next opening to read
        uint256 element; // e, the contested output element
        uint256 term; // t (1-based) of a reduction, 0 for a map
        uint256[] operands; // the op's operand op indices
    }

    function decode(bytes calldata opBytes) internal pure returns (Op memory op) {
        (op.kind, op.operands, op.scalars, op.elementCount) =
            abi.decode(opBytes, (uint256, uint256[], uint256[], uint256));
    }

    /// @notice Whether the contract recomputes this kind's elements (the others go to the court).
    function judged(uint256 kind) internal pure returns (bool) {
        return kind == LOAD_STATE || kind == ZEROS || kind == MATMUL || kind == MATMUL_TB || kind == MATMUL_TA
            || kind == TRANSPOSE || (kind >= ADD_ROW_VECTOR && kind <= GELU_BWD) || kind == CE_LOSS
            || (kind >= SGD_VELOCITY && kind <= STORE);
    }

    /// @notice Whether an element of this kind is a reduction (committed as partial sums, judged per term).
    function isReduction(uint256 kind) internal pure returns (bool) {
        return kind == MATMUL || kind == MATMUL_TB || kind == MATMUL_TA || kind == SUM_ROWS || kind == CE_LOSS;
    }

    /// @notice T, the number of terms of element e of a reduction.
    function termCount(Op memory op) internal pure returns (uint256) {
        uint256 k = op.kind;
        if (k == MATMUL || k == MATMUL_TB || k == MATMUL_TA) return op.scalars[1];
        if (k == SUM_ROWS) return op.scalars[0];
        if (k == CE_LOSS) return op.scalars[0];
        revert UnsupportedKind(k);
    }

    /// @notice out[e] = finish(acc_T).
    function finish(Op memory op, uint32 acc) internal pure returns (uint32) {
        if (op.kind == CE_LOSS) return acc.div(Binary32Math.fromInteger(int256(op.scalars[0])));
        return acc;
    }

    /// @notice acc_t = acc_{t-1} ⊕ term t of element e (sum or product form).
    function term(Op memory op, Reader memory r, IDissectionGame.OperandOpening[] calldata o, uint32 prev)
        internal
        pure
        returns (uint32)
    {
        uint256 k = op.kind;
        uint256 p = r.term - 1;
        if (k == MATMUL || k == MATMUL_TB || k == MATMUL_TA) {
            (uint256 ai, uint256 bi) = _matmulIndices(op, r.element, p);
            uint32 a = read(r, o, 0, ai);
            return prev.add(a.mul(read(r, o, 1, bi)));
        }
        if (k == SUM_ROWS) return prev.add(read(r, o, 0, p * op.scalars[1] + r.element));
        if (k == CE_LOSS) return prev.add(read(r, o, 0, p));
        revert UnsupportedKind(k);
    }

    /// scalars m, k, n; element e = i·n + j, term index p.
    function _matmulIndices(Op memory op, uint256 e, uint256 p)
        private
        pure
        returns (uint256 ai, uint256 bi)
    {
        uint256 kind = op.kind;
        uint256 kk = op.scalars[1];
        uint256 n = op.scalars[2];
        uint256 i = e / n;
        uint256 j = e % n;
        ai = kind == MATMUL_TA ? p * op.scalars[0] + i : i * kk + p;
        bi = kind == MATMUL_TB ? j * kk + p : p * n + j;
    }

    /// @notice out[e] of an elementwise (map) kind.
    function element(Op memory op, Reader memory r, IDissectionGame.OperandOpening[] calldata o)
        internal
        pure
        returns (uint32)
    {
        uint256 k = op.kind;
        uint256 e = r.element;
        if (k == ZEROS) return 0;
        if (k == STORE) return read(r, o, 0, e);
        if (k == TRANSPOSE) {
            uint256 rows = op.scalars[0];
            return read(r, o, 0, (e % rows) * op.scalars[1] + e / rows);
        }
        if (k == ADD_ROW_VECTOR) {
            uint32 a = read(r, o, 0, e);
            return a.add(read(r, o, 1, e % op.scalars[1]));
        }
        if (k >= ADD && k <= DIV) {
            uint32 a = read(r, o, 0, e);
            uint32 b = read(r, o, 1, e);
            if (k == ADD) return a.add(b);
            if (k == SUB) return a.sub(b);
            if (k == MUL) return a.mul(b);
            return a.div(b);
        }
        if (k == SCALE) return read(r, o, 0, e).mul(uint32(op.scalars[0]));
        if (k == ADD_SCALAR) return read(r, o, 0, e).add(uint32(op.scalars[0]));
        if (k == SQRT) return read(r, o, 0, e).sqrt();
        if (k == RELU) {
            uint32 x = read(r, o, 0, e);
            return positive(x) ? x : 0;
        }
        if (k == RELU_BWD) {
            uint32 x = read(r, o, 0, e);
            uint32 dy = read(r, o, 1, e);
            return positive(x) ? dy : 0;
        }
        if (k == GELU) return Binary32Math.gelu(read(r, o, 0, e));
        if (k == GELU_BWD) {
            uint32 x = read(r, o, 0, e);
            return Binary32Math.geluBackward(x, read(r, o, 1, e));
        }
        if (k == ONE_MINUS) return ONE.sub(read(r, o, 0, e));
        if (k == SGD_VELOCITY || k == SGD_PARAM) return _sgd(op, r, o);
        if (k >= ADAMW_M && k <= ADAMW_PARAM) return _adamw(op, r, o);
        revert UnsupportedKind(k);
    }

    /// scalars: lr, lrwd, momentum. Operands (read in this order): p, g, b.
    function _sgd(Op memory op, Reader memory r, IDissectionGame.OperandOpening[] calldata o)
        private
        pure
        returns (uint32)
    {
        uint32 p = read(r, o, 0, r.element);
        uint32 g = read(r, o, 1, r.element);
        uint32 b = uint32(op.scalars[2]).mul(read(r, o, 2, r.element)).add(g);
        if (op.kind == SGD_VELOCITY) return b;
        uint32 q = p.sub(uint32(op.scalars[1]).mul(p));
        return q.sub(uint32(op.scalars[0]).mul(b));
    }

    /// scalars: beta1, beta2, c1, c2, eps, lr, lrwd. Operands (all read, in this order): p, g, m, v, bc1[0], bc2[0].
    function _adamw(Op memory op, Reader memory r, IDissectionGame.OperandOpening[] calldata o)
        private
        pure
        returns (uint32)
    {
        uint32[] memory x = new uint32[](6);
        for (uint256 k = 0; k < 6; ++k) {
            x[k] = read(r, o, k, k < 4 ? r.element : 0);
        }
        uint256[] memory s = op.scalars;
        uint32 m2 = uint32(s[0]).mul(x[2]).add(uint32(s[2]).mul(x[1]));
        if (op.kind == ADAMW_M) return m2;
        uint32 v2 = uint32(s[1]).mul(x[3]).add(uint32(s[3]).mul(x[1].mul(x[1])));
        if (op.kind == ADAMW_V) return v2;
        uint32 d = v2.div(x[5]).sqrt().add(uint32(s[4]));
        uint32 q = x[0].sub(uint32(s[6]).mul(x[0]));
        return q.sub(uint32(s[5]).mul(m2.div(x[4]).div(d)));
    }

    /// x > 0 as the engine's `x > 0` (false for NaN and both zeros).
    function positive(uint32 x) internal pure returns (bool) {
        return !x.isNaN() && !x.isZero() && x & Binary32.SIGN_BIT == 0;
    }

    /// @notice Element `elementIndex` of operand `slot`, from the next opening: the operand op's trace leaf
    ///         against the defender's traceRoot, then the tensor leaf against that op's tensor root.
    function read(
        Reader memory r,
        IDissectionGame.OperandOpening[] calldata o,
        uint256 slot,
        uint256 elementIndex
    ) internal pure returns (uint32) {
        if (r.cursor >= o.length) revert IDissectionGame.BadOpening("too few operand openings");
        IDissectionGame.OperandOpening calldata x = o[r.cursor++];
        uint256 ref = r.operands[slot];
        // INVARIANT: inputs are earlier ops of the program, whose roots the honest challenger agrees with.
        if (ref >= r.opIndex) revert IDissectionGame.BadOpening("operand not earlier");
        bytes32 leaf = keccak256(abi.encode(ref, x.tensorRoot, uint256(x.elementCount)));
        if (!DissectionTree.verifyLeaf(x.traceProof, r.traceRoot, leaf, ref, r.opCount)) {
            revert IDissectionGame.BadOpening("operand trace leaf");
        }
        if (elementIndex >= x.elementCount) revert IDissectionGame.BadOpening("operand element");
        uint256 leafCount = (uint256(x.elementCount) + 7) / 8;
        if (!DissectionTree.verifyLeaf(x.tensorProof, x.tensorRoot, x.word, elementIndex / 8, leafCount)) {
            revert IDissectionGame.BadOpening("operand tensor leaf");
        }
        return DissectionTree.valueAt(x.word, elementIndex % 8);
    }
}
