"""Op-variant cases: RNN cells, integer wraparound, fast-kernel shapes, Const encodings, graph-level forms, folding passes."""
import numpy as np
from graphdef import Graph, _dim, case, rand
from oracles import conv_nd, depthwise, to_first, window_pads
from cases_conv import _conv2d_case
from cases_movement import _roll_case
from cases_dtypes import _cast_case


# ---- RNN cells (tensorflow/contrib/rnn/kernels/lstm_ops, gru_ops) -------------------

def _sig(v):
    return 1 / (1 + np.exp(-v))


def _lstm_cell(x, cs_prev, h_prev, w, wci, wcf, wco, b, forget_bias, cell_clip, peephole):
    n = cs_prev.shape[1]
    g = np.concatenate([x, h_prev], 1) @ w + b
    gi, gc, gf, go = g[:, :n], g[:, n:2 * n], g[:, 2 * n:3 * n], g[:, 3 * n:]
    if peephole:
        gi = gi + cs_prev * wci
        gf = gf + cs_prev * wcf
    i, f, ci = _sig(gi), _sig(gf + forget_bias), np.tanh(gc)
    cs = ci * i + cs_prev * f
    if cell_clip > 0:
        cs = np.clip(cs, -cell_clip, cell_clip)
    if peephole:
        go = go + cs * wco
    o = _sig(go)
    co = np.tanh(cs)
    return i, cs, f, o, ci, co, co * o


def _lstm_case(name, b_, n_in, n, forget_bias, cell_clip, peephole, dtype=np.float32):
    @case("rnn/lstmblockcell/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (b_, n_in), dtype)
        cs = rand(rng, (b_, n), dtype)
        h = rand(rng, (b_, n), dtype)
        w = rand(rng, (n_in + n, 4 * n), dtype)
        wci, wcf, wco = rand(rng, (n,), dtype), rand(rng, (n,), dtype), rand(rng, (n,), dtype)
        bias = rand(rng, (4 * n,), dtype)
        g.placeholder("x", x)
        g.placeholder("cs_prev", cs)
        g.placeholder("h_prev", h)
        for nm, v in [("w", w), ("wci", wci), ("wcf", wcf), ("wco", wco), ("b", bias)]:
            g.const(nm, v)
        g.node("cell", "LSTMBlockCell", ["x", "cs_prev", "h_prev", "w", "wci", "wcf", "wco", "b"],
               T=np.dtype(dtype).type, forget_bias=float(forget_bias), cell_clip=float(cell_clip),
               use_peephole=peephole)
        outs = _lstm_cell(*(v.astype(np.float64) for v in (x, cs, h, w, wci, wcf, wco, bias)),
                          forget_bias, np.float32(cell_clip), peephole)
        names = ["cell"] + ["cell.%d" % k for k in range(1, 7)]
        return g, {"x": x, "cs_prev": cs, "h_prev": h}, {nm: v.astype(dtype) for nm, v in zip(names, outs)}


_lstm_case("batch2_n2-3_withPH_noClip_fBias1", 2, 2, 3, 1.0, -1.0, True)
_lstm_case("batch1_n5-3_noPH_clip0.3_fBias2", 1, 5, 3, 2.0, 0.3, False)
_lstm_case("batch2_n3-2_withPH_clip0.5_fBias0_double", 2, 3, 2, 0.0, 0.5, True, np.float64)


@case("rnn/grublockcell/batch2_n3-2")
def _gru(rng):
    g = Graph()
    x = rand(rng, (2, 3))
    h = rand(rng, (2, 2))
    w_ru, w_c = rand(rng, (5, 4)), rand(rng, (5, 2))
    b_ru, b_c = rand(rng, (4,)), rand(rng, (2,))
    g.placeholder("x", x)
    g.placeholder("h_prev", h)
    for nm, v in [("w_ru", w_ru), ("w_c", w_c), ("b_ru", b_ru), ("b_c", b_c)]:
        g.const(nm, v)
    g.node("cell", "GRUBlockCell", ["x", "h_prev", "w_ru", "w_c", "b_ru", "b_c"], T=np.float32)
    X, H = x.astype(np.float64), h.astype(np.float64)
    ru = _sig(np.concatenate([X, H], 1) @ w_ru + b_ru)
    r, u = ru[:, :2], ru[:, 2:]
    c = np.tanh(np.concatenate([X, H * r], 1) @ w_c + b_c)
    hn = u * H + (1 - u) * c
    f = np.float32
    return g, {"x": x, "h_prev": h}, {"cell": r.astype(f), "cell.1": u.astype(f), "cell.2": c.astype(f),
                                      "cell.3": hn.astype(f)}


# ---- integer overflow wraps as in TensorFlow (two's complement) ----------------------

@case("dtype_tests/overflow/int8_uint8_int16")
def _overflow(rng):
    g = Graph()
    a8 = np.array([100, -100, 127, -128], np.int8)
    b8 = np.array([100, -100, 1, -1], np.int8)
    au = np.array([3, 250, 0, 128], np.uint8)
    bu = np.array([5, 10, 1, 2], np.uint8)
    a16 = np.array([300, -300, 32767, 200], np.int16)
    g.placeholder("a8", a8)
    g.placeholder("b8", b8)
    g.placeholder("au", au)
    g.placeholder("bu", bu)
    g.placeholder("a16", a16)
    g.node("add8", "AddV2", ["a8", "b8"], T=np.int8)
    g.node("subu", "Sub", ["au", "bu"], T=np.uint8)
    g.node("mulu", "Mul", ["au", "bu"], T=np.uint8)
    g.node("mul16", "Mul", ["a16", "a16"], T=np.int16)
    with np.errstate(all="ignore"):
        return g, {"a8": a8, "b8": b8, "au": au, "bu": bu, "a16": a16}, {
            "add8": (a8.astype(np.int64) + b8).astype(np.int8),
            "subu": (au.astype(np.int64) - bu).astype(np.uint8),
            "mulu": (au.astype(np.int64) * bu).astype(np.uint8),
            "mul16": (a16.astype(np.int64) * a16).astype(np.int16)}


_roll_case("rank4_int64_axis3", (4, 5, 3, 4), 2, 3, np.int64)
_roll_case("rank2_zeroshift", (3, 4), [0, 0], [0, 1])


# ---- the select-kernels fast paths (constant float NHWC weights) with epilogues -----

def _fast_conv_case(name, n, hw, c, k, o, s, d, padding, act, dw=False):
    @case("fast_kernels/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (n,) + hw + (c,))
        w = rand(rng, k + (c, 1 if dw else o))
        b = rand(rng, (c if dw else o,))
        g.placeholder("input", x)
        g.const("filter", w)
        g.const("bias", b)
        op = "DepthwiseConv2dNative" if dw else "Conv2D"
        g.node("conv", op, ["input", "filter"], T=np.float32, strides=[1, s[0], s[1], 1],
               dilations=[1, d[0], d[1], 1], padding=padding, data_format="NHWC")
        g.node("biasadd", "BiasAdd", ["conv", "bias"], T=np.float32, data_format="NHWC")
        y = (depthwise(x, w, s, d, padding) if dw else conv_nd(x, w, s, d, padding)) + b
        if act == "relu":
            g.node("output", "Relu", ["biasadd"], T=np.float32)
            y = np.maximum(y, 0)
        elif act == "relu6":
            g.node("output", "Relu6", ["biasadd"], T=np.float32)
            y = np.clip(y, 0, 6)
        else:
            g.node("output", "Identity", ["biasadd"], T=np.float32)
        return g, {"input": x}, {"output": y.astype(np.float32)}


_fast_conv_case("conv_1x7x9x5_k3_o17_s1_SAME_relu", 1, (7, 9), 5, (3, 3), 17, (1, 1), (1, 1), "SAME", "relu")
_fast_conv_case("conv_2x6x5x3_k2_o33_s2_VALID_relu6", 2, (6, 5), 3, (2, 2), 33, (2, 2), (1, 1), "VALID", "relu6")
_fast_conv_case("conv_1x11x3x16_k3_o16_s2_SAME", 1, (11, 3), 16, (3, 3), 16, (2, 2), (1, 1), "SAME", "none")
_fast_conv_case("conv_1x9x10x4_k3_o20_d2_SAME_relu", 1, (9, 10), 4, (3, 3), 20, (1, 1), (2, 2), "SAME", "relu")
_fast_conv_case("conv_1x1x1x7_k1_o9", 1, (1, 1), 7, (1, 1), 9, (1, 1), (1, 1), "VALID", "relu")
_fast_conv_case("conv_1x5x23x2_k1x5_o48_s1x3_SAME", 1, (5, 23), 2, (1, 5), 48, (1, 3), (1, 1), "SAME", "relu6")
_fast_conv_case("conv_3x4x4x8_k4_o1_VALID", 3, (4, 4), 8, (4, 4), 1, (1, 1), (1, 1), "VALID", "none")
_fast_conv_case("dw_1x7x9x19_k3_s1_SAME_relu", 1, (7, 9), 19, (3, 3), 1, (1, 1), (1, 1), "SAME", "relu", True)
_fast_conv_case("dw_2x8x8x32_k3_s2_SAME_relu6", 2, (8, 8), 32, (3, 3), 1, (2, 2), (1, 1), "SAME", "relu6", True)
_fast_conv_case("dw_1x10x6x5_k5_d2_VALID", 1, (10, 6), 5, (2, 2), 1, (1, 1), (2, 2), "VALID", "none", True)
_fast_conv_case("dw_1x3x17x3_k1x3_s1x2_SAME_relu", 1, (3, 17), 3, (1, 3), 1, (1, 2), (1, 1), "SAME", "relu", True)


def _gemv_case(name, rows, k, n, act, tb=False):
    @case("fast_kernels/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (rows, k))
        w = rand(rng, (n, k) if tb else (k, n))
        b = rand(rng, (n,))
        g.placeholder("input", x)
        g.const("weights", w)
        g.const("bias", b)
        g.node("matmul", "MatMul", ["input", "weights"], T=np.float32, transpose_a=False,
               transpose_b=tb)
        g.node("biasadd", "BiasAdd", ["matmul", "bias"], T=np.float32, data_format="NHWC")
        y = x.astype(np.float64) @ (w.T if tb else w) + b
        if act == "relu":
            g.node("output", "Relu", ["biasadd"], T=np.float32)
            y = np.maximum(y, 0)
        else:
            g.node("output", "Identity", ["biasadd"], T=np.float32)
        return g, {"input": x}, {"output": y.astype(np.float32)}


_gemv_case("gemv_1x37_to_23_relu", 1, 37, 23, "relu")
_gemv_case("gemv_1x5_to_129_tb", 1, 5, 129, "none", tb=True)
_gemv_case("gemv_1x256_to_10", 1, 256, 10, "none")
_gemv_case("gemm_3x17_to_33_relu_tb", 3, 17, 33, "relu", tb=True)


# ---- Const encodings: TensorFlow repeats the last listed value to fill the shape ------

def _raw_const(g, name, dtype_enum, dims, body):
    g.lines += ["node {", '  name: "%s"' % name, '  op: "Const"',
                '  attr { key: "dtype" value { type: %s } }' % dtype_enum,
                '  attr { key: "value" value { tensor { dtype: %s tensor_shape { %s } %s } } }'
                % (dtype_enum, " ".join(_dim(d) for d in dims), body), "}"]


@case("const/repeated_last_value_and_tensor_content")
def _const_encodings(rng):
    g = Graph()
    _raw_const(g, "zeros", "DT_FLOAT", (2, 3), "float_val: 0")
    _raw_const(g, "fill_last", "DT_INT32", (5,), "int_val: 1 int_val: 2")
    _raw_const(g, "int8s", "DT_INT8", (3,), "int_val: -5 int_val: 7 int_val: 127")
    _raw_const(g, "uint16s", "DT_UINT16", (2,), "int_val: 65535 int_val: 3")
    _raw_const(g, "int64_fill", "DT_INT64", (2, 2), "int64_val: -9000000000")
    _raw_const(g, "bools", "DT_BOOL", (3,), "bool_val: true bool_val: false")
    _raw_const(g, "halves", "DT_HALF", (2,), "half_val: 15360 half_val: 49152")  # 1.0, -2.0
    _raw_const(g, "doubles", "DT_DOUBLE", (2,), "double_val: 0.1")
    _raw_const(g, "content_f32", "DT_FLOAT", (2,),
               'tensor_content: "\\000\\000\\200?\\000\\000\\000\\300"')  # 1.0, -2.0
    _raw_const(g, "content_i16", "DT_INT16", (3,), 'tensor_content: "\\001\\000\\377\\377\\000\\200"')
    _raw_const(g, "scalar", "DT_FLOAT", (), "float_val: 2.5")
    x = rand(rng, (2, 3))
    g.placeholder("x", x)
    g.node("sum", "AddV2", ["x", "zeros"], T=np.float32)
    g.node("scaled", "Mul", ["x", "scalar"], T=np.float32)
    for n, t in [("fill_last", np.int32), ("int8s", np.int8), ("uint16s", np.uint16),
                 ("int64_fill", np.int64), ("bools", np.bool_), ("halves", np.float16),
                 ("doubles", np.float64), ("content_f32", np.float32), ("content_i16", np.int16)]:
        g.node(n + "_out", "Identity", [n], T=t)
    return g, {"x": x}, {
        "sum": x, "scaled": x * np.float32(2.5),
        "fill_last_out": np.array([1, 2, 2, 2, 2], np.int32),
        "int8s_out": np.array([-5, 7, 127], np.int8),
        "uint16s_out": np.array([65535, 3], np.uint16),
        "int64_fill_out": np.full((2, 2), -9000000000, np.int64),
        "bools_out": np.array([True, False, False]),
        "halves_out": np.array([1, -2], np.float16),
        "doubles_out": np.array([0.1, 0.1]),
        "content_f32_out": np.array([1, -2], np.float32),
        "content_i16_out": np.array([1, -1, -32768], np.int16)}


def _patches(x, k, s, r, padding):
    n, h, w, c = x.shape
    outs, pads = window_pads(padding, (h, w), k, s, r)
    xp = np.pad(x, [(0, 0), (pads[0][0], pads[0][1] + k[0] * r[0]), (pads[1][0], pads[1][1] + k[1] * r[1]), (0, 0)])
    out = np.zeros((n, outs[0], outs[1], k[0] * k[1] * c), x.dtype)
    for i in range(outs[0]):
        for j in range(outs[1]):
            p = []
            for a in range(k[0]):
                for b in range(k[1]):
                    p.append(xp[:, i * s[0] + a * r[0], j * s[1] + b * r[1], :])
            out[:, i, j] = np.concatenate(p, -1)
    return out


def _patches_case(name, shape, k, s, r, padding, dtype=np.float32):
    @case("extractImagePatches/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-50, hi=50)
        g.placeholder("input", x)
        g.node("output", "ExtractImagePatches", ["input"], T=np.dtype(dtype).type,
               ksizes=[1, k[0], k[1], 1], strides=[1, s[0], s[1], 1], rates=[1, r[0], r[1], 1],
               padding=padding)
        return g, {"input": x}, {"output": _patches(x, k, s, r, padding)}


_patches_case("sz2-7-6-3_k3x2_s2_r1_VALID", (2, 7, 6, 3), (3, 2), (2, 2), (1, 1), "VALID")
_patches_case("sz1-8-8-1_k2_s3_r2_SAME", (1, 8, 8, 1), (2, 2), (3, 3), (2, 2), "SAME")
_patches_case("sz1-5-7-2_int32_k3_s1x2_r1_SAME", (1, 5, 7, 2), (3, 3), (1, 2), (1, 1), "SAME", np.int32)
_patches_case("sz1-9-9-2_k2_s1_r3_VALID", (1, 9, 9, 2), (2, 2), (1, 1), (3, 3), "VALID")


@case("dilation2d/nhwc_k2_s1_r2_SAME")
def _dilation2d(rng):
    g = Graph()
    x = rand(rng, (1, 6, 5, 2))
    f = rand(rng, (2, 3, 2))
    g.placeholder("input", x)
    g.const("filter", f)
    g.node("output", "Dilation2D", ["input", "filter"], T=np.float32, strides=[1, 1, 1, 1],
           rates=[1, 2, 1, 1], padding="SAME")
    # Grayscale dilation: max over the window of x + filter; padding never wins.
    kh, kw = f.shape[:2]
    outs, pads = window_pads("SAME", (6, 5), (kh, kw), (1, 1), (2, 1))
    xp = np.pad(x.astype(np.float64), [(0, 0), (pads[0][0], pads[0][1] + 4), (pads[1][0], pads[1][1] + 3), (0, 0)],
                constant_values=-np.inf)
    y = np.full((1, outs[0], outs[1], 2), -np.inf)
    for a in range(kh):
        for b in range(kw):
            y = np.maximum(y, xp[:, a * 2:a * 2 + outs[0], b:b + outs[1], :] + f[a, b])
    return g, {"input": x}, {"output": y.astype(np.float32)}


# ---- graph-level forms: unknown placeholder dims, random matrices --------------------

@case("graph_forms/placeholder_unknown_dims")
def _unknown_dims(rng):
    g = Graph()
    x = rand(rng, (2, 3))
    y = rand(rng, (4,))
    z = rand(rng, (3, 1, 2))
    g.lines += ["node {", '  name: "x"', '  op: "Placeholder"',
                '  attr { key: "dtype" value { type: DT_FLOAT } }',
                '  attr { key: "shape" value { shape { dim { size: -1 } dim { size: 3 } } } }', "}",
                "node {", '  name: "y"', '  op: "Placeholder"',
                '  attr { key: "dtype" value { type: DT_FLOAT } }',
                '  attr { key: "shape" value { shape { unknown_rank: true } } }', "}",
                "node {", '  name: "z"', '  op: "Placeholder"',
                '  attr { key: "dtype" value { type: DT_FLOAT } }', "}"]
    g.const("axis", np.array([1], np.int32))
    g.node("sum", "Sum", ["x", "axis"], T=np.float32, Tidx=np.int32, keep_dims=False)
    g.node("shape", "Shape", ["x"], T=np.float32, out_type=np.int32)
    g.node("neg", "Neg", ["y"], T=np.float32)
    g.node("sq", "Square", ["z"], T=np.float32)
    return g, {"x": x, "y": y, "z": z}, {"sum": x.sum(1), "shape": np.array([2, 3], np.int32),
                                         "neg": -y, "sq": z * z}


def _random_matrix_case(name, op, shape, dtype=np.float32):
    @case(("matrix_determinant/" if op == "MatrixDeterminant" else "matrix_inverse/") + name)
    def build(rng):
        g = Graph()
        while True:
            x = rng.uniform(0, 1, size=shape).astype(dtype)
            m = x.reshape((-1,) + shape[-2:]).astype(np.float64)
            if max(np.linalg.cond(a) for a in m) < 50:
                break
        g.placeholder("input", x)
        if op == "MatrixDeterminant":
            g.node("output", op, ["input"], T=np.dtype(dtype).type)
            y = np.linalg.det(x.astype(np.float64))
        else:
            g.node("output", op, ["input"], T=np.dtype(dtype).type, adjoint=False)
            y = np.linalg.inv(x.astype(np.float64))
        return g, {"input": x}, {"output": np.asarray(y).astype(dtype)}


_random_matrix_case("uniform_rank3_3x4x4", "MatrixDeterminant", (3, 4, 4))
_random_matrix_case("uniform_rank2_6x6_float64", "MatrixDeterminant", (6, 6), np.float64)
_random_matrix_case("uniform_rank3_2x3x3", "MatrixInverse", (2, 3, 3))
_random_matrix_case("uniform_rank2_5x5_float64", "MatrixInverse", (5, 5), np.float64)


_cast_case(np.float32, np.uint32, 0, 1000)
_cast_case(np.uint32, np.float64, 0, 4000000000)
_cast_case(np.int64, np.uint64, 0, 10**12)
_cast_case(np.uint16, np.int8, 0, 100)
_cast_case(np.float64, np.int64, -10**6, 10**6)
_cast_case(np.int32, np.bool_, -2, 2)
_cast_case(np.uint8, np.int16, 0, 255)


# ---- folding passes: batch norm and channel scales into constant weights -------------

def _fold_case(name, producer, fmt="NHWC"):
    @case("folding/" + name)
    def build(rng):
        g = Graph()
        if producer == "depthwise":
            x = rand(rng, (1, 5, 5, 3))
            w = rand(rng, (2, 2, 3, 2))
            y = depthwise(x, w, (1, 1), (1, 1), "SAME")
            xin = x
            g.placeholder("input", xin)
            g.const("filter", w)
            g.node("prod", "DepthwiseConv2dNative", ["input", "filter"], T=np.float32,
                   strides=[1, 1, 1, 1], dilations=[1, 1, 1, 1], padding="SAME", data_format="NHWC")
        elif producer == "conv3d":
            x = rand(rng, (1, 3, 4, 4, 2))
            w = rand(rng, (2, 2, 2, 2, 3))
            y = conv_nd(x, w, (1, 1, 1), (1, 1, 1), "VALID")
            xin = x
            g.placeholder("input", xin)
            g.const("filter", w)
            g.node("prod", "Conv3D", ["input", "filter"], T=np.float32, strides=[1] * 5,
                   dilations=[1] * 5, padding="VALID", data_format="NDHWC")
        elif producer == "matmul_tb":
            x = rand(rng, (2, 5))
            w = rand(rng, (4, 5))
            y = x.astype(np.float64) @ w.T
            xin = x
            g.placeholder("input", xin)
            g.const("filter", w)
            g.node("prod", "MatMul", ["input", "filter"], T=np.float32, transpose_a=False,
                   transpose_b=True)
        else:  # NCHW conv
            x = rand(rng, (2, 4, 4, 3))
            w = rand(rng, (3, 3, 3, 4))
            y = conv_nd(x, w, (1, 1), (1, 1), "SAME")
            xin = to_first(x)
            g.placeholder("input", xin)
            g.const("filter", w)
            g.node("prod", "Conv2D", ["input", "filter"], T=np.float32, strides=[1, 1, 1, 1],
                   dilations=[1, 1, 1, 1], padding="SAME", data_format="NCHW")
        c = y.shape[-1]
        scale, offset, mean = rand(rng, (c,)), rand(rng, (c,)), rand(rng, (c,))
        var = rand(rng, (c,), lo=0.25, hi=2)
        if producer in ("depthwise", "nchw_conv"):
            for n, v in [("scale", scale), ("offset", offset), ("mean", mean), ("variance", var)]:
                g.const(n, v)
            g.node("output", "FusedBatchNormV3", ["prod", "scale", "offset", "mean", "variance"],
                   T=np.float32, U=np.float32, epsilon=0.001, data_format=fmt, is_training=False)
            out = (y - mean) / np.sqrt(var + np.float32(0.001)) * scale + offset
        else:
            g.const("scale", scale)
            g.const("offset", offset)
            g.node("mul", "Mul", ["scale", "prod"], T=np.float32)
            g.node("output", "AddV2", ["mul", "offset"], T=np.float32)
            out = y * scale + offset
        out = out.astype(np.float32)
        if producer == "nchw_conv":
            out = to_first(out)
        return g, {"input": xin}, {"output": out}


_fold_case("depthwise_m2_fused_batch_norm", "depthwise")
_fold_case("conv3d_mul_add", "conv3d")
_fold_case("matmul_tb_mul_add", "matmul_tb")
_fold_case("conv2d_nchw_fused_batch_norm", "nchw_conv", "NCHW")

_conv2d_case("nhwc_b1_k12_s12_d12_SAME", "NHWC", 1, (4, 9), 2, (1, 2), 3, (1, 2), (1, 2), "SAME", True)


@case("where/select_rank1_const_cond_fed_xy")
def _select_const_cond(rng):
    g = Graph()
    c = np.array([False, True, True, False])
    x = rand(rng, (4, 2, 3))
    y = rand(rng, (4, 2, 3))
    g.const("cond", c)
    g.placeholder("x", x)
    g.placeholder("y", y)
    g.node("output", "Select", ["cond", "x", "y"], T=np.float32)
    g.node("relu", "Relu", ["output"], T=np.float32)
    return g, {"x": x, "y": y}, {"output": np.where(c[:, None, None], x, y),
                                 "relu": np.maximum(np.where(c[:, None, None], x, y), 0)}


@case("emptyArrayTests/placeholder_feeds/add_concat")
def _empty_placeholder(rng):
    g = Graph()
    a = np.zeros((0, 3), np.float32)
    b = rand(rng, (2, 3))
    g.placeholder("a", a)
    g.placeholder("b", b)
    g.node("sum", "AddV2", ["a", "a"], T=np.float32)
    g.const("axis", np.array(0, np.int32))
    g.node("concat", "ConcatV2", ["a", "b", "axis"], T=np.float32, Tidx=np.int32, N=2)
    g.const("raxis", np.array([0], np.int32))
    g.node("total", "Sum", ["a", "raxis"], T=np.float32, Tidx=np.int32, keep_dims=False)
    return g, {"a": a, "b": b}, {"sum": a, "concat": b, "total": np.zeros(3, np.float32)}
