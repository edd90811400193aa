"""Op-variant cases: padding, space/batch/depth rearrangements, scans, reversal, selection."""
import numpy as np
from graphdef import Graph, case, rand
from oracles import to_first, to_last


# ---- padding and data movement ------------------------------------------------------

def _mirror_pad_case(name, shape, pads, mode, dtype=np.float32):
    @case("mirror_pad/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.const("paddings", np.array(pads, np.int32))
        g.node("output", "MirrorPad", ["input", "paddings"], T=np.dtype(dtype).type,
               Tpaddings=np.int32, mode=mode)
        return g, {"input": x}, {"output": np.pad(x, pads, mode=mode.lower())}


_mirror_pad_case("rank1_reflect", (5,), [[2, 3]], "REFLECT")
_mirror_pad_case("rank2_reflect", (3, 4), [[1, 2], [3, 0]], "REFLECT")
_mirror_pad_case("rank2_symmetric", (3, 4), [[3, 2], [1, 4]], "SYMMETRIC")
_mirror_pad_case("rank3_symmetric_int32", (2, 3, 4), [[0, 1], [2, 3], [1, 1]], "SYMMETRIC", np.int32)
_mirror_pad_case("rank4_reflect", (1, 4, 4, 2), [[0, 0], [2, 2], [1, 3], [0, 0]], "REFLECT")


@case("pad/rank2_padv2_const5")
def _padv2(rng):
    g = Graph()
    x = rand(rng, (3, 4))
    g.placeholder("input", x)
    g.const("paddings", np.array([[1, 2], [0, 3]], np.int32))
    g.const("constant_values", np.array(5.5, np.float32))
    g.node("output", "PadV2", ["input", "paddings", "constant_values"], T=np.float32,
           Tpaddings=np.int32)
    return g, {"input": x}, {"output": np.pad(x, [[1, 2], [0, 3]], constant_values=5.5)}


@case("pad/rank3_int64_paddings")
def _pad_int64(rng):
    g = Graph()
    x = rand(rng, (2, 3, 2), np.int32, lo=-9, hi=9)
    g.placeholder("input", x)
    g.const("paddings", np.array([[1, 0], [0, 2], [1, 1]], np.int64))
    g.node("output", "Pad", ["input", "paddings"], T=np.int32, Tpaddings=np.int64)
    return g, {"input": x}, {"output": np.pad(x, [[1, 0], [0, 2], [1, 1]])}


def space_to_batch(x, block, pads):
    m = len(block)
    p = np.pad(x, [(0, 0)] + [tuple(q) for q in pads] + [(0, 0)] * (x.ndim - 1 - m))
    n = p.shape[0]
    sp = p.shape[1:1 + m]
    rest = p.shape[1 + m:]
    shp = [n] + sum([[s // b, b] for s, b in zip(sp, block)], []) + list(rest)
    r = p.reshape(shp)
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + \
        list(range(1 + 2 * m, r.ndim))
    r = r.transpose(perm)
    return r.reshape([n * int(np.prod(block))] + [s // b for s, b in zip(sp, block)] + list(rest))


def batch_to_space(x, block, crops):
    m = len(block)
    nb = x.shape[0] // int(np.prod(block))
    sp = x.shape[1:1 + m]
    rest = x.shape[1 + m:]
    r = x.reshape(list(block) + [nb] + list(sp) + list(rest))
    perm = [m] + sum([[m + 1 + i, i] for i in range(m)], []) + list(range(2 * m + 1, r.ndim))
    r = r.transpose(perm).reshape([nb] + [s * b for s, b in zip(sp, block)] + list(rest))
    sl = tuple(slice(c[0], r.shape[1 + i] - c[1]) for i, c in enumerate(crops))
    return r[(slice(None),) + sl]


def _s2b_case(name, shape, block, pads, dtype=np.float32):
    @case("space_to_batch/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.const("block_shape", np.array(block, np.int32))
        g.const("paddings", np.array(pads, np.int32))
        g.node("output", "SpaceToBatchND", ["input", "block_shape", "paddings"],
               T=np.dtype(dtype).type, Tblock_shape=np.int32, Tpaddings=np.int32)
        return g, {"input": x}, {"output": space_to_batch(x, block, pads)}


def _b2s_case(name, shape, block, crops, dtype=np.float32):
    @case("batch_to_space/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.const("block_shape", np.array(block, np.int32))
        g.const("crops", np.array(crops, np.int32))
        g.node("output", "BatchToSpaceND", ["input", "block_shape", "crops"],
               T=np.dtype(dtype).type, Tblock_shape=np.int32, Tcrops=np.int32)
        return g, {"input": x}, {"output": batch_to_space(x, block, crops)}


_s2b_case("rank4nhwc_pad", (2, 3, 5, 2), [2, 2], [[1, 0], [2, 1]])
_s2b_case("rank4nhwc_block23", (1, 4, 6, 1), [2, 3], [[0, 0], [0, 0]])
_s2b_case("rank3_block1d_int32", (2, 5, 3), [2], [[0, 1]], np.int32)
_s2b_case("rank4_block1d", (1, 4, 3, 2), [2], [[1, 1]])
_b2s_case("rank4nhwc_crop", (8, 2, 3, 2), [2, 2], [[1, 0], [0, 2]])
_b2s_case("rank4nhwc_block32", (6, 2, 2, 1), [3, 2], [[0, 1], [1, 0]])
_b2s_case("rank3_block1d_int32", (4, 3, 2), [2], [[1, 0]], np.int32)


def _d2s(x, b, fmt):
    if fmt == "NCHW":
        return to_first(_d2s(to_last(x), b, "NHWC"))
    n, h, w, c = x.shape
    return x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h * b, w * b, c // (b * b))


def _s2d(x, b, fmt):
    if fmt == "NCHW":
        return to_first(_s2d(to_last(x), b, "NHWC"))
    n, h, w, c = x.shape
    return x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h // b, w // b, b * b * c)


@case("depth_to_space/rank4nchw")
def _d2s_nchw(rng):
    g = Graph()
    x = rand(rng, (2, 8, 2, 3))
    g.placeholder("input", x)
    g.node("output", "DepthToSpace", ["input"], T=np.float32, block_size=2, data_format="NCHW")
    return g, {"input": x}, {"output": _d2s(x, 2, "NCHW")}


@case("space_to_depth/rank4nchw")
def _s2d_nchw(rng):
    g = Graph()
    x = rand(rng, (1, 2, 6, 4))
    g.placeholder("input", x)
    g.node("output", "SpaceToDepth", ["input"], T=np.float32, block_size=2, data_format="NCHW")
    return g, {"input": x}, {"output": _s2d(x, 2, "NCHW")}


@case("space_to_depth/rank4nhwc_b3_int32")
def _s2d_b3(rng):
    g = Graph()
    x = rand(rng, (1, 6, 3, 2), np.int32, lo=-99, hi=99)
    g.placeholder("input", x)
    g.node("output", "SpaceToDepth", ["input"], T=np.int32, block_size=3, data_format="NHWC")
    return g, {"input": x}, {"output": _s2d(x, 3, "NHWC")}


# ---- scans, reversal, selection -----------------------------------------------------

def _scan(x, axis, exclusive, reverse, prod):
    a = np.flip(x, axis) if reverse else x
    op = np.cumprod if prod else np.cumsum
    r = op(a, axis=axis, dtype=x.dtype)
    if exclusive:
        ident = np.ones_like if prod else np.zeros_like
        first = ident(np.take(r, [0], axis=axis))
        r = np.concatenate([first, np.take(r, range(r.shape[axis] - 1), axis=axis)], axis=axis)
    return np.flip(r, axis) if reverse else r


def _scan_case(op, shape, axis, exclusive, reverse, dtype=np.float32, axis_dtype=np.int32):
    name = "%s_%d%s%s_%s_%s" % (op.lower(), axis, "t" if exclusive else "f", "t" if reverse else "f",
                                "x".join(map(str, shape)), np.dtype(dtype).name)
    @case("transforms/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-3, hi=3)
        if op == "Cumprod" and np.dtype(dtype).kind == "f":
            x = (np.sign(x) + (x == 0)).astype(dtype) * (1 + np.abs(x) / 4).astype(dtype)
        g.placeholder("input", x)
        g.const("axis", np.array(axis, axis_dtype))
        g.node("output", op, ["input", "axis"], T=np.dtype(dtype).type,
               Tidx=np.dtype(axis_dtype).type, exclusive=exclusive, reverse=reverse)
        return g, {"input": x}, {"output": _scan(x, axis, exclusive, reverse, op == "Cumprod")}


_scan_case("Cumsum", (3, 4), 1, True, True)
_scan_case("Cumsum", (3, 4), -1, False, True)
_scan_case("Cumsum", (2, 3, 4), 1, True, False, np.float64)
_scan_case("Cumsum", (2, 3, 4), -3, True, True, np.int32)
_scan_case("Cumsum", (5,), 0, False, False, np.int64, np.int64)
_scan_case("Cumprod", (3, 4), 0, True, False)
_scan_case("Cumprod", (3, 4), 1, True, True)
_scan_case("Cumprod", (3, 4), -2, False, True)
_scan_case("Cumprod", (2, 2, 3), 2, True, True, np.int32)


def _reverse_case(name, shape, axes, dtype=np.float32):
    @case("reverse/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-100, hi=100)
        g.placeholder("input", x)
        g.const("axis", np.array(axes, np.int32))
        g.node("output", "ReverseV2", ["input", "axis"], T=np.dtype(dtype).type, Tidx=np.int32)
        return g, {"input": x}, {"output": np.flip(x, tuple(axes)) if axes else x}


_reverse_case("rank2_axis-1_int32", (3, 4), [-1], np.int32)
_reverse_case("rank4_axis13", (2, 3, 4, 2), [1, 3])
_reverse_case("rank3_all_bool", (2, 3, 2), [0, 1, 2], np.bool_)
_reverse_case("rank2_float64_axis0", (4, 3), [0], np.float64)
_reverse_case("rank5_axis-2", (2, 1, 3, 2, 2), [-2], np.int64)


@case("reverse_sequence/rank3_seq1_batch0")
def _reverse_sequence(rng):
    g = Graph()
    x = rand(rng, (3, 5, 2))
    lens = np.array([2, 5, 0], np.int64)
    g.placeholder("input", x)
    g.const("seq_lengths", lens)
    g.node("output", "ReverseSequence", ["input", "seq_lengths"], T=np.float32, Tlen=np.int64,
           seq_dim=1, batch_dim=0)
    y = x.copy()
    for b, n in enumerate(lens):
        y[b, :n] = x[b, :n][::-1]
    return g, {"input": x}, {"output": y}


@case("reverse_sequence/rank3_seq0_batch2")
def _reverse_sequence2(rng):
    g = Graph()
    x = rand(rng, (4, 2, 3), np.int32, lo=-9, hi=9)
    lens = np.array([1, 4, 3], np.int32)
    g.placeholder("input", x)
    g.const("seq_lengths", lens)
    g.node("output", "ReverseSequence", ["input", "seq_lengths"], T=np.int32, Tlen=np.int32,
           seq_dim=0, batch_dim=2)
    y = x.copy()
    for b, n in enumerate(lens):
        y[:n, :, b] = x[:n, :, b][::-1]
    return g, {"input": x}, {"output": y}


def _roll_case(name, shape, shift, axis, dtype=np.float32):
    @case("roll/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-100, hi=100)
        g.placeholder("input", x)
        g.const("shift", np.array(shift, np.int32))
        g.const("axis", np.array(axis, np.int32))
        g.node("output", "Roll", ["input", "shift", "axis"], T=np.dtype(dtype).type,
               Tshift=np.int32, Taxis=np.int32)
        return g, {"input": x}, {"output": np.roll(x, shift, axis)}


_roll_case("rank1_int32_neg", (7,), -3, 0, np.int32)
_roll_case("rank2_two_axes", (3, 5), [1, -7], [0, 1])
_roll_case("rank3_same_axis_twice", (2, 3, 4), [2, 3], [2, 2], np.float64)
_roll_case("rank3_axis-1_large", (2, 3, 4), 9, -1)


def _topk_case(name, shape, k, dtype=np.float32):
    @case("topk/" + name)
    def build(rng):
        g = Graph()
        # Distinct values: TensorFlow breaks ties by lower index; keep them out.
        n = int(np.prod(shape))
        x = (rng.permutation(n) - n // 2).reshape(shape).astype(dtype)
        if np.dtype(dtype).kind == "f":
            x = x / np.array(4, dtype)
        g.placeholder("input", x)
        g.const("k", np.array(k, np.int32))
        g.node("output", "TopKV2", ["input", "k"], T=np.dtype(dtype).type, sorted=True)
        idx = np.argsort(-x.astype(np.float64), axis=-1, kind="stable")[..., :k]
        return g, {"input": x}, {"output": np.take_along_axis(x, idx, -1),
                                 "output.1": idx.astype(np.int32)}


_topk_case("rank2_k1", (3, 6), 1)
_topk_case("rank2_k3_int32", (4, 5), 3, np.int32)
_topk_case("rank1_k_all", (6,), 6, np.float64)
_topk_case("rank4_k2", (2, 2, 3, 5), 2)


@case("topk/rank2_ties")
def _topk_ties(rng):
    g = Graph()
    x = np.array([[1, 3, 3, 2, 3], [0, 0, 0, 0, 0]], np.float32)
    g.placeholder("input", x)
    g.const("k", np.array(3, np.int32))
    g.node("output", "TopKV2", ["input", "k"], T=np.float32, sorted=True)
    # TensorFlow: equal values keep the lower index first.
    return g, {"input": x}, {"output": np.array([[3, 3, 3], [0, 0, 0]], np.float32),
                             "output.1": np.array([[1, 2, 4], [0, 1, 2]], np.int32)}


def _topk_heap_order(row, k):
    """TensorFlow's TopKV2 order for sorted=False, 1 < k < n: gtl::TopN over libstdc++ heaps."""
    def cmp(a, b):  # a ranks above b
        if row[b] < row[a]:
            return True
        if row[b] > row[a]:
            return False
        return a < b

    s = [0] * (k + 1)

    def sift_up(hole, top, v):
        parent = (hole - 1) // 2
        while hole > top and cmp(s[parent], v):
            s[hole] = s[parent]
            hole = parent
            parent = (hole - 1) // 2
        s[hole] = v

    def adjust(hole, length, v):
        top = hole
        child = hole
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if cmp(s[child], s[child - 1]):
                child -= 1
            s[hole] = s[child]
            hole = child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            s[hole] = s[child - 1]
            hole = child - 1
        sift_up(hole, top, v)

    def make_heap(length):
        parent = (length - 2) // 2
        while True:
            adjust(parent, length, s[parent])
            if parent == 0:
                return
            parent -= 1

    def pop_heap(length):
        v = s[length - 1]
        s[length - 1] = s[0]
        adjust(0, length - 1, v)

    size = 0
    for c in range(len(row)):
        if size <= k:
            s[size] = c
            size += 1
            if size == k + 1:
                make_heap(k + 1)
                pop_heap(k + 1)
        elif cmp(c, s[0]):
            s[k] = c
            sift_up(k, 0, s[k])
            pop_heap(k + 1)
    return s[:k]


@case("topk/rank1_k2_unsorted_hand")
def _topk_unsorted_hand(rng):
    g = Graph()
    x = np.array([1, 5, 3, 4, 2], np.float32)
    g.placeholder("input", x)
    g.const("k", np.array(2, np.int32))
    g.node("output", "TopKV2", ["input", "k"], T=np.float32, sorted=False)
    # Worked by hand through make_heap/pop_heap/push_heap: heap order, not sorted.
    return g, {"input": x}, {"output": np.array([4, 5], np.float32),
                             "output.1": np.array([3, 1], np.int32)}


def _topk_unsorted_case(name, shape, k, dtype=np.float32, ties=False):
    @case("topk/" + name)
    def build(rng):
        g = Graph()
        n = int(np.prod(shape))
        if ties:
            x = rng.randint(0, 4, size=shape).astype(dtype)
        else:
            x = (rng.permutation(n) - n // 2).reshape(shape).astype(dtype)
        g.placeholder("input", x)
        g.const("k", np.array(k, np.int32))
        g.node("output", "TopKV2", ["input", "k"], T=np.dtype(dtype).type, sorted=False)
        rows = x.reshape(-1, shape[-1])
        if k == 1 or k == shape[-1]:  # TensorFlow sorts these
            idx = np.argsort(-rows.astype(np.float64), axis=-1, kind="stable")[:, :k]
        else:
            idx = np.array([_topk_heap_order(list(r), k) for r in rows])
        vals = np.take_along_axis(rows, idx, -1)
        oshape = tuple(shape[:-1]) + (k,)
        return g, {"input": x}, {"output": vals.reshape(oshape),
                                 "output.1": idx.astype(np.int32).reshape(oshape)}


_topk_unsorted_case("rank1_k5_unsorted", (11,), 5)
_topk_unsorted_case("rank2_k5_unsorted", (3, 9), 5)
_topk_unsorted_case("rank2_k1_unsorted", (3, 9), 1)
_topk_unsorted_case("rank3_k3_unsorted", (2, 3, 8), 3)
_topk_unsorted_case("rank2_k4_unsorted_ties_int32", (4, 10), 4, np.int32, ties=True)
_topk_unsorted_case("rank2_k_all_unsorted", (2, 6), 6)


@case("in_top_k/test_4x5_k2_int64")
def _in_top_k(rng):
    g = Graph()
    x = np.array([[0.1, 0.5, 0.2, 0.9, 0.3], [1, 2, 3, 4, 5], [5, 4, 3, 2, 1],
                  [0.5, 0.5, 0.1, 0.5, 0.2]], np.float32)
    t = np.array([1, 2, 1, 3], np.int64)
    g.placeholder("predictions", x)
    g.placeholder("targets", t)
    g.const("k", np.array(2, np.int64))
    g.node("output", "InTopKV2", ["predictions", "targets", "k"], T=np.int64)
    # Ties count as in the top k (TensorFlow counts strictly larger values).
    return g, {"predictions": x, "targets": t}, {"output": np.array([True, False, True, True])}


def _where_xy_case(name, cshape, xshape, op="Select", dtype=np.float32):
    @case("where/" + name)
    def build(rng):
        g = Graph()
        c = rand(rng, cshape, np.bool_)
        x = rand(rng, xshape, dtype, lo=-50, hi=50)
        y = rand(rng, xshape, dtype, lo=-50, hi=50)
        g.placeholder("cond", c)
        g.placeholder("x", x)
        g.placeholder("y", y)
        g.node("output", op, ["cond", "x", "y"], T=np.dtype(dtype).type)
        if op == "Select" and c.ndim == 1 and x.ndim > 1:
            out = np.where(c.reshape((-1,) + (1,) * (x.ndim - 1)), x, y)
        else:
            out = np.where(c, x, y)
        return g, {"cond": c, "x": x, "y": y}, {"output": out}


_where_xy_case("cond_rank1_xy_rank2", (3,), (3, 4))
_where_xy_case("cond_rank1_xy_rank3_int32", (2,), (2, 3, 2), dtype=np.int32)
_where_xy_case("cond_rank0_xy_rank2", (), (3, 4))
_where_xy_case("cond_rank3_xy_rank3_float64", (2, 3, 2), (2, 3, 2), dtype=np.float64)
_where_xy_case("selectv2_cond_rank2_xy_bcast", (3, 1), (3, 4), op="SelectV2")


@case("where/selectv2_all_broadcast")
def _selectv2_bcast(rng):
    g = Graph()
    c = rand(rng, (2, 1, 3), np.bool_)
    x = rand(rng, (4, 1))
    y = rand(rng, (1,))
    g.placeholder("cond", c)
    g.placeholder("x", x)
    g.placeholder("y", y)
    g.node("output", "SelectV2", ["cond", "x", "y"], T=np.float32)
    return g, {"cond": c, "x": x, "y": y}, {"output": np.where(c, x, y)}


def _where_cond_case(name, shape, dtype):
    @case("where/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-1, hi=1) if dtype != np.bool_ else rand(rng, shape, dtype)
        g.const("in_0", x)
        g.node("output", "Where", ["in_0"], T=np.dtype(dtype).type)
        return g, {}, {"output": np.argwhere(x).astype(np.int64)}


_where_cond_case("cond_only_rank1", (7,), np.bool_)
_where_cond_case("cond_only_rank3_float32", (2, 3, 4), np.float32)
_where_cond_case("cond_only_rank2_int32", (4, 3), np.int32)
