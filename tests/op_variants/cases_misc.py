"""Op-variant cases: slicing, shapes, matmul and other ops."""
import numpy as np
from graphdef import Graph, case, rand


# ---- slicing, shapes, matmul, misc --------------------------------------------------

def _strided_case(name, shape, begin, end, strides, masks, index):
    @case("strided_slice/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, np.int32, lo=-99, hi=99)
        g.placeholder("input", x)
        g.const("begin", np.array(begin, np.int32))
        g.const("end", np.array(end, np.int32))
        g.const("strides", np.array(strides, np.int32))
        m = dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0)
        m.update(masks)
        g.node("output", "StridedSlice", ["input", "begin", "end", "strides"], T=np.int32,
               Index=np.int32, **m)
        return g, {"input": x}, {"output": np.asarray(x[index])}


_strided_case("rank3_neg_stride", (4, 5, 3), [3, -1, 0], [0, 0, 3], [-1, -2, 1], {}, np.s_[3:0:-1, -1:0:-2, 0:3])
_strided_case("rank3_ellipsis_newaxis", (2, 3, 4), [0, 1], [0, 3], [1, 1],
              {"ellipsis_mask": 1}, np.s_[..., 1:3])
_strided_case("rank2_new_axis_shrink", (4, 5), [0, 2, 1], [0, 3, 4], [1, 1, 1],
              {"new_axis_mask": 1, "shrink_axis_mask": 2}, np.s_[None, 2, 1:4])
_strided_case("rank3_masks_neg", (3, 4, 5), [1, 0, -2], [0, 0, -5], [1, 1, -1],
              {"begin_mask": 2, "end_mask": 3}, np.s_[1:, :, -2:-5:-1])
_strided_case("rank4_ellipsis_middle_shrink", (2, 3, 4, 5), [1, 0, 2], [2, 0, 3], [1, 1, 1],
              {"ellipsis_mask": 2, "shrink_axis_mask": 5}, np.s_[1, ..., 2])


def _bmm_case(name, ashape, bshape, adj_x, adj_y, op="BatchMatMulV2", dtype=np.float32):
    @case("matmul/" + name)
    def build(rng):
        g = Graph()
        a = rand(rng, ashape, dtype)
        b = rand(rng, bshape, dtype)
        g.placeholder("a", a)
        g.placeholder("b", b)
        g.node("output", op, ["a", "b"], T=np.dtype(dtype).type, adj_x=adj_x, adj_y=adj_y)
        aa = np.swapaxes(a, -1, -2) if adj_x else a
        bb = np.swapaxes(b, -1, -2) if adj_y else b
        return g, {"a": a, "b": b}, {"output": np.matmul(aa.astype(np.float64), bb).astype(dtype)}


_bmm_case("bmmv2_broadcast_2x1x3x4_3x4x5", (2, 1, 3, 4), (3, 4, 5), False, False)
_bmm_case("bmmv2_adj_xy_rank3", (2, 4, 3), (2, 5, 4), True, True)
_bmm_case("bmmv2_rank2_rank3_int32", (3, 4), (2, 4, 2), False, False, dtype=np.int32)
_bmm_case("bmm_v1_adj_y_float64", (2, 3, 4), (2, 5, 4), False, True, op="BatchMatMul", dtype=np.float64)


@case("matmul/rank2_ta_tb_float64")
def _matmul_ta(rng):
    g = Graph()
    a = rand(rng, (4, 3), np.float64)
    b = rand(rng, (5, 4), np.float64)
    g.placeholder("a", a)
    g.const("b", b)
    g.node("output", "MatMul", ["a", "b"], T=np.float64, transpose_a=True, transpose_b=True)
    return g, {"a": a}, {"output": a.T @ b.T}


@case("matmul/rank2_ta_int32")
def _matmul_int(rng):
    g = Graph()
    a = rand(rng, (4, 3), np.int32, lo=-9, hi=9)
    b = rand(rng, (4, 2), np.int32, lo=-9, hi=9)
    g.placeholder("a", a)
    g.placeholder("b", b)
    g.node("output", "MatMul", ["a", "b"], T=np.int32, transpose_a=True, transpose_b=False)
    return g, {"a": a, "b": b}, {"output": (a.T @ b).astype(np.int32)}


def _onehot_case(name, ishape, depth, axis, on, off, dtype=np.float32, idx_dtype=np.int32):
    @case("one_hot/" + name)
    def build(rng):
        g = Graph()
        idx = rng.randint(-1, depth + 1, size=ishape).astype(idx_dtype)
        g.placeholder("indices", idx)
        g.const("depth", np.array(depth, np.int32))
        g.const("on_value", np.array(on, dtype))
        g.const("off_value", np.array(off, dtype))
        g.node("output", "OneHot", ["indices", "depth", "on_value", "off_value"],
               T=np.dtype(dtype).type, TI=np.dtype(idx_dtype).type, axis=axis)
        # Out-of-range indices (here -1 and depth) give an all-off row.
        hot = (idx[..., None] == np.arange(depth)).astype(bool)
        y = np.where(hot, np.array(on, dtype), np.array(off, dtype))
        if axis != -1:
            y = np.moveaxis(y, -1, axis)
        return g, {"indices": idx}, {"output": y}


_onehot_case("rank1_axis-1_on5_off-1", (5,), 4, -1, 5.0, -1.0)
_onehot_case("rank2_axis0_int64", (2, 3), 3, 0, 1, 0, np.int64, np.int64)
_onehot_case("rank2_axis1", (3, 2), 5, 1, 2.5, 0.5)


def _band_case(name, shape, lower, upper, dtype=np.float32):
    @case("matrix_band_part/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype)
        g.placeholder("input", x)
        g.const("num_lower", np.array(lower, np.int64))
        g.const("num_upper", np.array(upper, np.int64))
        g.node("output", "MatrixBandPart", ["input", "num_lower", "num_upper"],
               T=np.dtype(dtype).type, Tindex=np.int64)
        m, n = shape[-2:]
        i, j = np.arange(m)[:, None], np.arange(n)[None, :]
        keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
        return g, {"input": x}, {"output": np.where(keep, x, np.zeros_like(x))}


_band_case("rank3_lower-1_upper1", (2, 4, 5), -1, 1)
_band_case("rank2_lower2_upper-1_int32", (5, 3), 2, -1, np.int32)
_band_case("rank2_0_0", (4, 4), 0, 0, np.float64)


@case("matrix_diag_part/rank3_nonsquare")
def _diag_part(rng):
    g = Graph()
    x = rand(rng, (2, 3, 5))
    g.placeholder("input", x)
    g.node("output", "MatrixDiagPart", ["input"], T=np.float32)
    return g, {"input": x}, {"output": np.diagonal(x, axis1=-2, axis2=-1).copy()}


@case("matrix_set_diag/rank3_nonsquare")
def _set_diag(rng):
    g = Graph()
    x = rand(rng, (2, 4, 3))
    d = rand(rng, (2, 3))
    g.placeholder("input", x)
    g.placeholder("diagonal", d)
    g.node("output", "MatrixSetDiag", ["input", "diagonal"], T=np.float32)
    y = x.copy()
    for k in range(3):
        y[:, k, k] = d[:, k]
    return g, {"input": x, "diagonal": d}, {"output": y}


@case("matrix_diag/rank2")
def _matrix_diag(rng):
    g = Graph()
    d = rand(rng, (2, 3), np.int32, lo=-9, hi=9)
    g.placeholder("diagonal", d)
    g.node("output", "MatrixDiag", ["diagonal"], T=np.int32)
    y = np.zeros((2, 3, 3), np.int32)
    for k in range(3):
        y[:, k, k] = d[:, k]
    return g, {"diagonal": d}, {"output": y}


def _split_case(name, shape, sizes_or_num, axis, dtype=np.float32):
    @case("split/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        if isinstance(sizes_or_num, int):
            g.const("split_dim", np.array(axis, np.int32))
            g.placeholder("input", x)
            g.node("output", "Split", ["split_dim", "input"], T=np.dtype(dtype).type,
                   num_split=sizes_or_num)
            parts = np.split(x, sizes_or_num, axis)
        else:
            g.placeholder("input", x)
            g.const("size_splits", np.array(sizes_or_num, np.int64))
            g.const("split_dim", np.array(axis, np.int32))
            g.node("output", "SplitV", ["input", "size_splits", "split_dim"], T=np.dtype(dtype).type,
                   Tlen=np.int64, num_split=len(sizes_or_num))
            sizes = list(sizes_or_num)
            if -1 in sizes:
                sizes[sizes.index(-1)] = x.shape[axis] - (sum(sizes) + 1)
            parts = np.split(x, np.cumsum(sizes)[:-1], axis)
        return g, {"input": x}, {("output.%d" % i if i else "output"): p for i, p in enumerate(parts)}


_split_case("rank3_3x4x9_num3_axis2_int32", (3, 4, 9), 3, 2, np.int32)
_split_case("rank3_10x3x4_sz2x3x5_axis0", (10, 3, 4), [2, 3, 5], 0)
_split_case("rank2_8x7_sz2x-1x4_axis1", (8, 7), [2, -1, 4], 1)
_split_case("rank2_6x4_sz0x6_axis0_int64", (6, 4), [0, 6], 0, np.int64)


def _unstack_case(name, shape, axis, dtype=np.float32):
    @case("unstack/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        n = shape[axis]
        g.node("output", "Unpack", ["input"], T=np.dtype(dtype).type, num=n, axis=axis)
        return g, {"input": x}, {("output.%d" % i if i else "output"): np.take(x, i, axis=axis)
                                 for i in range(n)}


_unstack_case("rank3_axis-1_int32", (2, 3, 4), -1, np.int32)
_unstack_case("rank2_axis1_bool", (3, 2), 1, np.bool_)
_unstack_case("rank4_axis2", (1, 2, 3, 2), 2)


def _stack_case(name, shape, n, axis, dtype=np.float32):
    @case("stack/" + name)
    def build(rng):
        g = Graph()
        xs = [rand(rng, shape, dtype, lo=-50, hi=50) for _ in range(n)]
        for i, x in enumerate(xs):
            g.placeholder("input_%d" % i, x)
        g.node("output", "Pack", ["input_%d" % i for i in range(n)], T=np.dtype(dtype).type, N=n,
               axis=axis)
        return g, {"input_%d" % i: x for i, x in enumerate(xs)}, {"output": np.stack(xs, axis)}


_stack_case("rank2_axis-2_int64", (3, 2), 3, -2, np.int64)
_stack_case("rank1_axis1_bool", (4,), 2, 1, np.bool_)
_stack_case("rank3_axis-4", (2, 1, 3), 2, -4)


def _tile_case(name, shape, multiples, dtype=np.float32):
    @case("tile/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.const("multiples", np.array(multiples, np.int64))
        g.node("output", "Tile", ["input", "multiples"], T=np.dtype(dtype).type, Tmultiples=np.int64)
        return g, {"input": x}, {"output": np.tile(x, multiples)}


_tile_case("rank3_int32", (2, 1, 3), [1, 3, 2], np.int32)
_tile_case("rank1_bool", (3,), [3], np.bool_)


def _transpose_case(name, shape, perm, dtype=np.float32):
    @case("transpose/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.const("perm", np.array(perm, np.int64))
        g.node("output", "Transpose", ["input", "perm"], T=np.dtype(dtype).type, Tperm=np.int64)
        return g, {"input": x}, {"output": x.transpose(perm)}


_transpose_case("rank5_int8", (2, 3, 1, 4, 2), [4, 0, 3, 1, 2], np.int8)
_transpose_case("rank3_bool", (2, 3, 4), [2, 1, 0], np.bool_)
_transpose_case("rank6", (2, 1, 2, 3, 1, 2), [5, 3, 1, 0, 2, 4])


@case("range/float_negative_delta")
def _range_float(rng):
    g = Graph()
    g.const("start", np.array(3.0, np.float32))
    g.const("limit", np.array(-1.5, np.float32))
    g.const("delta", np.array(-0.75, np.float32))
    g.node("output", "Range", ["start", "limit", "delta"], Tidx=np.float32)
    g.const("s2", np.array(2, np.int64))
    g.const("l2", np.array(11, np.int64))
    g.const("d2", np.array(3, np.int64))
    g.node("ints", "Range", ["s2", "l2", "d2"], Tidx=np.int64)
    return g, {}, {"output": np.arange(3.0, -1.5, -0.75, dtype=np.float32),
                   "ints": np.arange(2, 11, 3, dtype=np.int64)}


@case("lin_space/float64_n7")
def _linspace(rng):
    g = Graph()
    g.const("start", np.array(-1.0, np.float64))
    g.const("stop", np.array(2.0, np.float64))
    g.const("num", np.array(7, np.int32))
    g.node("output", "LinSpace", ["start", "stop", "num"], T=np.float64, Tidx=np.int32)
    return g, {}, {"output": np.linspace(-1.0, 2.0, 7)}


@case("clip_by_value/broadcast_min_max")
def _clip(rng):
    g = Graph()
    x = rand(rng, (3, 4), lo=-2, hi=2)
    lo = rand(rng, (1, 4), lo=-1, hi=0)
    g.placeholder("x", x)
    g.placeholder("lo", lo)
    g.const("hi", np.array(0.5, np.float32))
    g.node("output", "ClipByValue", ["x", "lo", "hi"], T=np.float32)
    return g, {"x": x, "lo": lo}, {"output": np.minimum(np.maximum(x, lo), np.float32(0.5))}


def _floor_case(name, op, dtype, fn):
    @case("transforms/" + name)
    def build(rng):
        g = Graph()
        a = np.array([7, -7, 7, -7, 0, 5, -5, 1], dtype)
        b = np.array([3, 3, -3, -3, 4, -2, 2, -1], dtype)
        if np.dtype(dtype).kind == "f":
            a = a + np.array(0.5, dtype)
        g.placeholder("a", a)
        g.placeholder("b", b)
        g.node("output", op, ["a", "b"], T=np.dtype(dtype).type)
        return g, {"a": a, "b": b}, {"output": fn(a, b).astype(dtype)}


_floor_case("floormod_signs_int32", "FloorMod", np.int32, np.mod)
_floor_case("floormod_signs_float32", "FloorMod", np.float32, np.mod)
_floor_case("floordiv_signs_int64", "FloorDiv", np.int64, np.floor_divide)
_floor_case("floordiv_signs_float64", "FloorDiv", np.float64, np.floor_divide)
_floor_case("truncatemod_signs_float32", "TruncateMod", np.float32, np.fmod)
_floor_case("truncatediv_signs_int32", "TruncateDiv", np.int32, lambda a, b: np.trunc(a / b))


@case("transforms/round_half_to_even")
def _round(rng):
    g = Graph()
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, -0.6, 3.7], np.float32)
    g.placeholder("input", x)
    g.node("output", "Round", ["input"], T=np.float32)
    g.node("rint", "Rint", ["input"], T=np.float32)
    return g, {"input": x}, {"output": np.round(x), "rint": np.rint(x)}


@case("softmax/rank3_and_log")
def _softmax3(rng):
    g = Graph()
    x = rand(rng, (2, 3, 4), lo=-3, hi=3)
    g.placeholder("input", x)
    g.node("output", "Softmax", ["input"], T=np.float32)
    g.node("log", "LogSoftmax", ["input"], T=np.float32)
    e = np.exp(x.astype(np.float64) - x.max(-1, keepdims=True))
    sm = e / e.sum(-1, keepdims=True)
    return g, {"input": x}, {"output": sm.astype(np.float32), "log": np.log(sm).astype(np.float32)}


def _lrn_case(name, shape, r, bias, alpha, beta):
    @case("lrn/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape)
        g.placeholder("input", x)
        g.node("output", "LRN", ["input"], T=np.float32, depth_radius=r, bias=bias, alpha=alpha,
               beta=beta)
        c = shape[-1]
        sq = x.astype(np.float64) ** 2
        s = np.zeros_like(sq)
        for k in range(c):
            s[..., k] = sq[..., max(0, k - r):min(c, k + r + 1)].sum(-1)
        return g, {"input": x}, {"output": (x / (bias + alpha * s) ** beta).astype(np.float32)}


_lrn_case("dr2_b1_a1e-1_b075", (1, 2, 3, 6), 2, 1.0, 0.1, 0.75)
_lrn_case("dr5_b2_a1e-4_b05", (2, 2, 2, 4), 5, 2.0, 1e-4, 0.5)


@case("leaky_relu/rank3_a-0.3_float64")
def _leaky(rng):
    g = Graph()
    x = rand(rng, (2, 3, 4), np.float64)
    g.placeholder("input", x)
    g.node("output", "LeakyRelu", ["input"], T=np.float64, alpha=1.5)
    return g, {"input": x}, {"output": np.where(x > 0, x, 1.5 * x)}


@case("crop_and_resize/nearest_extrapolation")
def _crop_nearest(rng):
    g = Graph()
    img = rand(rng, (2, 5, 6, 2))
    boxes = np.array([[0.1, 0.2, 0.8, 0.9], [-0.2, 0.0, 1.2, 0.5], [0.5, 0.5, 0.5, 0.5]], np.float32)
    ind = np.array([1, 0, 1], np.int32)
    g.placeholder("image", img)
    g.const("boxes", boxes)
    g.const("box_ind", ind)
    g.const("crop_size", np.array([3, 4], np.int32))
    g.node("output", "CropAndResize", ["image", "boxes", "box_ind", "crop_size"], T=np.float32,
           method="nearest", extrapolation_value=-1.0)
    return g, {"image": img}, {"output": _crop_and_resize(img, boxes, ind, 3, 4, "nearest", -1.0)}


@case("crop_and_resize/bilinear_flipped_box")
def _crop_bilinear(rng):
    g = Graph()
    img = rand(rng, (1, 4, 5, 3))
    boxes = np.array([[0.9, 0.8, 0.1, 0.2], [0.0, 0.0, 1.0, 1.0]], np.float32)
    ind = np.array([0, 0], np.int32)
    g.placeholder("image", img)
    g.const("boxes", boxes)
    g.const("box_ind", ind)
    g.const("crop_size", np.array([4, 1], np.int32))
    g.node("output", "CropAndResize", ["image", "boxes", "box_ind", "crop_size"], T=np.float32,
           method="bilinear", extrapolation_value=0.0)
    return g, {"image": img}, {"output": _crop_and_resize(img, boxes, ind, 4, 1, "bilinear", 0.0)}


def _crop_and_resize(img, boxes, ind, ch, cw, method, extrap):
    """tensorflow/core/kernels/image/crop_and_resize_op.cc, in float32 like the kernel."""
    f = np.float32
    _, h, w, c = img.shape
    out = np.zeros((len(boxes), ch, cw, c), np.float32)
    for b, (y1, x1, y2, x2) in enumerate(boxes):
        hs = (y2 - y1) * f(h - 1) / f(ch - 1) if ch > 1 else f(0)
        ws = (x2 - x1) * f(w - 1) / f(cw - 1) if cw > 1 else f(0)
        for y in range(ch):
            in_y = f(y1 * f(h - 1) + f(y) * hs) if ch > 1 else f(f(0.5) * (y1 + y2) * f(h - 1))
            if in_y < 0 or in_y > h - 1:
                out[b, y] = extrap
                continue
            for x in range(cw):
                in_x = f(x1 * f(w - 1) + f(x) * ws) if cw > 1 else f(f(0.5) * (x1 + x2) * f(w - 1))
                if in_x < 0 or in_x > w - 1:
                    out[b, y, x] = extrap
                    continue
                im = img[ind[b]].astype(np.float32)
                if method == "nearest":
                    # roundf: halves away from zero (in_y, in_x >= 0 here).
                    out[b, y, x] = im[int(np.floor(in_y + f(0.5))), int(np.floor(in_x + f(0.5)))]
                else:
                    ty, tx = int(np.floor(in_y)), int(np.floor(in_x))
                    by, bx = int(np.ceil(in_y)), int(np.ceil(in_x))
                    ly, lx = in_y - ty, in_x - tx
                    top = im[ty, tx] + (im[ty, bx] - im[ty, tx]) * lx
                    bot = im[by, tx] + (im[by, bx] - im[by, tx]) * lx
                    out[b, y, x] = top + (bot - top) * ly
    return out
