"""Op-variant cases: numerics at the edges (NaN, +-Inf, -0.0, denormals, huge
magnitudes) through the optimized kernels and fused loops.

The oracles follow what TensorFlow's CPU kernels do, not what numpy does by default:
- every kernel runs with denormals flushed to zero (TF's executor and thread pools
  wrap kernels in port::ScopedFlushDenormal: MXCSR FTZ + DAZ on x86), so denormal
  inputs of arithmetic count as zero and denormal results become zero (`ftz`);
- Relu/Relu6 are cwiseMax(0)(.cwiseMin(6)): NaN stays NaN, -0.0 stays -0.0;
- Maximum/Minimum propagate NaN from either side (Eigen's PropagateNaN);
- MaxPool starts from the lowest float and keeps `x > acc ? x : acc` (x86 max), so a
  NaN never wins and a window of only NaN or -inf gives -3.4028235e38;
- Softmax is exp(x - max) * (1 / sum), which is NaN for a row holding NaN or +inf and
  for a row of only -inf.
Most cases are `exact`: values chosen so that every sum is exact in any order, then
compared bit for bit (zeros with their sign, NaN where TensorFlow has NaN).
"""
import numpy as np
from graphdef import Graph, case
from oracles import conv_nd, depthwise

F32 = np.float32
NAN, INF = float("nan"), float("inf")
BIG = float(np.finfo(F32).max)
TINY = float(np.finfo(F32).tiny)  # smallest normal float

# Special values without denormals (comparisons: see the module comment).
SPECIALS = np.array([NAN, INF, -INF, 0.0, -0.0, BIG, -BIG, 3e38, -3e38, TINY, -TINY,
                     1.0, -1.0, 0.5, -2.5, 6.0, 7.0, -6.0, 2.0 ** 100, 2.0 ** -100], F32)
# Values around the denormal range for arithmetic.
DENORMALS = np.array([1e-40, -1e-40, 1.4e-45, -1.4e-45, TINY, -TINY, 1.5 * TINY, 2.0 ** -100,
                      -(2.0 ** -100), 2.0 ** -30, 0.5, 1.0, -1.0, 0.0, -0.0, 2.0 ** 100], F32)


def ftz(a):
    """TensorFlow's flush-to-zero: denormals become zeros of the same sign."""
    a = np.asarray(a)
    with np.errstate(invalid="ignore"):
        tiny = np.finfo(a.dtype).tiny
        return np.where(np.abs(a) < tiny, np.copysign(np.zeros_like(a), a), a).astype(a.dtype)


def _pairs(values):
    n = len(values)
    return np.repeat(values, n), np.tile(values, n)


def _tf_max(x, y):
    return np.where(np.isnan(x), x, np.where(x > y, x, y))


def _tf_min(x, y):
    return np.where(np.isnan(x), x, np.where(x < y, x, y))


@case("edges/elementwise/nan_inf_signed_zero", exact=True)
def _specials(rng):
    x, y = _pairs(SPECIALS)
    g = Graph()
    g.placeholder("x", x)
    g.placeholder("y", y)
    for name, op in [("relu", "Relu"), ("relu6", "Relu6"), ("neg", "Neg"), ("abs", "Abs"),
                     ("square", "Square")]:
        g.node(name, op, ["x"], T=F32)
    for name, op in [("maximum", "Maximum"), ("minimum", "Minimum"), ("add", "AddV2"),
                     ("sub", "Sub"), ("mul", "Mul")]:
        g.node(name, op, ["x", "y"], T=F32)
    # One fused loop: Relu((x + y) * x).
    g.node("chain/add", "AddV2", ["x", "y"], T=F32)
    g.node("chain/mul", "Mul", ["chain/add", "x"], T=F32)
    g.node("chain", "Relu", ["chain/mul"], T=F32)
    with np.errstate(all="ignore"):
        relu = np.where(x < 0, F32(0), x)
        outs = {
            "relu": relu,
            "relu6": np.where(x < 0, F32(0), np.where(x > 6, F32(6), x)),
            "neg": -x,
            "abs": np.abs(x),
            "square": ftz(x * x),
            "maximum": _tf_max(x, y),
            "minimum": _tf_min(x, y),
            "add": ftz(x + y),
            "sub": ftz(x - y),
            "mul": ftz(x * y),
        }
        m = ftz(ftz(x + y) * x)
        outs["chain"] = np.where(m < 0, F32(0), m)
    return g, {"x": x, "y": y}, {k: v.astype(F32) for k, v in outs.items()}


@case("edges/elementwise/denormals_flush_to_zero", exact=True)
def _denormals(rng):
    x, y = _pairs(DENORMALS)
    g = Graph()
    g.placeholder("x", x)
    g.placeholder("y", y)
    for name, op in [("add", "AddV2"), ("sub", "Sub"), ("mul", "Mul")]:
        g.node(name, op, ["x", "y"], T=F32)
    g.node("square", "Square", ["x"], T=F32)
    with np.errstate(all="ignore"):
        fx, fy = ftz(x), ftz(y)
        outs = {"add": ftz(fx + fy), "sub": ftz(fx - fy), "mul": ftz(fx * fy),
                "square": ftz(fx * fx)}
    return g, {"x": x, "y": y}, outs


@case("edges/elementwise/denormals_double", exact=True)
def _denormals_double(rng):
    v = np.array([1e-310, -1e-310, 5e-324, np.finfo(np.float64).tiny, 2.0 ** -600, 1.0, -0.0,
                  2.0 ** 600, NAN, INF], np.float64)
    x, y = _pairs(v)
    g = Graph()
    g.placeholder("x", x)
    g.placeholder("y", y)
    g.node("mul", "Mul", ["x", "y"], T=np.float64)
    g.node("add", "AddV2", ["x", "y"], T=np.float64)
    with np.errstate(all="ignore"):
        fx, fy = ftz(x), ftz(y)
        return g, {"x": x, "y": y}, {"mul": ftz(fx * fy), "add": ftz(fx + fy)}


# ---- pooling ------------------------------------------------------------------------

def _tf_max_pool(x, k, s, padding):
    """NHWC MaxPool as TensorFlow's CPU kernel computes it (see the module comment)."""
    n, h, w, c = x.shape
    if padding == "VALID":
        oh, ow, ph, pw = (h - k[0]) // s[0] + 1, (w - k[1]) // s[1] + 1, 0, 0
    else:
        oh, ow = -(-h // s[0]), -(-w // s[1])
        ph = max((oh - 1) * s[0] + k[0] - h, 0) // 2
        pw = max((ow - 1) * s[1] + k[1] - w, 0) // 2
    out = np.full((n, oh, ow, c), -BIG, F32)
    for i in range(oh):
        for j in range(ow):
            for a in range(k[0]):
                for b in range(k[1]):
                    r, q = i * s[0] - ph + a, j * s[1] - pw + b
                    if 0 <= r < h and 0 <= q < w:
                        v = x[:, r, q, :]
                        out[:, i, j, :] = np.where(v > out[:, i, j, :], v, out[:, i, j, :])
    return out


def _pool_input(rng, shape):
    # Small integers (some -0.0), then NaN, +-inf planted; channel 0 all NaN in the
    # first 2x2 window, channel 20 all -inf there (TF: -3.4028235e38 for both).
    x = rng.randint(-4, 5, size=shape).astype(F32)
    x[x == 0] = -0.0
    x[0, 0:2, 0:2, 0] = NAN
    x[0, 0:2, 0:2, 20] = -INF
    x[0, 1, 3, 5] = NAN
    x[0, 2, 4, 17] = INF
    x[0, 3, 1, 26] = -INF
    x[0, 3, 5, 9] = NAN
    x[0, 2, 2, 24] = NAN
    return x


def _max_pool_case(name, k, s, padding):
    @case("edges/maxpool/" + name, exact=True)
    def build(rng):
        # 27 channels: a 16-channel vector block, an 8-channel one, 3 scalar channels.
        x = _pool_input(rng, (1, 4, 7, 27))
        g = Graph()
        g.placeholder("input", x)
        g.node("pool", "MaxPool", ["input"], T=F32, ksize=[1, k[0], k[1], 1],
               strides=[1, s[0], s[1], 1], padding=padding, data_format="NHWC")
        return g, {"input": x}, {"pool": _tf_max_pool(x, k, s, padding)}


_max_pool_case("c27_k2_s2_VALID", (2, 2), (2, 2), "VALID")
_max_pool_case("c27_k3_s1_SAME", (3, 3), (1, 1), "SAME")


@case("edges/avgpool/c27_k2_s1_SAME_inf_nan", exact=True)
def _avg_pool(rng):
    x = _pool_input(rng, (1, 4, 7, 27))
    x[x == 0] = 1.0  # sums of small integers: exact in any order
    g = Graph()
    g.placeholder("input", x)
    g.node("pool", "AvgPool", ["input"], T=F32, ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1],
           padding="SAME", data_format="NHWC")
    # SAME with k=2, s=1: windows [i, i+1] clipped at the far edge; TF divides the
    # in-bounds sum by the in-bounds count.
    n, h, w, c = x.shape
    out = np.zeros_like(x)
    with np.errstate(invalid="ignore"):
        for i in range(h):
            for j in range(w):
                win = x[:, i:min(i + 2, h), j:min(j + 2, w), :]
                cnt = win.shape[1] * win.shape[2]
                out[:, i, j, :] = win.astype(np.float64).sum(axis=(1, 2)) / cnt
    return g, {"input": x}, {"pool": out.astype(F32)}


# ---- softmax --------------------------------------------------------------------------

SOFTMAX_ROWS = np.array([
    [1.0, 2.0, INF, 0.0, -1.0],      # +inf: inf - inf is NaN, the row is NaN
    [1.0, -INF, 0.0, 2.0, -INF],     # -inf: probability 0
    [-INF, -INF, -INF, -INF, -INF],  # only -inf: NaN
    [NAN, 1.0, 2.0, 3.0, 4.0],       # NaN first
    [1.0, 2.0, NAN, 3.0, 4.0],       # NaN inside
    [3e38, 3e38, -3e38, 0.0, 1.0],   # huge: no overflow after subtracting the max
    [BIG, -BIG, BIG, -BIG, 0.0],
    [1e-40, -1e-40, 0.0, -0.0, 1e-45],  # denormals (zeros after DAZ): uniform
], F32)


@case("edges/softmax/nan_inf_huge_rows")
def _softmax(rng):
    x = SOFTMAX_ROWS
    g = Graph()
    g.placeholder("logits", x)
    g.node("softmax", "Softmax", ["logits"], T=F32)
    g.node("log_softmax", "LogSoftmax", ["logits"], T=F32)
    with np.errstate(all="ignore"):
        fx = ftz(x)
        shifted = fx - fx.max(axis=1, keepdims=True)
        e = np.exp(shifted.astype(np.float64))
        sm = e * (1.0 / e.sum(axis=1, keepdims=True))
        lsm = shifted - np.log(e.sum(axis=1, keepdims=True))
    return g, {"logits": x}, {"softmax": sm.astype(F32), "log_softmax": lsm.astype(F32)}


# ---- the fast convolution and GEMV kernels (select-kernels), edge tiles -------------------

def _plant(x, spots):
    for idx, v in spots:
        x[idx] = v
    return x


def _conv_edge_case(name, hw, c, k, o, s, padding, act, spots, dw=False):
    @case("edges/fast_kernels/" + name, exact=True)
    def build(rng):
        # Nonzero small integers and a 0.5 bias: every sum is exact and never zero.
        x = rng.randint(1, 4, size=(1,) + hw + (c,)).astype(F32) * rng.choice([-1, 1], size=(1,) + hw + (c,))
        x = _plant(x.astype(F32), spots)
        w = rng.randint(-2, 3, size=k + (c, 1 if dw else o)).astype(F32)  # zeros included: inf * 0
        b = np.full((c if dw else o,), 0.5, F32)
        g = Graph()
        g.placeholder("input", x)
        g.const("filter", w)
        g.const("bias", b)
        op = "DepthwiseConv2dNative" if dw else "Conv2D"
        g.node("conv", op, ["input", "filter"], T=F32, strides=[1, s[0], s[1], 1],
               dilations=[1, 1, 1, 1], padding=padding, data_format="NHWC")
        g.node("biasadd", "BiasAdd", ["conv", "bias"], T=F32, data_format="NHWC")
        with np.errstate(invalid="ignore"):
            y = (depthwise(x, w, s, (1, 1), padding) if dw else conv_nd(x, w, s, (1, 1), padding)) + b
        if act == "relu":
            g.node("output", "Relu", ["biasadd"], T=F32)
            y = np.where(y < 0, 0.0, y)
        elif act == "relu6":
            g.node("output", "Relu6", ["biasadd"], T=F32)
            y = np.where(y < 0, 0.0, np.where(y > 6, 6.0, y))
        else:
            g.node("output", "Identity", ["biasadd"], T=F32)
        return g, {"input": x}, {"output": y.astype(F32)}


# 15 output columns (AVX-512 tiles of 12 + an edge tile of 3), 40 channels (a 32-channel
# tile + a lone 8-channel panel): NaN and +-inf in the edge columns and the first one.
_conv_edge_case("conv_5x15x3_k3_o40_SAME_relu", (5, 15), 3, (3, 3), 40, (1, 1), "SAME", "relu",
                [((0, 2, 13, 1), NAN), ((0, 4, 0, 0), INF), ((0, 1, 14, 2), -INF),
                 ((0, 3, 7, 0), INF), ((0, 3, 8, 0), -INF)])
# 8 output channels (the narrow path: 16 columns per vector) over 19 columns.
_conv_edge_case("conv_4x19x3_k3_o8_SAME_relu6", (4, 19), 3, (3, 3), 8, (1, 1), "SAME", "relu6",
                [((0, 0, 18, 0), NAN), ((0, 2, 16, 1), INF), ((0, 3, 0, 2), -INF)])
_conv_edge_case("conv_6x13x16_k3_o33_s2_VALID", (6, 13), 16, (3, 3), 33, (2, 2), "VALID", "none",
                [((0, 5, 12, 15), NAN), ((0, 0, 0, 0), INF), ((0, 2, 11, 7), -INF)])
_conv_edge_case("dw_5x11x19_k3_s1_SAME_relu", (5, 11), 19, (3, 3), 1, (1, 1), "SAME", "relu",
                [((0, 0, 10, 18), NAN), ((0, 4, 9, 16), INF), ((0, 2, 0, 3), -INF)], dw=True)
_conv_edge_case("dw_6x9x17_k3_s2_SAME_relu6", (6, 9), 17, (3, 3), 1, (2, 2), "SAME", "relu6",
                [((0, 5, 8, 16), NAN), ((0, 0, 8, 0), INF), ((0, 4, 4, 1), -INF)], dw=True)


def _gemv_edge_case(name, k, n, tb, act):
    @case("edges/fast_kernels/" + name, exact=True)
    def build(rng):
        x = (rng.randint(1, 4, size=(1, k)) * rng.choice([-1, 1], size=(1, k))).astype(F32)
        w = rng.randint(-2, 3, size=(k, n)).astype(F32)
        x[0, 3] = INF          # inf * 0 = NaN, inf * -2 = -inf
        w[5, n - 1] = NAN      # a NaN weight: the last (edge) output is NaN
        x[0, k - 1] = 3e38     # * 2 overflows to inf
        b = np.full((n,), 0.5, F32)
        g = Graph()
        g.placeholder("input", x)
        g.const("weights", w.T.copy() if tb else w)
        g.const("bias", b)
        g.node("matmul", "MatMul", ["input", "weights"], T=F32, transpose_a=False, transpose_b=tb)
        g.node("biasadd", "BiasAdd", ["matmul", "bias"], T=F32, data_format="NHWC")
        with np.errstate(all="ignore"):
            # Each product in float32 (3e38 * 2 = inf), summed in float64: with one
            # infinite term per sign at most, the order does not matter.
            prods = x.reshape(k, 1) * w
            y = prods.astype(np.float64).sum(axis=0, keepdims=True) + b
        if act == "relu":
            g.node("output", "Relu", ["biasadd"], T=F32)
            y = np.where(y < 0, 0.0, y)
        else:
            g.node("output", "Identity", ["biasadd"], T=F32)
        return g, {"input": x}, {"output": y.astype(F32)}


_gemv_edge_case("gemv_1x37_to_23_relu_nan_inf", 37, 23, False, "relu")
_gemv_edge_case("gemv_1x9_to_129_tb_nan_inf", 9, 129, True, "none")


# ---- the register-blocked GEMM (runtime/fast_gemm.h) and its epilogue ---------------------
#
# M = 13 and N = 37 leave an edge tile on every ISA (AVX-512 12x32, AVX2 6x16, SSE2 2x16
# tiles). Operands are nonzero small integers (every finite sum is exact in any order)
# with NaN, +-inf and huge values planted so that each result is the same in any
# summation order, with or without FMA (_check_order_free): at most one huge term per
# dot product, and none where an infinite term is (fma(3e38, -2, inf) is inf, while
# 3e38 * -2 rounded first is -inf and then inf + -inf is NaN). The accumulators start at
# +0.0 as TF's (Eigen's gebp, oneDNN) do, so a sum of -0.0 products is +0.0.

def _int_operand(rng, shape):
    return (rng.randint(1, 4, size=shape) * rng.choice([-1, 1], size=shape)).astype(F32)


def _check_order_free(a, b):
    """Raises unless every dot product of a [..., m, k] and b [..., k, n] has one value
    in any order: NaN terms (NaN, inf * 0) decide alone; otherwise no overflowing finite
    product beside an infinite one, and at most one huge finite term."""
    with np.errstate(all="ignore"):
        x, y = a.astype(np.float64)[..., :, :, None], b.astype(np.float64)[..., None, :, :]
        p = x * y
        finite = np.isfinite(x) & np.isfinite(y)
        nan_term = np.isnan(p).any(axis=-2)
        inf_term = (~finite & ~np.isnan(p)).any(axis=-2)
        overflow = (finite & (np.abs(p) > BIG)).any(axis=-2)
        huge = (finite & (np.abs(p) > 2.0 ** 100)).sum(axis=-2)
    bad = ~nan_term & ((inf_term & overflow) | (huge > 1))
    if bad.any():
        raise ValueError("order-dependent GEMM edge case at %s" % np.argwhere(bad)[0])


def _gemm_oracle(a, b):
    """TF's float32 (Batch)MatMul of a [..., m, k] and b [..., k, n]: products in float32
    (3e38 * 2 = inf, inf * 0 = NaN) of denormal-free operands, summed exactly, the result
    flushed."""
    a, b = ftz(a), ftz(b)
    _check_order_free(a, b)
    with np.errstate(all="ignore"):
        prods = ftz(a[..., :, :, None] * b[..., None, :, :])
        return ftz((prods.astype(np.float64).sum(axis=-2) + 0.0).astype(F32))


def _t(x, transpose):
    return np.ascontiguousarray(np.swapaxes(x, -1, -2)) if transpose else x


def _epilogue(g, last, y, bias=None, residual=None, act="none"):
    """BiasAdd, residual add and activation after node `last` (fused into the GEMM's
    epilogue by select-kernels); returns the output node's expected value."""
    with np.errstate(all="ignore"):
        if bias is not None:
            g.const("bias", bias)
            g.node("biasadd", "BiasAdd", [last, "bias"], T=F32, data_format="NHWC")
            last, y = "biasadd", ftz((y.astype(np.float64) + bias).astype(F32))
        if residual is not None:
            g.placeholder("residual", residual)
            g.node("residual_add", "AddV2", ["residual", last], T=F32)
            last, y = "residual_add", ftz((y.astype(np.float64) + residual).astype(F32))
        if act == "relu":
            g.node("act", "Relu", [last], T=F32)
            last, y = "act", np.where(y < 0, F32(0), y)
        elif act == "relu6":
            g.node("act", "Relu6", [last], T=F32)
            last, y = "act", np.where(y < 0, F32(0), np.where(y > 6, F32(6), y))
    g.node("output", "Identity", [last], T=F32)
    return y.astype(F32)


def _edge_operands(rng, ashape, bshape, b_specials):
    """a [..., m, k] and b [..., k, n] (untransposed) with specials in the first, middle
    and last (edge-tile) rows and columns."""
    a = _int_operand(rng, ashape)
    m, k = ashape[-2:]
    for (i, j), v in [((0, 1), NAN), ((m - 1, 0), INF), ((m - 1, k - 1), -INF),
                      ((6, k - 1), INF), ((6, 0), -INF), ((3, 2), 3e38), ((m - 2, k - 2), -3e38),
                      ((5, 3), BIG), ((4, 4), -0.0)]:
        a[..., i, j] = v
    b = rng.randint(-2, 3, size=bshape).astype(F32)  # zeros: inf * 0
    if b_specials:
        b[..., 0, -1] = NAN
        b[..., -1, 0] = INF
        a[..., [3, m - 2, 5], k - 1] = 0.0  # rows with a huge term: 0 * inf (NaN) there
    return a, b


def _gemm_edge_case(name, m, k, n, ta=False, tb=False, run_time_b=False, bias=True,
                    residual=False, act="none"):
    @case("edges/gemm/" + name, exact=True)
    def build(rng):
        a, b = _edge_operands(rng, (m, k), (k, n), b_specials=run_time_b)
        g = Graph()
        g.placeholder("a", _t(a, ta))
        (g.placeholder if run_time_b else g.const)("b", _t(b, tb))
        g.node("matmul", "MatMul", ["a", "b"], T=F32, transpose_a=ta, transpose_b=tb)
        feeds = {"a": _t(a, ta), "b": _t(b, tb)} if run_time_b else {"a": _t(a, ta)}
        r = None
        if residual:
            r = _int_operand(rng, (m, n))
            r[m - 1, n - 1], r[0, 0], r[1, 1] = NAN, -INF, -0.0
            feeds["residual"] = r
        y = _epilogue(g, "matmul", _gemm_oracle(a, b),
                      np.full((n,), 0.5, F32) if bias else None, r, act)
        return g, feeds, {"output": y}


_gemm_edge_case("const_b_13x19_to_37_bias_relu", 13, 19, 37, act="relu")
_gemm_edge_case("const_b_ta_tb_13x19_to_37_bias_relu6", 13, 19, 37, ta=True, tb=True, act="relu6")
_gemm_edge_case("const_b_13x21_to_37_bias_residual_relu6", 13, 21, 37, residual=True, act="relu6")
_gemm_edge_case("run_time_b_13x19_to_37_relu", 13, 19, 37, run_time_b=True, bias=False, act="relu")
_gemm_edge_case("run_time_b_ta_13x23_to_37", 13, 23, 37, ta=True, run_time_b=True, bias=False)
_gemm_edge_case("run_time_b_tb_13x19_to_37", 13, 19, 37, tb=True, run_time_b=True, bias=False)


def _bmm_edge_case(name, ashape, bshape, adj_x=False, adj_y=False, const_b=False,
                   bias_act="none"):
    """ashape/bshape untransposed ([..., m, k], [..., k, n]); adj_x/adj_y transpose
    what the graph holds."""
    @case("edges/gemm/" + name, exact=True)
    def build(rng):
        a, b = _edge_operands(rng, ashape, bshape, b_specials=True)
        g = Graph()
        g.placeholder("a", _t(a, adj_x))
        (g.const if const_b else g.placeholder)("b", _t(b, adj_y))
        g.node("bmm", "BatchMatMulV2", ["a", "b"], T=F32, adj_x=adj_x, adj_y=adj_y)
        y = _gemm_oracle(a, b)
        last = "bmm"
        if bias_act != "none":
            bias = np.full((y.shape[-1],), 0.5, F32)
            g.const("bias", bias)
            g.node("add", "AddV2", ["bmm", "bias"], T=F32)
            g.node("act", {"relu": "Relu", "relu6": "Relu6"}[bias_act], ["add"], T=F32)
            last = "act"
            with np.errstate(all="ignore"):
                y = ftz((y.astype(np.float64) + bias).astype(F32))
                y = np.where(y < 0, F32(0), y)
                if bias_act == "relu6":
                    y = np.where(y > 6, F32(6), y)
        g.node("output", "Identity", [last], T=F32)
        feeds = {"a": _t(a, adj_x)} if const_b else {"a": _t(a, adj_x), "b": _t(b, adj_y)}
        return g, feeds, {"output": y.astype(F32)}


_bmm_edge_case("bmmv2_run_time_3x13x19_3x37x19_adj_y", (3, 13, 19), (3, 19, 37), adj_y=True)
_bmm_edge_case("bmmv2_run_time_2x19x13_adj_x_broadcast_b_19x37", (2, 13, 19), (19, 37), adj_x=True)
_bmm_edge_case("bmmv2_const_b_2x13x19_19x37_bias_relu6", (2, 13, 19), (19, 37), const_b=True,
               bias_act="relu6")


def _gemm_denormal_case(name, run_time_b, act):
    """Each output is one product x[i, p] * s (the other weights of its column are
    zeros), so the case sees the flushing itself: a denormal input times 2^100 is 0
    under DAZ, not ~1e-10; 2^-100 * 2^-30 is 0 under FTZ; -0.0 * 1 + the accumulator's
    +0.0 is +0.0. No product underflows below zero: the sign of that zero is not
    TensorFlow's to promise (with FMA, fma(-2^-126, 2^-30, +0.0) rounds to -0.0; without,
    the product flushes to -0.0 and + 0.0 makes +0.0; Eigen adds its result to a zeroed
    output, oneDNN stores it), and tfaot's ISAs differ there too."""
    @case("edges/gemm/" + name, exact=True)
    def build(rng):
        m, k, n = 17, 16, 37
        values = DENORMALS[(DENORMALS != -TINY) & (DENORMALS != -(2.0 ** -100))]
        x = values[rng.randint(0, len(values), size=(m, k))].astype(F32)
        x[:len(values), 0] = values  # x[:, 0] times every scale (columns 0-5)
        w = np.zeros((k, n), F32)
        scales = np.array([1.0, -1.0, 2.0 ** 100, 2.0 ** -30, 2.0 ** -100, 1e-40], F32)
        for j in range(n):
            w[0 if j < len(scales) else (j * 5) % k, j] = scales[j % len(scales)]
        g = Graph()
        g.placeholder("x", x)
        (g.placeholder if run_time_b else g.const)("w", w)
        g.node("matmul", "MatMul", ["x", "w"], T=F32, transpose_a=False, transpose_b=False)
        y = _epilogue(g, "matmul", _gemm_oracle(x, w), act=act)
        return g, ({"x": x, "w": w} if run_time_b else {"x": x}), {"output": y}


_gemm_denormal_case("denormals_const_b_17x16_to_37_relu", False, "relu")
_gemm_denormal_case("denormals_run_time_b_17x16_to_37", True, "none")
