"""Op-variant cases: half (float16) data movement, casts and compute ops."""
import numpy as np
from graphdef import Graph, case, rand, rng_for
from oracles import conv_nd, conv_transpose_nd, depthwise, pool_nd, to_first, window_pads
from cases_resize import resize_bilinear, resize_nearest
from cases_linalg import _bn
from cases_dtypes import _argmax_case, _cast_case


# ---- half (float16) beyond elementwise rows, bitcast, check_numerics ----------------

_cast_case(np.float32, np.float16, -4, 4)
_cast_case(np.float16, np.float32, -4, 4)
_cast_case(np.float16, np.int32, -40, 40)
_cast_case(np.int32, np.float16, -2000, 2000)
_cast_case(np.float16, np.float64, -4, 4)
_cast_case(np.bool_, np.float16, 0, 1)


@case("dtype_tests/cast/float32_to_float16_rounding")
def _cast_half_rounding(rng):
    g = Graph()
    # Ties to even, overflow to inf, subnormals, NaN (numpy rounds the same way).
    x = np.array([1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11, 65504, 65520, 1e6, -1e6, 2.0 ** -20,
                  6e-8, 2.0 ** -25, np.inf, -0.0], np.float32)
    g.placeholder("input", x)
    g.node("output", "Cast", ["input"], SrcT=np.float32, DstT=np.float16, Truncate=False)
    with np.errstate(over="ignore"):
        return g, {"input": x}, {"output": x.astype(np.float16)}


@case("dtype_tests/half/data_movement")
def _half_movement(rng):
    g = Graph()
    a = rand(rng, (2, 3), np.float16, lo=-4, hi=4)
    b = rand(rng, (2, 2), np.float16, lo=-4, hi=4)
    g.placeholder("a", a)
    g.placeholder("b", b)
    g.const("axis", np.array(1, np.int32))
    g.node("concat", "ConcatV2", ["a", "b", "axis"], T=np.float16, Tidx=np.int32, N=2)
    g.const("perm", np.array([1, 0], np.int32))
    g.node("transpose", "Transpose", ["concat", "perm"], T=np.float16, Tperm=np.int32)
    g.const("shape", np.array([5, 2, 1], np.int32))
    g.node("reshape", "Reshape", ["transpose", "shape"], T=np.float16, Tshape=np.int32)
    g.node("stack", "Pack", ["a", "a"], T=np.float16, N=2, axis=0)
    g.node("identity", "Identity", ["a"], T=np.float16)
    c = np.concatenate([a, b], 1)
    return g, {"a": a, "b": b}, {"concat": c, "transpose": c.T, "reshape": c.T.reshape(5, 2, 1),
                                 "stack": np.stack([a, a]), "identity": a}


def _bitcast_case(src, dst, shape):
    @case("bitcast/from_rank%d_%s_to_%s" % (len(shape), np.dtype(src).name, np.dtype(dst).name))
    def build(rng):
        g = Graph()
        raw = rng.randint(0, 256, size=int(np.prod(shape)) * np.dtype(src).itemsize).astype(np.uint8)
        x = raw.view(src).reshape(shape)
        if np.dtype(src).kind == "f":
            x = np.where(np.isfinite(x), x, np.zeros_like(x))
        g.const("in_0", x)
        g.node("output", "Bitcast", ["in_0"], T=np.dtype(src).type, type=np.dtype(dst).type)
        si, di = np.dtype(src).itemsize, np.dtype(dst).itemsize
        if si > di:
            y = x.view(dst).reshape(shape + (si // di,))
        elif si < di:
            y = x.view(dst).reshape(shape[:-1])
        else:
            y = x.view(dst)
        return g, {}, {"output": y}


_bitcast_case(np.float64, np.int32, (3,))
_bitcast_case(np.int32, np.int8, (2, 3))
_bitcast_case(np.float16, np.int16, (4,))
_bitcast_case(np.float32, np.float16, (2, 2))
_bitcast_case(np.int16, np.float16, (3,))
_bitcast_case(np.float16, np.int32, (3, 2))
_bitcast_case(np.int8, np.int64, (2, 8))
_bitcast_case(np.uint8, np.float32, (4,))


def _check_numerics_case(name, shape, dtype):
    @case("check_numerics/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype)
        g.const("in_0", x)
        g.node("output", "CheckNumerics", ["in_0"], T=np.dtype(dtype).type, message="bad")
        return g, {}, {"output": x}


_check_numerics_case("rank1_float32", (5,), np.float32)
_check_numerics_case("rank2_float64", (3, 4), np.float64)


def _conv3d_transpose_case(name, fmt, in_sizes_last, c_out, k, s, padding):
    @case("conv3d_transpose_nn/" + name)
    def build(rng):
        g = Graph()
        w = rand(rng, k + (in_sizes_last[-1], c_out))
        outs, _ = window_pads(padding, in_sizes_last[1:-1], k, s, (1, 1, 1))
        dy = rand(rng, (in_sizes_last[0],) + tuple(outs) + (c_out,))
        first = fmt == "NCDHW"
        sizes = [in_sizes_last[0], in_sizes_last[-1]] + list(in_sizes_last[1:-1]) if first \
            else list(in_sizes_last)
        dyin = to_first(dy) if first else dy
        g.const("output_shape", np.array(sizes, np.int32))
        g.const("in_1", w)
        g.placeholder("in_0", dyin)
        st = [1, 1] + list(s) if first else [1] + list(s) + [1]
        g.node("conv3d_transpose", "Conv3DBackpropInputV2", ["output_shape", "in_1", "in_0"],
               T=np.float32, Tshape=np.int32, strides=st, dilations=[1] * 5, padding=padding,
               data_format=fmt)
        y = conv_transpose_nd(dy, w, list(in_sizes_last), s, (1, 1, 1), padding).astype(np.float32)
        return g, {"in_0": dyin}, {"conv3d_transpose": to_first(y) if first else y}


_conv3d_transpose_case("NCDHW_b1_k2_s2_d1_SAME_out5", "NCDHW", (1, 5, 5, 5, 2), 3, (2, 2, 2),
                       (2, 2, 2), "SAME")
_conv3d_transpose_case("NCDHW_b1_k3_s3_d1_SAME", "NCDHW", (1, 6, 6, 6, 2), 2, (3, 3, 3),
                       (3, 3, 3), "SAME")
_conv3d_transpose_case("NDHWC_b2_k2_s1_VALID", "NDHWC", (2, 3, 4, 3, 2), 3, (2, 2, 2),
                       (1, 1, 1), "VALID")
_conv3d_transpose_case("NDHWC_b1_k3_s2_VALID_odd", "NDHWC", (1, 5, 6, 5, 1), 2, (3, 3, 3),
                       (2, 2, 2), "VALID")


@case("where/select_rank1_cond_folded")
def _select_folded(rng):
    g = Graph()
    g.const("cond", np.array([True, False, True]))
    g.const("x", rand(rng, (3, 2)))
    g.const("y", rand(rng, (3, 2)))
    g.node("output", "Select", ["cond", "x", "y"], T=np.float32)
    r = rng_for("where/select_rank1_cond_folded")
    x, y = rand(r, (3, 2)), rand(r, (3, 2))
    return g, {}, {"output": np.where(np.array([True, False, True])[:, None], x, y)}


# ---- half (float16) compute ops: computed in float, rounded to half once --------------
# TensorFlow's CPU kernels for half widen to float where it matters (Eigen's
# contractions and convolutions accumulate half products in float; FusedBatchNorm
# casts x to its float U type and y back; see tensorflow/tensorflow#18443 and #51132 on
# the accumulation type, and Eigen's Half.h: "stay in fp32 for CPUs"), and tfaot's
# promote-half pass follows that. So each oracle takes the half inputs, widens them
# to float32, computes (the shared oracles accumulate in float64, which for these
# inputs -- multiples of 1/64 -- is exact in float32 as well), rounds to float32 as the
# float kernel would, and rounds to float16 once at the end. A chain of ops rounds to
# half after every op, as TensorFlow does between ops.

def _h(a):
    """The float kernel's result (float32) rounded once to half."""
    return np.asarray(a).astype(np.float32).astype(np.float16)


def _f(a):
    return np.asarray(a).astype(np.float32)


@case("conv2d/nhwc_k3_s1_SAME_half")
def _conv2d_half(rng):
    g = Graph()
    x, w = rand(rng, (1, 5, 6, 3), np.float16), rand(rng, (3, 3, 3, 4), np.float16)
    g.placeholder("input", x)
    g.const("filter", w)
    g.node("output", "Conv2D", ["input", "filter"], T=np.float16, strides=[1, 1, 1, 1],
           dilations=[1, 1, 1, 1], padding="SAME", data_format="NHWC", use_cudnn_on_gpu=True)
    return g, {"input": x}, {"output": _h(conv_nd(_f(x), _f(w), (1, 1), (1, 1), "SAME"))}


@case("conv2d/nhwc_k2_s2_VALID_half_fed_filter")
def _conv2d_half_fed(rng):
    g = Graph()
    x, w = rand(rng, (2, 6, 5, 2), np.float16), rand(rng, (2, 2, 2, 3), np.float16)
    g.placeholder("input", x)
    g.placeholder("filter", w)
    g.node("output", "Conv2D", ["input", "filter"], T=np.float16, strides=[1, 2, 2, 1],
           dilations=[1, 1, 1, 1], padding="VALID", data_format="NHWC", use_cudnn_on_gpu=True)
    return g, {"input": x, "filter": w}, {"output": _h(conv_nd(_f(x), _f(w), (2, 2), (1, 1), "VALID"))}


@case("conv3d/ndhwc_k2_s1_SAME_half")
def _conv3d_half(rng):
    g = Graph()
    x, w = rand(rng, (1, 3, 4, 4, 2), np.float16), rand(rng, (2, 2, 2, 2, 3), np.float16)
    g.placeholder("input", x)
    g.const("filter", w)
    g.node("output", "Conv3D", ["input", "filter"], T=np.float16, strides=[1, 1, 1, 1, 1],
           dilations=[1, 1, 1, 1, 1], padding="SAME", data_format="NDHWC")
    return g, {"input": x}, {"output": _h(conv_nd(_f(x), _f(w), (1, 1, 1), (1, 1, 1), "SAME"))}


@case("depthwise_conv2d/nhwc_k3_m2_s1_SAME_half")
def _depthwise_half(rng):
    g = Graph()
    x, w = rand(rng, (1, 5, 5, 3), np.float16), rand(rng, (3, 3, 3, 2), np.float16)
    g.placeholder("input", x)
    g.const("filter", w)
    g.node("output", "DepthwiseConv2dNative", ["input", "filter"], T=np.float16,
           strides=[1, 1, 1, 1], dilations=[1, 1, 1, 1], padding="SAME", data_format="NHWC")
    return g, {"input": x}, {"output": _h(depthwise(_f(x), _f(w), (1, 1), (1, 1), "SAME"))}


@case("conv2d_transpose/nhwc_k3_s2_SAME_half")
def _deconv_half(rng):
    g = Graph()
    in_sizes = [1, 5, 6, 2]
    w = rand(rng, (3, 3, 2, 3), np.float16)
    outs, _ = window_pads("SAME", in_sizes[1:3], (3, 3), (2, 2), (1, 1))
    dy = rand(rng, (1,) + tuple(outs) + (3,), np.float16)
    g.const("input_sizes", np.array(in_sizes, np.int32))
    g.const("filter", w)
    g.placeholder("out_backprop", dy)
    g.node("output", "Conv2DBackpropInput", ["input_sizes", "filter", "out_backprop"],
           T=np.float16, strides=[1, 2, 2, 1], dilations=[1, 1, 1, 1], padding="SAME",
           data_format="NHWC")
    y = conv_transpose_nd(_f(dy), _f(w), in_sizes, (2, 2), (1, 1), "SAME")
    return g, {"out_backprop": dy}, {"output": _h(y)}


@case("conv3d_transpose/ndhwc_k2_s2_VALID_half")
def _conv3d_transpose_half(rng):
    # Conv3DBackpropInputV2/NDHWC_VALID_half in TensorFlow's own tests.
    g = Graph()
    in_sizes = [1, 4, 5, 4, 2]
    k, s = (2, 2, 2), (2, 2, 2)
    w = rand(rng, k + (2, 3), np.float16)
    outs, _ = window_pads("VALID", in_sizes[1:-1], k, s, (1, 1, 1))
    dy = rand(rng, (1,) + tuple(outs) + (3,), np.float16)
    g.const("input_sizes", np.array(in_sizes, np.int32))
    g.const("filter", w)
    g.placeholder("out_backprop", dy)
    g.node("output", "Conv3DBackpropInputV2", ["input_sizes", "filter", "out_backprop"],
           T=np.float16, Tshape=np.int32, strides=[1, 2, 2, 2, 1], dilations=[1, 1, 1, 1, 1],
           padding="VALID", data_format="NDHWC")
    y = conv_transpose_nd(_f(dy), _f(w), in_sizes, s, (1, 1, 1), "VALID")
    return g, {"out_backprop": dy}, {"output": _h(y)}


@case("mmul/half")
def _matmul_half(rng):
    g = Graph()
    a, b = rand(rng, (3, 16), np.float16), rand(rng, (16, 5), np.float16)
    g.placeholder("a", a)
    g.placeholder("b", b)
    g.node("output", "MatMul", ["a", "b"], T=np.float16, transpose_a=False, transpose_b=False)
    g.node("tb", "MatMul", ["a", "a"], T=np.float16, transpose_a=False, transpose_b=True)
    return g, {"a": a, "b": b}, {"output": _h(_f(a) @ _f(b)), "tb": _h(_f(a) @ _f(a).T)}


@case("mmul/half_constants_folded")
def _matmul_half_const(rng):
    # All operands constant: the constant folder computes it, through the same casts.
    g = Graph()
    a, b = rand(rng, (2, 8), np.float16, -4, 4), rand(rng, (8, 3), np.float16, -4, 4)
    g.const("a", a)
    g.const("b", b)
    g.node("output", "MatMul", ["a", "b"], T=np.float16, transpose_a=False, transpose_b=False)
    return g, {}, {"output": _h(_f(a) @ _f(b))}


@case("batch_matmul/v2_half")
def _batch_matmul_half(rng):
    g = Graph()
    a, b = rand(rng, (2, 3, 6), np.float16), rand(rng, (2, 6, 4), np.float16)
    g.placeholder("a", a)
    g.placeholder("b", b)
    g.node("output", "BatchMatMulV2", ["a", "b"], T=np.float16, adj_x=False, adj_y=False)
    return g, {"a": a, "b": b}, {"output": _h(_f(a) @ _f(b))}


def _reduce_half_case(name, op, shape, axes, keep, fn):
    @case("reductions/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, np.float16, lo=-5, hi=5)
        g.placeholder("input", x)
        g.const("axis", np.array(axes, np.int32))
        g.node("output", op, ["input", "axis"], T=np.float16, Tidx=np.int32, keep_dims=keep)
        return g, {"input": x}, {"output": _h(fn(_f(x), axis=tuple(axes), keepdims=keep))}


_reduce_half_case("sum_half_1", "Sum", (3, 20), [1], False, np.sum)
_reduce_half_case("mean_half_02keep", "Mean", (4, 3, 5), [0, 2], True, np.mean)
_reduce_half_case("max_half_0", "Max", (6, 4), [0], False, np.max)


def _pool_half_case(name, op, k, s, padding):
    @case(("max_pooling" if "Max" in op else "avg_pooling") + "2d/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (1, 6, 7, 2), np.float16)
        g.placeholder("input", x)
        g.node("output", op, ["input"], T=np.float16, ksize=[1] + k + [1], strides=[1] + s + [1],
               padding=padding, data_format="NHWC")
        y = pool_nd(_f(x), k, s, padding, "max" if "Max" in op else "avg")
        return g, {"input": x}, {"output": _h(y)}


_pool_half_case("nhwc_k3_s2_SAME_half", "MaxPool", [3, 3], [2, 2], "SAME")
_pool_half_case("nhwc_k3_s2_SAME_half", "AvgPool", [3, 3], [2, 2], "SAME")


@case("softmax/half_and_log")
def _softmax_half(rng):
    g = Graph()
    x = rand(rng, (3, 5), np.float16, lo=-3, hi=3)
    g.placeholder("input", x)
    g.node("output", "Softmax", ["input"], T=np.float16)
    g.node("log", "LogSoftmax", ["input"], T=np.float16)
    xf = _f(x)
    e = np.exp(xf - xf.max(-1, keepdims=True))
    sm = e / e.sum(-1, keepdims=True)
    lsm = (xf - xf.max(-1, keepdims=True)) - np.log(e.sum(-1, keepdims=True))
    return g, {"input": x}, {"output": _h(sm), "log": _h(lsm)}


@case("fused_batch_norm/half_nhwc_v3")
def _fbn_half(rng):
    # T=half, U=float: scale, offset, mean and variance stay float (TensorFlow's
    # FusedBatchNormV3 casts x to U, normalizes in float, casts y back to T).
    g = Graph()
    x = rand(rng, (2, 3, 3, 4), np.float16)
    scale, offset, mean = rand(rng, (4,)), rand(rng, (4,)), rand(rng, (4,))
    var = rand(rng, (4,), lo=0.25, hi=2)
    g.placeholder("x", x)
    for n, v in [("scale", scale), ("offset", offset), ("mean", mean), ("variance", var)]:
        g.const(n, v)
    g.node("output", "FusedBatchNormV3", ["x", "scale", "offset", "mean", "variance"],
           T=np.float16, U=np.float32, epsilon=0.001, data_format="NHWC", is_training=False)
    y = _bn(_f(x), scale, offset, mean, var, np.float32(0.001), "NHWC")
    return g, {"x": x}, {"output": _h(y)}


@case("bias_add/half_nhwc_and_nchw")
def _bias_add_half(rng):
    g = Graph()
    x = rand(rng, (2, 3, 4, 5), np.float16, -8, 8)
    b5, b3 = rand(rng, (5,), np.float16), rand(rng, (3,), np.float16)
    g.placeholder("x", x)
    g.const("b5", b5)
    g.const("b3", b3)
    g.node("output", "BiasAdd", ["x", "b5"], T=np.float16, data_format="NHWC")
    g.node("nchw", "BiasAdd", ["x", "b3"], T=np.float16, data_format="NCHW")
    return g, {"x": x}, {"output": _h(_f(x) + _f(b5)),
                         "nchw": _h(_f(x) + _f(b3)[None, :, None, None])}


_reduce_half_case("min_half_-1keep", "Min", (3, 5), [-1], True, np.min)
_reduce_half_case("prod_half_0", "Prod", (3, 4), [0], False, np.prod)
_argmax_case("argmax_half_rank3_2", "ArgMax", (2, 3, 4), 2, np.float16, np.int64)


def _pool3d_half_case(op):
    @case(("max_pooling" if "Max" in op else "avg_pooling") + "3d/ndhwc_k2_s1_SAME_half")
    def build(rng):
        g = Graph()
        x = rand(rng, (1, 3, 4, 4, 2), np.float16)
        g.placeholder("input", x)
        g.node("output", op, ["input"], T=np.float16, ksize=[1, 2, 2, 2, 1],
               strides=[1, 1, 1, 1, 1], padding="SAME", data_format="NDHWC")
        y = pool_nd(_f(x), (2, 2, 2), (1, 1, 1), "SAME", "max" if "Max" in op else "avg")
        return g, {"input": x}, {"output": _h(y)}


_pool3d_half_case("MaxPool3D")
_pool3d_half_case("AvgPool3D")


@case("lrn/half_dr2_b1_a1e-1_b075")
def _lrn_half(rng):
    g = Graph()
    x = rand(rng, (1, 2, 3, 6), np.float16)
    g.placeholder("input", x)
    g.node("output", "LRN", ["input"], T=np.float16, depth_radius=2, bias=1.0, alpha=0.1,
           beta=0.75)
    xf = _f(x).astype(np.float64)
    s = np.zeros_like(xf)
    for k in range(6):
        s[..., k] = (xf[..., max(0, k - 2):min(6, k + 3)] ** 2).sum(-1)
    return g, {"input": x}, {"output": _h(xf / (1.0 + 0.1 * s) ** 0.75)}


@case("resize_bilinear/half_in_float_out")
def _resize_bilinear_half(rng):
    # ResizeBilinear returns float for every input dtype: no rounding to half.
    g = Graph()
    x = rand(rng, (1, 3, 4, 2), np.float16)
    g.placeholder("input", x)
    g.const("size", np.array([5, 7], np.int32))
    g.node("output", "ResizeBilinear", ["input", "size"], T=np.float16, align_corners=False,
           half_pixel_centers=True)
    return g, {"input": x}, {"output": resize_bilinear(_f(x), 5, 7, False, True).astype(np.float32)}


@case("resize_nearest_neighbor/half")
def _resize_nearest_half(rng):
    g = Graph()
    x = rand(rng, (1, 3, 4, 2), np.float16)
    g.placeholder("input", x)
    g.const("size", np.array([5, 6], np.int32))
    g.node("output", "ResizeNearestNeighbor", ["input", "size"], T=np.float16,
           align_corners=False, half_pixel_centers=False)
    return g, {"input": x}, {"output": resize_nearest(x, 5, 6, False, False)}


@case("mmul/half_const_transposed_weights")
def _matmul_half_tb(rng):
    # Constant [N, K] weights with transpose_b: canonicalize transposes the
    # (now float) constant at compile time.
    g = Graph()
    x, w = rand(rng, (2, 12), np.float16), rand(rng, (5, 12), np.float16)
    g.placeholder("x", x)
    g.const("w", w)
    g.node("output", "MatMul", ["x", "w"], T=np.float16, transpose_a=False, transpose_b=True)
    return g, {"x": x}, {"output": _h(_f(x) @ _f(w).T)}


@case("half/conv_bn_relu_pool_chain")
def _half_conv_chain(rng):
    # Conv2D -> FusedBatchNormV3 -> Relu -> MaxPool in half, rounded after every op:
    # the batch norm is not folded into the convolution across the half rounding.
    g = Graph()
    x, w = rand(rng, (1, 6, 6, 3), np.float16), rand(rng, (3, 3, 3, 4), np.float16)
    scale, offset, mean = rand(rng, (4,)), rand(rng, (4,)), rand(rng, (4,))
    var = rand(rng, (4,), lo=0.25, hi=2)
    g.placeholder("x", x)
    g.const("filter", w)
    for n, v in [("scale", scale), ("offset", offset), ("mean", mean), ("variance", var)]:
        g.const(n, v)
    g.node("conv", "Conv2D", ["x", "filter"], T=np.float16, strides=[1, 1, 1, 1],
           dilations=[1, 1, 1, 1], padding="SAME", data_format="NHWC", use_cudnn_on_gpu=True)
    g.node("bn", "FusedBatchNormV3", ["conv", "scale", "offset", "mean", "variance"],
           T=np.float16, U=np.float32, epsilon=0.001, data_format="NHWC", is_training=False)
    g.node("relu", "Relu", ["bn"], T=np.float16)
    g.node("output", "MaxPool", ["relu"], T=np.float16, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
           padding="VALID", data_format="NHWC")
    conv = _h(conv_nd(_f(x), _f(w), (1, 1), (1, 1), "SAME"))
    bn = _h(_bn(_f(conv), scale, offset, mean, var, np.float32(0.001), "NHWC"))
    relu = np.maximum(bn, np.float16(0))
    return g, {"x": x}, {"bn": bn, "output": _h(pool_nd(_f(relu), (2, 2), (2, 2), "VALID", "max"))}


@case("half/dense_relu_softmax_chain")
def _half_chain(rng):
    # MatMul -> BiasAdd -> Relu -> Softmax in half: TensorFlow rounds to half after
    # every op, so the oracle does too (the casts between promoted ops must stay).
    g = Graph()
    x, w = rand(rng, (2, 24), np.float16), rand(rng, (24, 6), np.float16)
    b = rand(rng, (6,), np.float16)
    g.placeholder("x", x)
    g.const("w", w)
    g.const("b", b)
    g.node("mm", "MatMul", ["x", "w"], T=np.float16, transpose_a=False, transpose_b=False)
    g.node("biased", "BiasAdd", ["mm", "b"], T=np.float16, data_format="NHWC")
    g.node("relu", "Relu", ["biased"], T=np.float16)
    g.node("output", "Softmax", ["relu"], T=np.float16)
    mm = _h(_f(x) @ _f(w))
    relu = np.maximum(_h(_f(mm) + _f(b)), np.float16(0))
    e = np.exp(_f(relu) - _f(relu).max(-1, keepdims=True))
    return g, {"x": x}, {"mm": mm, "relu": relu, "output": _h(e / e.sum(-1, keepdims=True))}
