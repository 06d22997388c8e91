// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Binary32} from "../../src/libraries/Binary32.sol";
import {Binary32Math} from "../../src/libraries/Binary32Math.sol";
import {DissectionTree} from "../../src/libraries/DissectionTree.sol";
import {GameOps} from "../../src/libraries/GameOps.sol";
import {IDissectionGame} from "../../src/interfaces/IDissectionGame.sol";

/// @notice Positional keccak trees in memory, every level kept (level 0 = the padded leaves).
library Tree {
    function build(bytes32[] memory leaves) internal pure returns (bytes32[][] memory levels) {
        uint256 d = DissectionTree.depth(leaves.length);
        levels = new bytes32[][](d + 1);
        levels[0] = new bytes32[](uint256(1) << d);
        for (uint256 i = 0; i < leaves.length; ++i) {
            levels[0][i] = leaves[i];
        }
        for (uint256 h = 1; h <= d; ++h) {
            uint256 w = levels[h - 1].length / 2;
            levels[h] = new bytes32[](w);
            for (uint256 i = 0; i < w; ++i) {
                levels[h][i] = keccak256(abi.encodePacked(levels[h - 1][2 * i], levels[h - 1][2 * i + 1]));
            }
        }
    }

    function root(bytes32[][] memory levels) internal pure returns (bytes32) {
        return levels[levels.length - 1][0];
    }

    /// Siblings of node (h0, index) up `s` levels (a proof of it under its ancestor s levels up).
    function proof(bytes32[][] memory levels, uint256 h0, uint256 index, uint256 s)
        internal
        pure
        returns (bytes32[] memory out)
    {
        out = new bytes32[](s);
        for (uint256 i = 0; i < s; ++i) {
            out[i] = levels[h0 + i][index ^ 1];
            index /= 2;
        }
    }

    function leafProof(bytes32[][] memory levels, uint256 index) internal pure returns (bytes32[] memory) {
        return proof(levels, 0, index, levels.length - 1);
    }
}

/// @notice The test's engine: a small game program (encoding v1), its honest trace, corrupted traces, and the
///         moves an honest player derives from them. Trace 0 is the honest one.
contract GameModel {
    using Binary32 for uint32;

    uint256 public constant N = 300; // elements of the elementwise tensors
    uint64 public constant D = 64; // stateDataStart
    uint256 public constant OPS = 35;
    uint256 public constant MATMUL_OP = 2;
    uint256 public constant GELU_OP = 10;
    uint256 public constant SUM_ROWS_OP = 20;
    uint256 public constant T1_OFFSET = 4800; // tensor 1's dataByteOffset: state j-1 spans two chunks

    bytes[] public ops;
    bytes32 public programRoot;
    bytes public state;
    bytes32 public stateRoot;
    uint256 public traceCount;
    mapping(uint256 traceId => mapping(uint256 op => uint32[])) internal _values;
    mapping(uint256 traceId => mapping(uint256 op => bytes32)) internal _roots;

    struct Corruption {
        uint256 op;
        uint256 e;
        uint32 v;
        bool propagate;
    }
    mapping(uint256 traceId => Corruption) internal _corruption;

    constructor() {
        _program();
        _state();
        traceCount = 1;
        for (uint256 i = 0; i < OPS; ++i) {
            _values[0][i] = _compute(0, i);
        }
        _cacheRoots(0);
    }

    function _cacheRoots(uint256 id) internal {
        for (uint256 i = 0; i < OPS; ++i) {
            _roots[id][i] = Tree.root(tensorLevels(id, i));
        }
    }

    // ------------------------------------------------------------ program

    function _op(uint256 kind, uint256[] memory operands, uint256[] memory scalars, uint256 count) internal {
        ops.push(abi.encode(kind, operands, scalars, count));
    }

    function _a(uint256 x) internal pure returns (uint256[] memory r) {
        r = new uint256[](1);
        r[0] = x;
    }

    function _a(uint256 x, uint256 y) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        (r[0], r[1]) = (x, y);
    }

    function _a(uint256 x, uint256 y, uint256 z) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        (r[0], r[1], r[2]) = (x, y, z);
    }

    function _program() internal {
        uint256[] memory none = new uint256[](0);
        _op(GameOps.LOAD_STATE, none, _a(0, 0), N);
        _op(GameOps.LOAD_STATE, none, _a(1, T1_OFFSET), N);
        _op(GameOps.MATMUL, _a(0, 1), _a(2, 150, 2), 4);
        _op(GameOps.ADD, _a(0, 1), none, N);
        for (uint256 i = 4; i < OPS; ++i) {
            if (i == GELU_OP) _op(GameOps.GELU, _a(i - 1), none, N);
            else if (i == SUM_ROWS_OP) _op(GameOps.SUM_ROWS, _a(3), _a(30, 10), 10);
            else if (i % 4 == 0) _op(GameOps.MUL, _a(i - 1 == SUM_ROWS_OP ? 3 : i - 1, 1), none, N);
            else if (i % 4 == 1) _op(GameOps.SCALE, _a(i - 1 == SUM_ROWS_OP ? 3 : i - 1), _a(0x3f000000), N);
            else if (i % 4 == 2) _op(GameOps.SUB, _a(i - 1 == SUM_ROWS_OP ? 3 : i - 1, 0), none, N);
            else _op(GameOps.ADD, _a(i - 1 == SUM_ROWS_OP ? 3 : i - 1, 1), none, N);
        }
        bytes32[] memory leaves = new bytes32[](OPS);
        for (uint256 i = 0; i < OPS; ++i) {
            leaves[i] = keccak256(ops[i]);
        }
        programRoot = Tree.root(Tree.build(leaves));
    }

    function loadValue(uint256 tensor, uint256 e) public pure returns (uint32) {
        int256 n = int256((e * (tensor + 3)) % 9) - 4;
        return Binary32Math.fromInteger(n).mul(0x3e800000); // × 0.25
    }

    function _state() internal {
        bytes memory s = new bytes(D + T1_OFFSET + 4 * N);
        for (uint256 t = 0; t < 2; ++t) {
            uint256 base = D + (t == 0 ? 0 : T1_OFFSET);
            for (uint256 e = 0; e < N; ++e) {
                uint32 v = loadValue(t, e);
                for (uint256 b = 0; b < 4; ++b) {
                    s[base + 4 * e + b] = bytes1(uint8(v >> (8 * b)));
                }
            }
        }
        state = s;
        // Two chunks: SHA-256(0x01 ‖ leaf0 ‖ leaf1).
        stateRoot = sha256(abi.encodePacked(bytes1(0x01), _chunkLeaf(0), _chunkLeaf(1)));
    }

    function chunk(uint256 index) public view returns (bytes memory c) {
        uint256 from = index * 4096;
        uint256 to = from + 4096 < state.length ? from + 4096 : state.length;
        c = new bytes(to - from);
        for (uint256 i = from; i < to; ++i) {
            c[i - from] = state[i];
        }
    }

    function _chunkLeaf(uint256 index) internal view returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x00), chunk(index)));
    }

    function chunkSiblings(uint256 index) public view returns (bytes32[] memory s) {
        s = new bytes32[](1);
        s[0] = _chunkLeaf(1 - index);
    }

    // ------------------------------------------------------------ traces

    function decodeOp(uint256 i) public view returns (GameOps.Op memory op) {
        (op.kind, op.operands, op.scalars, op.elementCount) =
            abi.decode(ops[i], (uint256, uint256[], uint256[], uint256));
    }

    /// Op i's output, computed from trace `id`'s inputs.
    function _compute(uint256 id, uint256 i) internal view returns (uint32[] memory out) {
        GameOps.Op memory op = decodeOp(i);
        out = new uint32[](op.elementCount);
        for (uint256 e = 0; e < out.length; ++e) {
            if (op.kind == GameOps.LOAD_STATE) {
                out[e] = loadValue(op.scalars[0], e);
            } else if (GameOps.isReduction(op.kind)) {
                uint32[] memory acc = sums(id, i, e);
                out[e] = acc[acc.length - 1];
            } else {
                out[e] = _map(id, op, e);
            }
        }
    }

    function _map(uint256 id, GameOps.Op memory op, uint256 e) internal view returns (uint32) {
        uint32 a = at(id, op.operands[0], e);
        if (op.kind == GameOps.GELU) return Binary32Math.gelu(a);
        if (op.kind == GameOps.SCALE) return a.mul(uint32(op.scalars[0]));
        uint32 b = at(id, op.operands[1], e);
        if (op.kind == GameOps.ADD) return a.add(b);
        if (op.kind == GameOps.SUB) return a.sub(b);
        return a.mul(b);
    }

    /// The partial sums acc_1..acc_T of element e of reduction op i, from trace `id`'s inputs.
    function sums(uint256 id, uint256 i, uint256 e) public view returns (uint32[] memory acc) {
        GameOps.Op memory op = decodeOp(i);
        uint256 t = GameOps.termCount(op);
        acc = new uint32[](t);
        uint32 prev = 0;
        for (uint256 p = 0; p < t; ++p) {
            if (op.kind == GameOps.MATMUL) {
                uint256 row = e / op.scalars[2];
                uint256 col = e % op.scalars[2];
                uint32 a = at(id, op.operands[0], row * op.scalars[1] + p);
                uint32 b = at(id, op.operands[1], p * op.scalars[2] + col);
                prev = prev.add(a.mul(b));
            } else {
                prev = prev.add(at(id, op.operands[0], p * op.scalars[1] + e));
            }
            acc[p] = prev;
        }
    }

    /// A new trace: the honest one with element `e` of op `i` set to `v`; later ops recomputed from it when
    /// `propagate`, left honest otherwise (both are lies a defender can tell). Only what differs is stored.
    function corrupt(uint256 i, uint256 e, uint32 v, bool propagate) external returns (uint256 id) {
        id = traceCount++;
        _corruption[id] = Corruption(i, e % count(i), v, propagate);
        if (propagate) {
            for (uint256 k = i + 1; k < OPS; ++k) {
                _values[id][k] = _compute(id, k);
            }
        }
        for (uint256 k = 0; k < OPS; ++k) {
            _roots[id][k] = (k < i || (k > i && !propagate)) ? _roots[0][k] : Tree.root(tensorLevels(id, k));
        }
    }

    /// Element `x` of op `k` in trace `id`.
    function at(uint256 id, uint256 k, uint256 x) public view returns (uint32) {
        if (id == 0) return _values[0][k][x];
        Corruption memory c = _corruption[id];
        if (k == c.op && x == c.e) return c.v;
        if (k <= c.op || !c.propagate) return _values[0][k][x];
        return _values[id][k][x];
    }

    function tensor(uint256 id, uint256 k) public view returns (uint32[] memory t) {
        Corruption memory c = _corruption[id];
        if (id != 0 && k > c.op && c.propagate) return _values[id][k];
        t = _values[0][k];
        if (id != 0 && k == c.op) t[c.e] = c.v;
    }

    function value(uint256 id, uint256 i, uint256 e) external view returns (uint32) {
        return at(id, i, e);
    }

    function count(uint256 i) public view returns (uint256) {
        return decodeOp(i).elementCount;
    }

    // ------------------------------------------------------------ trees

    function words(uint32[] memory v) public pure returns (bytes32[] memory w) {
        w = new bytes32[]((v.length + 7) / 8);
        for (uint256 i = 0; i < v.length; ++i) {
            w[i / 8] |= bytes32(uint256(v[i]) << (32 * (7 - i % 8)));
        }
    }

    function tensorLevels(uint256 id, uint256 i) public view returns (bytes32[][] memory) {
        return Tree.build(words(tensor(id, i)));
    }

    function tensorRoot(uint256 id, uint256 i) public view returns (bytes32) {
        return _roots[id][i];
    }

    function traceLeaf(uint256 id, uint256 i) public view returns (bytes32) {
        return keccak256(abi.encode(i, tensorRoot(id, i), count(i)));
    }

    function traceLevels(uint256 id) public view returns (bytes32[][] memory) {
        bytes32[] memory leaves = new bytes32[](OPS);
        for (uint256 i = 0; i < OPS; ++i) {
            leaves[i] = traceLeaf(id, i);
        }
        return Tree.build(leaves);
    }

    function traceRoot(uint256 id) external view returns (bytes32) {
        return Tree.root(traceLevels(id));
    }

    function programProof(uint256 i) external view returns (bytes32[] memory) {
        bytes32[] memory leaves = new bytes32[](OPS);
        for (uint256 k = 0; k < OPS; ++k) {
            leaves[k] = keccak256(ops[k]);
        }
        return Tree.leafProof(Tree.build(leaves), i);
    }

    /// The partial sums a defender holding trace `id` commits: its own, ending at its value (a corrupted
    /// element's last sum is its lie).
    function claimedSums(uint256 id, uint256 i, uint256 e) public view returns (uint32[] memory acc) {
        acc = sums(id, i, e);
        acc[acc.length - 1] = at(id, i, e);
    }

    function sumsLevels(uint256 id, uint256 i, uint256 e) public view returns (bytes32[][] memory) {
        return Tree.build(words(claimedSums(id, i, e)));
    }

    /// One opening of element `e` of op `ref` in trace `id` (against that trace's root).
    function opening(uint256 id, uint256 ref, uint256 e)
        public
        view
        returns (IDissectionGame.OperandOpening memory o)
    {
        bytes32[][] memory t = tensorLevels(id, ref);
        o.tensorRoot = Tree.root(t);
        o.elementCount = uint64(count(ref));
        o.traceProof = Tree.leafProof(traceLevels(id), ref);
        o.word = t[0][e / 8];
        o.tensorProof = Tree.leafProof(t, e / 8);
    }

    /// The openings the one-step proof of (op i, element e, term t) reads, in the reader's order.
    function openings(uint256 id, uint256 i, uint256 e, uint256 t)
        external
        view
        returns (IDissectionGame.OperandOpening[] memory o)
    {
        GameOps.Op memory op = decodeOp(i);
        if (op.kind == GameOps.MATMUL) {
            o = new IDissectionGame.OperandOpening[](2);
            uint256 p = t - 1;
            o[0] = opening(id, op.operands[0], (e / op.scalars[2]) * op.scalars[1] + p);
            o[1] = opening(id, op.operands[1], p * op.scalars[2] + e % op.scalars[2]);
        } else if (op.kind == GameOps.SUM_ROWS) {
            o = new IDissectionGame.OperandOpening[](1);
            o[0] = opening(id, op.operands[0], (t - 1) * op.scalars[1] + e);
        } else {
            o = new IDissectionGame.OperandOpening[](op.operands.length);
            for (uint256 k = 0; k < o.length; ++k) {
                o[k] = opening(id, op.operands[k], e);
            }
        }
    }
}
