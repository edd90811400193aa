#!/usr/bin/python3
"""Op-variant cases: small TensorFlow GraphDefs with a numpy oracle each.

Each case is a checked-in, readable graph `cases/<family>/<variant>/frozen_model.pbtxt`
(GraphDef text format as TensorFlow writes it: Placeholder and Const inputs, the op with
its attributes) for an attribute, dtype, rank or data format the TensorFlow corpus in
../shared/tfmodels does not exercise. This file is the cases' single source:

  op_variants.py write-graphs CASES_DIR    (re)write the .pbtxt files (after editing a case)
  op_variants.py data CASES_DIR OUT_ROOT   check the .pbtxt files are current, then write
                                           OUT_ROOT/op_variants/<case>/ in the dl4j layout
                                           (frozen_model.pbtxt, in.<node>.npy, out.<node>.npy)
                                           and OUT_ROOT/must_pass.txt listing every case

Inputs are seeded random values; expected outputs come from numpy (or hand arithmetic),
never from tfaot. Semantics follow TensorFlow's kernels (comments cite the ones that
matter). Needs only numpy.
"""
import os
import sys
import zlib

import numpy as np

# ---- GraphDef text ------------------------------------------------------------------

DT = {np.dtype(np.float32): "DT_FLOAT", np.dtype(np.float64): "DT_DOUBLE",
      np.dtype(np.float16): "DT_HALF", np.dtype(np.int32): "DT_INT32",
      np.dtype(np.int64): "DT_INT64", np.dtype(np.int16): "DT_INT16",
      np.dtype(np.int8): "DT_INT8", np.dtype(np.uint8): "DT_UINT8",
      np.dtype(np.uint16): "DT_UINT16", np.dtype(np.uint32): "DT_UINT32",
      np.dtype(np.uint64): "DT_UINT64", np.dtype(np.bool_): "DT_BOOL"}


def _dim(d):
    # TensorFlow's text writer leaves out a zero size: `dim { }` is a dimension of 0.
    return "dim { size: %d }" % d if d else "dim { }"


def _shape(dims):
    if not len(dims):
        return "shape { }"
    return "shape { " + " ".join(_dim(d) for d in dims) + " }"


def _scalar(v, dtype):
    if dtype == np.bool_:
        return "true" if v else "false"
    if dtype.kind == "f":
        return repr(float(v))
    return str(int(v))


def _tensor(a):
    a = np.asarray(a)
    field = {"f": "float_val", "d": "double_val"}
    if a.dtype == np.float32:
        key = "float_val"
    elif a.dtype == np.float64:
        key = "double_val"
    elif a.dtype == np.float16:
        key = "half_val"
    elif a.dtype == np.int64:
        key = "int64_val"
    elif a.dtype == np.bool_:
        key = "bool_val"
    else:
        key = "int_val"
    del field
    dims = " ".join(_dim(d) for d in a.shape)
    flat = a.reshape(-1)
    if a.dtype == np.float16:
        vals = " ".join("half_val: %d" % int(v) for v in flat.view(np.uint16))
    else:
        vals = " ".join("%s: %s" % (key, _scalar(v, a.dtype)) for v in flat)
    return "tensor { dtype: %s tensor_shape { %s } %s }" % (DT[a.dtype], dims, vals)


def _attr(v):
    if isinstance(v, bool):
        return "b: " + ("true" if v else "false")
    if isinstance(v, int):
        return "i: %d" % v
    if isinstance(v, float):
        return "f: " + repr(v)
    if isinstance(v, str):
        return 's: "%s"' % v
    if isinstance(v, np.dtype) or (isinstance(v, type) and issubclass(v, np.generic)):
        return "type: " + DT[np.dtype(v)]
    if isinstance(v, list):
        if v and isinstance(v[0], (type, np.dtype)):
            return "list { " + " ".join("type: " + DT[np.dtype(t)] for t in v) + " }"
        return "list { " + " ".join("i: %d" % i for i in v) + " }"
    if isinstance(v, tuple) and v and v[0] == "shape":
        return _shape(v[1])
    raise TypeError(v)


class Graph:
    def __init__(self):
        self.lines = []

    def node(self, name, op, inputs=(), **attrs):
        out = ["node {", '  name: "%s"' % name, '  op: "%s"' % op]
        out += ['  input: "%s"' % i for i in inputs]
        for k in sorted(attrs):
            out.append('  attr { key: "%s" value { %s } }' % (k, _attr(attrs[k])))
        out.append("}")
        self.lines += out
        return name

    def placeholder(self, name, a):
        return self.node(name, "Placeholder", dtype=a.dtype.type, shape=("shape", a.shape))

    def const(self, name, a):
        a = np.asarray(a)
        out = ["node {", '  name: "%s"' % name, '  op: "Const"',
               '  attr { key: "dtype" value { type: %s } }' % DT[a.dtype],
               '  attr { key: "value" value { %s } }' % _tensor(a), "}"]
        self.lines += out
        return name

    def text(self):
        return "\n".join(self.lines) + "\nversions { producer: 27 }\n"


CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


def rng_for(name):
    return np.random.RandomState(zlib.crc32(name.encode()) & 0x7FFFFFFF)


def rand(rng, shape, dtype=np.float32, lo=-1.0, hi=1.0):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        # Values with few significant bits keep float16/float32 sums exact-ish.
        return (np.round(rng.uniform(lo, hi, size=shape) * 64) / 64).astype(dtype)
    if dtype == np.bool_:
        return rng.randint(0, 2, size=shape).astype(np.bool_)
    info = np.iinfo(dtype)
    return rng.randint(max(info.min, int(lo)), min(info.max, int(hi)) + 1,
                       size=shape).astype(dtype)


# ---- numpy oracles ------------------------------------------------------------------

def same_pads(n, k, s, d=1):
    """TensorFlow's SAME padding: (output size, padding before, padding after)."""
    eff = (k - 1) * d + 1
    out = -(-n // s)
    total = max((out - 1) * s + eff - n, 0)
    return out, total // 2, total - total // 2


def window_pads(padding, in_sp, k_sp, s_sp, d_sp, explicit=None):
    pads, outs = [], []
    for i, (n, k, s, d) in enumerate(zip(in_sp, k_sp, s_sp, d_sp)):
        eff = (k - 1) * d + 1
        if padding == "SAME":
            o, b, a = same_pads(n, k, s, d)
        elif padding == "VALID":
            o, b, a = (n - eff) // s + 1, 0, 0
        else:
            b, a = explicit[i]
            o = (n + b + a - eff) // s + 1
        pads.append((b, a))
        outs.append(o)
    return outs, pads


def conv_nd(x, w, strides, dilations, padding, groups=1, explicit=None):
    """Channels-last convolution: x [N, *sp, C], w [*k, C/groups, O]."""
    sp = x.ndim - 2
    k_sp = w.shape[:sp]
    outs, pads = window_pads(padding, x.shape[1:-1], k_sp, strides, dilations, explicit)
    xp = np.pad(x.astype(np.float64), [(0, 0)] + [(b, a + s * k) for (b, a), s, k
                                                  in zip(pads, strides, k_sp)] + [(0, 0)])
    cin, cout = w.shape[-2], w.shape[-1]
    out = np.zeros((x.shape[0],) + tuple(outs) + (cout,))
    og = cout // groups
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki * d, ki * d + (o - 1) * s + 1, s)
                   for ki, d, o, s in zip(kidx, dilations, outs, strides))
        patch = xp[(slice(None),) + sl]
        wk = w[kidx].astype(np.float64)
        for g in range(groups):
            out[..., g * og:(g + 1) * og] += patch[..., g * cin:(g + 1) * cin] @ wk[:, g * og:(g + 1) * og]
    return out


def depthwise(x, w, strides, dilations, padding, explicit=None):
    """x [N,H,W,C], w [kh,kw,C,M] -> out channel c*M+m."""
    kh, kw, c, m = w.shape
    wg = np.zeros((kh, kw, 1, c * m))
    for ci in range(c):
        wg[:, :, 0, ci * m:(ci + 1) * m] = w[:, :, ci, :]
    return conv_nd(x, wg, strides, dilations, padding, groups=c, explicit=explicit)


def conv_transpose_nd(dy, w, in_sizes, strides, dilations, padding, explicit=None):
    """Gradient of channels-last conv_nd w.r.t. x of shape in_sizes; w [*k, C, O]."""
    sp = dy.ndim - 2
    k_sp = w.shape[:sp]
    outs, pads = window_pads(padding, in_sizes[1:-1], k_sp, strides, dilations, explicit)
    assert list(dy.shape[1:-1]) == outs, (dy.shape, outs)
    big = [in_sizes[0]] + [n + b + (k - 1) * d + s + 1 for n, (b, a), k, d, s in
                           zip(in_sizes[1:-1], pads, k_sp, dilations, strides)] + [in_sizes[-1]]
    dxp = np.zeros(big)
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki * d, ki * d + (o - 1) * s + 1, s)
                   for ki, d, o, s in zip(kidx, dilations, outs, strides))
        dxp[(slice(None),) + sl] += dy.astype(np.float64) @ w[kidx].astype(np.float64).T
    crop = tuple(slice(b, b + n) for (b, a), n in zip(pads, in_sizes[1:-1]))
    return dxp[(slice(None),) + crop]


def pool_nd(x, k_sp, s_sp, padding, kind):
    """Channels-last pooling; average pooling divides by the in-bounds count (TensorFlow)."""
    outs, pads = window_pads(padding, x.shape[1:-1], k_sp, s_sp, [1] * len(k_sp))
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x.astype(np.float64), [(0, 0)] + [(b, a + k) for (b, a), k in zip(pads, k_sp)]
                + [(0, 0)], constant_values=fill)
    ones = np.pad(np.ones(x.shape[1:-1]), [(b, a + k) for (b, a), k in zip(pads, k_sp)])
    res = np.full((x.shape[0],) + tuple(outs) + (x.shape[-1],), fill)
    cnt = np.zeros(tuple(outs))
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki, ki + (o - 1) * s + 1, s) for ki, o, s in zip(kidx, outs, s_sp))
        patch = xp[(slice(None),) + sl]
        if kind == "max":
            res = np.maximum(res, patch)
        else:
            res = res + patch
            cnt = cnt + ones[sl]
    if kind == "avg":
        res = res / cnt[None, ..., None]
    return res


def to_first(a):   # NHWC-like -> NCHW-like
    return np.moveaxis(a, -1, 1)


def to_last(a):
    return np.moveaxis(a, 1, -1)


# ---- cases --------------------------------------------------------------------------
# Each returns (graph, {placeholder: value}, {fetched node: expected}).

def _conv2d_case(name, fmt, n, hw, c, k, o, s, d, padding, const_filter, explicit=None,
                 dtype=np.float32, groups=1):
    @case("conv2d/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (n,) + hw + (c,), dtype)
        w = rand(rng, k + (c // groups, o), dtype)
        feeds = {}
        xin = x if fmt == "NHWC" else to_first(x)
        g.placeholder("input", xin)
        feeds["input"] = xin
        if const_filter:
            g.const("filter", w)
        else:
            g.placeholder("filter", w)
            feeds["filter"] = w
        st = [1, s[0], s[1], 1] if fmt == "NHWC" else [1, 1, s[0], s[1]]
        dl = [1, d[0], d[1], 1] if fmt == "NHWC" else [1, 1, d[0], d[1]]
        attrs = dict(T=np.dtype(dtype).type, strides=st, dilations=dl, padding=padding,
                     data_format=fmt, use_cudnn_on_gpu=True)
        if explicit is not None:
            flat = [0, 0, explicit[0][0], explicit[0][1], explicit[1][0], explicit[1][1], 0, 0]
            if fmt == "NCHW":
                flat = [0, 0, 0, 0] + flat[2:6]
            attrs["explicit_paddings"] = flat
        g.node("output", "Conv2D", ["input", "filter"], **attrs)
        y = conv_nd(x, w, s, d, padding, groups=groups, explicit=explicit).astype(dtype)
        return g, feeds, {"output": y if fmt == "NHWC" else to_first(y)}


_conv2d_case("nchw_b2_k2_s1_d1_VALID", "NCHW", 2, (5, 4), 3, (2, 2), 4, (1, 1), (1, 1), "VALID", True)
_conv2d_case("nchw_b1_k2_s2_SAME", "NCHW", 1, (5, 5), 2, (2, 2), 3, (2, 2), (1, 1), "SAME", True)
_conv2d_case("nchw_b2_k2_s1_d2_SAME", "NCHW", 2, (5, 6), 2, (2, 2), 3, (1, 1), (2, 2), "SAME", False)
_conv2d_case("nhwc_b1_k12_s12_d1_SAME", "NHWC", 1, (5, 6), 2, (1, 2), 3, (1, 2), (1, 1), "SAME", True)
_conv2d_case("nhwc_b1_k3_s2_SAME_odd", "NHWC", 1, (6, 7), 3, (3, 3), 4, (2, 2), (1, 1), "SAME", True)
_conv2d_case("nhwc_b2_k2_s1_d2_SAME", "NHWC", 2, (5, 5), 3, (2, 2), 2, (1, 1), (2, 2), "SAME", True)
_conv2d_case("nhwc_b1_k2_s1_d12_SAME", "NHWC", 1, (5, 6), 2, (2, 2), 3, (1, 1), (1, 2), "SAME", False)
_conv2d_case("nhwc_b2_k2_s1_d1_VALID", "NHWC", 2, (4, 5), 3, (2, 2), 5, (1, 1), (1, 1), "VALID", True)
_conv2d_case("nhwc_k3_EXPLICIT", "NHWC", 1, (5, 5), 2, (3, 3), 3, (1, 1), (1, 1), "EXPLICIT",
             True, explicit=[(1, 2), (0, 1)])
_conv2d_case("nchw_k3_s2_EXPLICIT", "NCHW", 1, (6, 5), 2, (3, 3), 3, (2, 2), (1, 1), "EXPLICIT",
             False, explicit=[(2, 1), (1, 1)])
_conv2d_case("nhwc_float64", "NHWC", 1, (4, 4), 2, (2, 2), 3, (1, 1), (1, 1), "SAME", True,
             dtype=np.float64)
_conv2d_case("nhwc_grouped", "NHWC", 1, (4, 4), 4, (2, 2), 6, (1, 1), (1, 1), "VALID", False,
             groups=2)


def _depthwise_case(name, fmt, n, hw, c, k, m, s, d, padding, const_filter=True):
    @case("depthwise_conv2d/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (n,) + hw + (c,))
        w = rand(rng, k + (c, m))
        xin = x if fmt == "NHWC" else to_first(x)
        feeds = {"input": xin}
        g.placeholder("input", xin)
        if const_filter:
            g.const("filter", w)
        else:
            g.placeholder("filter", w)
            feeds["filter"] = w
        st = [1, s[0], s[1], 1] if fmt == "NHWC" else [1, 1, s[0], s[1]]
        dl = [1, d[0], d[1], 1] if fmt == "NHWC" else [1, 1, d[0], d[1]]
        g.node("output", "DepthwiseConv2dNative", ["input", "filter"], T=np.float32,
               strides=st, dilations=dl, padding=padding, data_format=fmt)
        y = depthwise(x, w, s, d, padding).astype(np.float32)
        return g, feeds, {"output": y if fmt == "NHWC" else to_first(y)}


_depthwise_case("nhwc_k2_m2_s1_SAME", "NHWC", 2, (5, 5), 3, (2, 2), 2, (1, 1), (1, 1), "SAME")
_depthwise_case("nhwc_k3_m3_s2_VALID", "NHWC", 1, (7, 6), 2, (3, 3), 3, (2, 2), (1, 1), "VALID")
_depthwise_case("nhwc_k2_m1_d2_SAME", "NHWC", 1, (6, 6), 4, (2, 2), 1, (1, 1), (2, 2), "SAME")
_depthwise_case("nhwc_k3_m2_d2_VALID_fed", "NHWC", 2, (7, 7), 2, (3, 3), 2, (1, 1), (2, 2), "VALID",
                const_filter=False)
_depthwise_case("nchw_k2_m2_s1_SAME", "NCHW", 2, (4, 5), 3, (2, 2), 2, (1, 1), (1, 1), "SAME")
_depthwise_case("nchw_k3_m1_s2_SAME", "NCHW", 1, (6, 6), 2, (3, 3), 1, (2, 2), (1, 1), "SAME")
_depthwise_case("nhwc_k1x3_m1_s1_SAME", "NHWC", 1, (4, 6), 8, (1, 3), 1, (1, 1), (1, 1), "SAME")


def _deconv_case(name, fmt, in_sizes_nhwc, c_out, k, s, padding, d=(1, 1), explicit=None):
    """Conv2DBackpropInput: filter [kh, kw, C_in(of x), C_out(of dy)]."""
    @case("conv2d_transpose/" + name)
    def build(rng):
        g = Graph()
        n, h, w_, c = in_sizes_nhwc
        w = rand(rng, k + (c, c_out))
        outs, _ = window_pads(padding, (h, w_), k, s, d, explicit)
        dy = rand(rng, (n,) + tuple(outs) + (c_out,))
        sizes = list(in_sizes_nhwc) if fmt == "NHWC" else [n, c, h, w_]
        dyin = dy if fmt == "NHWC" else to_first(dy)
        g.const("input_sizes", np.array(sizes, np.int32))
        g.const("filter", w)
        g.placeholder("out_backprop", dyin)
        st = [1, s[0], s[1], 1] if fmt == "NHWC" else [1, 1, s[0], s[1]]
        dl = [1, d[0], d[1], 1] if fmt == "NHWC" else [1, 1, d[0], d[1]]
        attrs = dict(T=np.float32, strides=st, dilations=dl, padding=padding, data_format=fmt)
        if explicit is not None:
            sp = [explicit[0][0], explicit[0][1], explicit[1][0], explicit[1][1]]
            attrs["explicit_paddings"] = [0, 0] + sp + [0, 0] if fmt == "NHWC" else [0, 0, 0, 0] + sp
        g.node("output", "Conv2DBackpropInput", ["input_sizes", "filter", "out_backprop"], **attrs)
        y = conv_transpose_nd(dy, w, list(in_sizes_nhwc), s, d, padding, explicit).astype(np.float32)
        return g, {"out_backprop": dyin}, {"output": y if fmt == "NHWC" else to_first(y)}


_deconv_case("nchw_b2_k2_s1_VALID", "NCHW", (2, 5, 4, 3), 2, (2, 2), (1, 1), "VALID")
_deconv_case("nchw_b1_k3_s2_SAME", "NCHW", (1, 6, 6, 2), 3, (3, 3), (2, 2), "SAME")
_deconv_case("nhwc_b1_k2_s2_SAME", "NHWC", (1, 6, 8, 2), 3, (2, 2), (2, 2), "SAME")
_deconv_case("nhwc_b1_k3_s2_SAME_odd", "NHWC", (1, 5, 7, 2), 2, (3, 3), (2, 2), "SAME")
_deconv_case("nhwc_s1221_d1_VALID", "NHWC", (1, 5, 6, 2), 3, (2, 2), (2, 2), "VALID")
_deconv_case("nhwc_s1221_VALID_leftover", "NHWC", (1, 6, 7, 2), 2, (3, 2), (2, 2), "VALID")
_deconv_case("nhwc_d2_VALID", "NHWC", (1, 6, 6, 2), 2, (2, 2), (1, 1), "VALID", d=(2, 2))
_deconv_case("nhwc_EXPLICIT", "NHWC", (1, 5, 5, 2), 2, (3, 3), (1, 1), "EXPLICIT",
             explicit=[(1, 0), (2, 1)])


def _pool_case(name, op, fmt, shape_last, k, s, padding):
    spatial = len(k)
    @case(("max_pooling" if "Max" in op else "avg_pooling") + "%dd/" % spatial + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape_last)
        xin = x if fmt.endswith("C") else to_first(x)
        g.placeholder("input", xin)
        if fmt.endswith("C"):
            ks, ss = [1] + list(k) + [1], [1] + list(s) + [1]
        else:
            ks, ss = [1, 1] + list(k), [1, 1] + list(s)
        g.node("output", op, ["input"], T=np.float32, ksize=ks, strides=ss, padding=padding,
               data_format=fmt)
        y = pool_nd(x, k, s, padding, "max" if "Max" in op else "avg").astype(np.float32)
        return g, {"input": xin}, {"output": y if fmt.endswith("C") else to_first(y)}


_pool_case("nchw_k2_s2_SAME", "MaxPool", "NCHW", (2, 5, 5, 3), (2, 2), (2, 2), "SAME")
_pool_case("nchw_k3_s1_VALID", "MaxPool", "NCHW", (1, 5, 6, 2), (3, 3), (1, 1), "VALID")
_pool_case("nchw_k2_s2_SAME", "AvgPool", "NCHW", (2, 5, 5, 3), (2, 2), (2, 2), "SAME")
_pool_case("nhwc_k3_s2_SAME", "AvgPool", "NHWC", (1, 6, 7, 2), (3, 3), (2, 2), "SAME")
_pool_case("nhwc_k3x1_s1x2_VALID", "AvgPool", "NHWC", (2, 5, 6, 2), (3, 1), (1, 2), "VALID")
_pool_case("ndhwc_k2_s1_SAME", "MaxPool3D", "NDHWC", (1, 3, 4, 4, 2), (2, 2, 2), (1, 1, 1), "SAME")
_pool_case("ndhwc_k2_s1_SAME", "AvgPool3D", "NDHWC", (1, 3, 4, 4, 2), (2, 2, 2), (1, 1, 1), "SAME")
_pool_case("ndhwc_k3_s2_VALID", "AvgPool3D", "NDHWC", (2, 5, 5, 6, 1), (3, 3, 3), (2, 2, 2), "VALID")
_pool_case("ncdhw_k2_s2_SAME", "MaxPool3D", "NCDHW", (1, 3, 5, 4, 2), (2, 2, 2), (2, 2, 2), "SAME")
_pool_case("ncdhw_k2_s2_SAME", "AvgPool3D", "NCDHW", (1, 3, 5, 4, 2), (2, 2, 2), (2, 2, 2), "SAME")


def _conv3d_case(name, fmt, shape_last, k, o, s, d, padding):
    @case("conv3d/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape_last)
        w = rand(rng, k + (shape_last[-1], o))
        xin = x if fmt == "NDHWC" else to_first(x)
        g.placeholder("input", xin)
        g.const("filter", w)
        st = [1] + list(s) + [1] if fmt == "NDHWC" else [1, 1] + list(s)
        dl = [1] + list(d) + [1] if fmt == "NDHWC" else [1, 1] + list(d)
        g.node("output", "Conv3D", ["input", "filter"], T=np.float32, strides=st, dilations=dl,
               padding=padding, data_format=fmt)
        y = conv_nd(x, w, s, d, padding).astype(np.float32)
        return g, {"input": xin}, {"output": y if fmt == "NDHWC" else to_first(y)}


_conv3d_case("ndhwc_k2_s2_VALID", "NDHWC", (1, 4, 5, 5, 2), (2, 2, 2), 3, (2, 2, 2), (1, 1, 1), "VALID")
_conv3d_case("ndhwc_k3_s1_d2_SAME", "NDHWC", (1, 5, 5, 5, 1), (2, 2, 2), 2, (1, 1, 1), (2, 2, 2), "SAME")
_conv3d_case("ncdhw_k2_s1_SAME", "NCDHW", (2, 3, 4, 4, 2), (2, 2, 2), 3, (1, 1, 1), (1, 1, 1), "SAME")


@case("conv3d_transpose/ncdhw_k2_s2_SAME")
def _conv3d_transpose(rng):
    g = Graph()
    in_sizes = [1, 4, 4, 6, 2]
    k, s = (2, 2, 2), (2, 2, 2)
    w = rand(rng, k + (2, 3))
    outs, _ = window_pads("SAME", in_sizes[1:-1], k, s, (1, 1, 1))
    dy = rand(rng, (1,) + tuple(outs) + (3,))
    g.const("input_sizes", np.array([1, 2, 4, 4, 6], np.int32))
    g.const("filter", w)
    g.placeholder("out_backprop", to_first(dy))
    g.node("output", "Conv3DBackpropInputV2", ["input_sizes", "filter", "out_backprop"],
           T=np.float32, Tshape=np.int32, strides=[1, 1, 2, 2, 2], dilations=[1, 1, 1, 1, 1],
           padding="SAME", data_format="NCDHW")
    y = conv_transpose_nd(dy, w, in_sizes, s, (1, 1, 1), "SAME").astype(np.float32)
    return g, {"out_backprop": to_first(dy)}, {"output": to_first(y)}


# ---- image resizing (tensorflow/core/kernels/image/resize_*_op.cc) ----------------

def _scale(n_in, n_out, align):
    return np.float32((n_in - 1) / (n_out - 1) if align and n_out > 1 else n_in / n_out)


def _bilinear_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    o = np.arange(n_out, dtype=np.float32)
    src = (o + np.float32(0.5)) * sc - np.float32(0.5) if half else o * sc
    lo_f = np.floor(src)
    lo = np.maximum(lo_f, 0).astype(np.int64)
    hi = np.minimum(np.ceil(src), n_in - 1).astype(np.int64)
    return lo, hi, (src - lo_f).astype(np.float64)


def resize_bilinear(x, oh, ow, align, half):
    y0, y1, fy = _bilinear_axis(x.shape[1], oh, align, half)
    x0, x1, fx = _bilinear_axis(x.shape[2], ow, align, half)
    a = x.astype(np.float64)
    top = a[:, y0][:, :, x0] + (a[:, y0][:, :, x1] - a[:, y0][:, :, x0]) * fx[None, None, :, None]
    bot = a[:, y1][:, :, x0] + (a[:, y1][:, :, x1] - a[:, y1][:, :, x0]) * fx[None, None, :, None]
    return (top + (bot - top) * fy[None, :, None, None]).astype(np.float32)


def _nearest_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    o = np.arange(n_out, dtype=np.float32)
    src = (o + np.float32(0.5)) * sc if half else o * sc
    # roundf rounds halves away from zero; all values here are >= 0.
    idx = np.floor(src + np.float32(0.5)) if align else np.floor(src)
    idx = np.minimum(idx.astype(np.int64), n_in - 1)
    return np.maximum(idx, 0)


def resize_nearest(x, oh, ow, align, half):
    return x[:, _nearest_axis(x.shape[1], oh, align, half)][:, :, _nearest_axis(x.shape[2], ow, align, half)]


def _cubic_table(a):
    t = np.arange(1025, dtype=np.float64) / 1024
    t = t.astype(np.float32).astype(np.float64)
    w0 = ((a + 2) * t - (a + 3)) * t * t + 1
    t1 = t + 1
    w1 = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a
    return np.float32(w0), np.float32(w1)


def _bicubic_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    keys = half  # half_pixel_centers selects Keys' cubic (a = -0.5), else a = -0.75
    t0, t1 = _cubic_table(-0.5 if keys else -0.75)
    idx, wts = [], []
    for o in range(n_out):
        src = (np.float32(o) + np.float32(0.5)) * sc - np.float32(0.5) if half else np.float32(o) * sc
        base = int(np.floor(src))
        delta = np.float32(src - np.float32(base))
        off = int(np.rint(delta * np.float32(1024)))
        w = [t1[off], t0[off], t0[1024 - off], t1[1024 - off]]
        ii = [min(max(base - 1 + j, 0), n_in - 1) for j in range(4)]
        if keys:
            w = [w[j] if ii[j] == base - 1 + j else 0.0 for j in range(4)]
            s = sum(w)
            w = [v / s for v in w]
        idx.append(ii)
        wts.append(w)
    return np.array(idx), np.array(wts, np.float64)


def resize_bicubic(x, oh, ow, align, half):
    iy, wy = _bicubic_axis(x.shape[1], oh, align, half)
    ix, wx = _bicubic_axis(x.shape[2], ow, align, half)
    a = x.astype(np.float64)
    rows = np.einsum("nyjwc,yj->nywc", a[:, iy], wy)
    return np.einsum("nyxjc,xj->nyxc", rows[:, :, ix], wx).astype(np.float32)


def resize_area(x, oh, ow, align):
    """ResizeArea: each output pixel averages the input area it covers."""
    n, h, w, c = x.shape
    hs, ws = _scale(h, oh, align), _scale(w, ow, align)
    a = x.astype(np.float64)

    def spans(n_in, n_out, sc):
        res = []
        for o in range(n_out):
            y0 = np.float32(o) * sc
            y1 = y0 + sc
            parts = []
            for i in range(int(np.floor(y0)), int(np.ceil(y1))):
                lo, hi = max(float(y0), i), min(float(y1), i + 1)
                if hi > lo:
                    parts.append((min(i, n_in - 1), hi - lo))
            res.append(parts)
        return res
    out = np.zeros((n, oh, ow, c))
    for oy, py in enumerate(spans(h, oh, hs)):
        for ox, px in enumerate(spans(w, ow, ws)):
            acc = 0
            for iy, wy in py:
                for ix, wx in px:
                    acc = acc + a[:, iy, ix] * wy * wx
            out[:, oy, ox] = acc / (float(hs) * float(ws))
    return out.astype(np.float32)


def _resize_case(name, op, shape, size, align=False, half=False, dtype=np.float32):
    @case(name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-8, hi=8) if np.dtype(dtype).kind == "i" else rand(rng, shape, dtype)
        g.placeholder("input", x)
        g.const("size", np.array(size, np.int32))
        attrs = dict(T=np.dtype(dtype).type, align_corners=align)
        if op != "ResizeArea":
            attrs["half_pixel_centers"] = half
        g.node("output", op, ["input", "size"], **attrs)
        if op == "ResizeBilinear":
            y = resize_bilinear(x, size[0], size[1], align, half)
        elif op == "ResizeNearestNeighbor":
            y = resize_nearest(x, size[0], size[1], align, half)
        elif op == "ResizeBicubic":
            y = resize_bicubic(x, size[0], size[1], align, half)
        else:
            y = resize_area(x, size[0], size[1], align)
        return g, {"input": x}, {"output": y}


for _op, _fam in [("ResizeBilinear", "resize_bilinear"), ("ResizeNearestNeighbor", "resize_nearest_neighbor"),
                  ("ResizeBicubic", "resize_bicubic")]:
    _resize_case(_fam + "/align_corners", _op, (1, 4, 5, 2), (7, 9), align=True)
    _resize_case(_fam + "/half_pixel_centers", _op, (2, 4, 5, 1), (7, 3), half=True)
    _resize_case(_fam + "/downscale", _op, (1, 8, 6, 2), (3, 4))
    _resize_case(_fam + "/downscale_half_pixel", _op, (1, 8, 6, 2), (3, 4), half=True)
_resize_case("resize_bilinear/int32_align_corners", "ResizeBilinear", (1, 3, 4, 2), (5, 7), align=True,
             dtype=np.int32)
_resize_case("resize_nearest_neighbor/int32_half_pixel", "ResizeNearestNeighbor", (1, 3, 4, 2), (5, 7),
             half=True, dtype=np.int32)
_resize_case("resize_bicubic/float64_half_pixel", "ResizeBicubic", (1, 4, 4, 1), (6, 5), half=True,
             dtype=np.float64)
_resize_case("resize_area/align_corners", "ResizeArea", (1, 5, 7, 2), (3, 4), align=True)
_resize_case("resize_area/upscale", "ResizeArea", (1, 3, 4, 1), (5, 6))
_resize_case("resize_area/downscale", "ResizeArea", (2, 6, 6, 2), (4, 3))


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


# ---- gathers, normalization, linear algebra -----------------------------------------

def _gather_case(name, pshape, ishape, axis, batch_dims=0, dtype=np.float32, idx_dtype=np.int32):
    @case("gather/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, pshape, dtype, lo=-100, hi=100)
        ax = axis % len(pshape)
        idx = rng.randint(0, pshape[ax], size=ishape).astype(idx_dtype)
        g.placeholder("params", x)
        g.const("indices", idx)
        g.const("axis", np.array(axis, np.int32))
        g.node("output", "GatherV2", ["params", "indices", "axis"], Tparams=np.dtype(dtype).type,
               Tindices=np.dtype(idx_dtype).type, Taxis=np.int32, batch_dims=batch_dims)
        if batch_dims == 0:
            y = np.take(x, idx, axis=ax)
        else:
            bd = batch_dims % len(ishape) if batch_dims < 0 else batch_dims
            bshape = pshape[:bd]
            y = np.stack([np.take(x[b], idx[b], axis=ax - bd) for b in np.ndindex(*bshape)])
            y = y.reshape(tuple(bshape) + y.shape[1:])
        return g, {"params": x}, {"output": y}


_gather_case("gather_3-4-5_2-2_axis1_int64", (3, 4, 5), (2, 2), 1, idx_dtype=np.int64)
_gather_case("gather_4-3_scalar_axis0", (4, 3), (), 0)
_gather_case("gather_2-3-4_3_axis-1_int32", (2, 3, 4), (3,), -1, dtype=np.int32)
_gather_case("batch_dims1_3-5_3-2_axis1", (3, 5), (3, 2), 1, batch_dims=1)
_gather_case("batch_dims1_2-4-3_2-5_axis1", (2, 4, 3), (2, 5), 1, batch_dims=1)
_gather_case("batch_dims1_2-3-4_2-2_axis2", (2, 3, 4), (2, 2), 2, batch_dims=1)
_gather_case("batch_dims2_2-3-4-2_2-3-2_axis2", (2, 3, 4, 2), (2, 3, 2), 2, batch_dims=2)
_gather_case("batch_dims-1_2-5_2-3_axis1", (2, 5), (2, 3), 1, batch_dims=-1)


@case("gather/gather_nd_rank3_partial")
def _gather_nd(rng):
    g = Graph()
    x = rand(rng, (3, 4, 2))
    idx = np.array([[[0, 1], [2, 3]], [[1, 0], [0, 2]]], np.int32)
    g.placeholder("params", x)
    g.const("indices", idx)
    g.node("output", "GatherNd", ["params", "indices"], Tparams=np.float32, Tindices=np.int32)
    return g, {"params": x}, {"output": x[idx[..., 0], idx[..., 1]]}


def _bn(x, scale, offset, mean, var, eps, fmt):
    if fmt == "NCHW":
        sh = (1, -1, 1, 1)
    else:
        sh = (1,) * (x.ndim - 1) + (-1,)
    return (x.astype(np.float64) - mean.reshape(sh)) / np.sqrt(var.reshape(sh) + eps) * \
        scale.reshape(sh) + offset.reshape(sh)


def _fbn_case(name, op, fmt, shape, eps, dtype=np.float32):
    @case("fused_batch_norm/" + name)
    def build(rng):
        g = Graph()
        c = shape[1] if fmt == "NCHW" else shape[-1]
        x = rand(rng, shape, dtype)
        scale, offset, mean = rand(rng, (c,)), rand(rng, (c,)), rand(rng, (c,))
        var = rand(rng, (c,), lo=0.25, hi=2)
        g.placeholder("x", x)
        for n, v in [("scale", scale), ("offset", offset), ("mean", mean), ("variance", var)]:
            g.const(n, v)
        attrs = dict(T=np.dtype(dtype).type, epsilon=eps, data_format=fmt, is_training=False)
        if op != "FusedBatchNorm":
            attrs["U"] = np.float32
        g.node("output", op, ["x", "scale", "offset", "mean", "variance"], **attrs)
        y = _bn(x, scale, offset, mean, var, np.float32(eps), fmt).astype(dtype)
        return g, {"x": x}, {"output": y}


_fbn_case("float32_nchw", "FusedBatchNorm", "NCHW", (2, 3, 4, 5), 0.001)
_fbn_case("float32_nchw_v3", "FusedBatchNormV3", "NCHW", (1, 4, 3, 3), 0.0001)
_fbn_case("float32_nhwc_v3", "FusedBatchNormV3", "NHWC", (2, 3, 3, 4), 0.01)
_fbn_case("float32_nhwc_v2", "FusedBatchNormV2", "NHWC", (1, 2, 5, 3), 0.001)


@case("fused_batch_norm/training_nhwc")
def _fbn_train(rng):
    g = Graph()
    x = rand(rng, (2, 3, 3, 2))
    scale, offset = rand(rng, (2,)), rand(rng, (2,))
    g.placeholder("x", x)
    g.const("scale", scale)
    g.const("offset", offset)
    g.const("mean", np.zeros(0, np.float32))
    g.const("variance", np.zeros(0, np.float32))
    g.node("output", "FusedBatchNormV3", ["x", "scale", "offset", "mean", "variance"], T=np.float32,
           U=np.float32, epsilon=0.001, data_format="NHWC", is_training=True)
    m = x.astype(np.float64).mean(axis=(0, 1, 2))
    v = x.astype(np.float64).var(axis=(0, 1, 2))
    y = (x - m) / np.sqrt(v + np.float32(0.001)) * scale + offset
    return g, {"x": x}, {"output": y.astype(np.float32)}


def _spd(rng, shape, dtype):
    a = rand(rng, shape, np.float64)
    n = shape[-1]
    return (a + 3 * np.eye(n)).astype(dtype)


def _linalg_case(name, op, shape, dtype=np.float32):
    @case(("matrix_determinant/" if op == "MatrixDeterminant" else "matrix_inverse/") + name)
    def build(rng):
        g = Graph()
        x = _spd(rng, shape, dtype)
        g.placeholder("input", x)
        if op == "MatrixDeterminant":
            g.node("output", op, ["input"], T=np.dtype(dtype).type)
            y = np.linalg.det(x.astype(np.float64))
        else:
            g.node("output", op, ["input"], T=np.dtype(dtype).type, adjoint=False)
            y = np.linalg.inv(x.astype(np.float64))
        return g, {"input": x}, {"output": np.asarray(y).astype(dtype)}


_linalg_case("rank2_float64_4x4", "MatrixDeterminant", (4, 4), np.float64)
_linalg_case("rank3_3x2x2", "MatrixDeterminant", (3, 2, 2))
_linalg_case("rank2_1x1", "MatrixDeterminant", (1, 1))
_linalg_case("rank3_float64_2x4x4", "MatrixInverse", (2, 4, 4), np.float64)
_linalg_case("rank2_5x5", "MatrixInverse", (5, 5))


@case("matrix_determinant/singular_pivoting")
def _det_pivot(rng):
    g = Graph()
    x = np.array([[[0, 1, 2], [1, 0, 3], [4, -3, 8]], [[1, 2, 3], [2, 4, 6], [1, 0, 1]]], np.float32)
    g.placeholder("input", x)
    g.node("output", "MatrixDeterminant", ["input"], T=np.float32)
    # Hand arithmetic: a zero leading pivot needs a row swap; the second is singular.
    return g, {"input": x}, {"output": np.array([-2, 0], np.float32)}


@case("matrix_inverse/adjoint_rank2")
def _inv_adjoint(rng):
    g = Graph()
    x = _spd(rng, (3, 3), np.float32)
    g.placeholder("input", x)
    g.node("output", "MatrixInverse", ["input"], T=np.float32, adjoint=True)
    return g, {"input": x}, {"output": np.linalg.inv(x.astype(np.float64).T).astype(np.float32)}


# ---- elementwise dtypes and broadcasting ----------------------------------------------

def _binary_case(name, op, ashape, bshape, dtype, fn, lo=-50, hi=50, out_dtype=None, b_nonzero=False):
    @case(name)
    def build(rng):
        g = Graph()
        a = rand(rng, ashape, dtype, lo=lo, hi=hi)
        b = rand(rng, bshape, dtype, lo=lo, hi=hi)
        if b_nonzero:
            b = np.where(b == 0, np.ones_like(b), b)
        g.placeholder("a", a)
        g.placeholder("b", b)
        g.node("output", op, ["a", "b"], T=np.dtype(dtype).type)
        with np.errstate(all="ignore"):
            y = fn(a, b)
        return g, {"a": a, "b": b}, {"output": np.asarray(y).astype(out_dtype or dtype)}


for _dt, _lo, _hi in [(np.int16, -1000, 1000), (np.uint8, 0, 120), (np.uint16, 0, 30000),
                      (np.int64, -10**6, 10**6), (np.int8, -60, 60)]:
    _n = np.dtype(_dt).name
    _binary_case("dtype_tests/add/%s_rank2" % _n, "Add", (3, 4), (3, 4), _dt, np.add, _lo, _hi)
    _binary_case("dtype_tests/add/%s_rank0_1" % _n, "AddV2", (), (4,), _dt, np.add, _lo, _hi)
    _binary_case("dtype_tests/sub/%s_rank1_2" % _n, "Sub", (4,), (3, 4), _dt,
                 lambda a, b: (a.astype(np.int64) - b).astype(a.dtype), _lo, _hi)
    _binary_case("dtype_tests/mul/%s_rank2" % _n, "Mul", (2, 3), (2, 1), _dt,
                 lambda a, b: (a.astype(np.int64) * b).astype(a.dtype), _lo, _hi)
    _binary_case("dtype_tests/maximum/%s_rank2" % _n, "Maximum", (2, 3), (1, 3), _dt, np.maximum,
                 _lo, _hi)
_binary_case("dtype_tests/add/float16_rank0_2", "Add", (), (3, 4), np.float16, np.add, -4, 4)
_binary_case("dtype_tests/add/float64_rank0_1", "AddV2", (), (5,), np.float64, np.add)
_binary_case("dtype_tests/add/int32_rank3_bcast", "Add", (2, 1, 3), (4, 1), np.int32, np.add)
_binary_case("dtype_tests/floordiv/int16", "FloorDiv", (3, 4), (3, 4), np.int16, np.floor_divide,
             b_nonzero=True)
_binary_case("dtype_tests/floormod/int64", "FloorMod", (3, 4), (4,), np.int64, np.mod, b_nonzero=True)
_binary_case("dtype_tests/floordiv/uint8", "FloorDiv", (3, 4), (3, 4), np.uint8, np.floor_divide,
             lo=1, hi=200)
_binary_case("dtype_tests/truncatediv/int32", "TruncateDiv", (3, 4), (3, 4), np.int32,
             lambda a, b: (np.trunc(a / b)).astype(np.int32), b_nonzero=True)
_binary_case("dtype_tests/truncatemod/int32", "TruncateMod", (3, 4), (1, 4), np.int32, np.fmod,
             b_nonzero=True)
_binary_case("dtype_tests/equal/uint8_rank2", "Equal", (3, 4), (3, 4), np.uint8, np.equal, 0, 3,
             out_dtype=np.bool_)
_binary_case("dtype_tests/greater/int16_rank0_2", "Greater", (), (3, 4), np.int16, np.greater,
             out_dtype=np.bool_)
_binary_case("dtype_tests/less_equal/int64_bcast", "LessEqual", (3, 1), (1, 4), np.int64,
             np.less_equal, out_dtype=np.bool_)
_binary_case("transforms/atan2_3x4_3x4", "Atan2", (3, 4), (3, 4), np.float32, np.arctan2, -1, 1)
_binary_case("transforms/atan2_3x1_1x4_float64", "Atan2", (3, 1), (1, 4), np.float64, np.arctan2, -1, 1)
_binary_case("transforms/squared_difference_3x4_4", "SquaredDifference", (3, 4), (4,), np.float32,
             lambda a, b: (a - b) ** 2, -2, 2)
_binary_case("transforms/squared_difference_int32", "SquaredDifference", (3, 4), (3, 1), np.int32,
             lambda a, b: (a - b) ** 2)
_binary_case("transforms/pow_int32", "Pow", (3, 4), (3, 4), np.int32, np.power, 0, 4)
_binary_case("transforms/div_no_nan_zero", "DivNoNan", (3, 4), (4,), np.float32,
             lambda a, b: np.where(b == 0, 0, a / np.where(b == 0, 1, b)), -2, 2)
_binary_case("transforms/realdiv_float64_bcast", "RealDiv", (2, 3), (3,), np.float64, np.divide,
             b_nonzero=True)


@case("transforms/logicalnot_rank3")
def _logical_not(rng):
    g = Graph()
    x = rand(rng, (2, 3, 4), np.bool_)
    g.placeholder("input", x)
    g.node("output", "LogicalNot", ["input"])
    return g, {"input": x}, {"output": ~x}


@case("transforms/logicalnot_scalar")
def _logical_not0(rng):
    g = Graph()
    x = np.array(True)
    g.placeholder("input", x)
    g.node("output", "LogicalNot", ["input"])
    return g, {"input": x}, {"output": np.array(False)}


def _unary_case(name, op, shape, dtype, fn, lo=-3, hi=3):
    @case(name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=lo, hi=hi)
        g.placeholder("input", x)
        g.node("output", op, ["input"], T=np.dtype(dtype).type)
        with np.errstate(all="ignore"):
            return g, {"input": x}, {"output": np.asarray(fn(x)).astype(dtype)}


_unary_case("abs/rank2_int32", "Abs", (3, 4), np.int32, np.abs, -100, 100)
_unary_case("abs/rank3_int64", "Abs", (2, 3, 4), np.int64, np.abs, -100, 100)
_unary_case("abs/rank2_float16", "Abs", (3, 4), np.float16, np.abs)
_unary_case("neg/rank2_int64", "Neg", (3, 4), np.int64, np.negative, -100, 100)
_unary_case("neg/rank1_int8", "Neg", (5,), np.int8, np.negative, -100, 100)
_unary_case("sign/rank2_int32", "Sign", (3, 4), np.int32, np.sign, -2, 2)
_unary_case("square/rank2_int64", "Square", (3, 4), np.int64, np.square, -100, 100)
_unary_case("rsqrt/rank2_float64", "Rsqrt", (3, 4), np.float64, lambda x: 1 / np.sqrt(x), 0.1, 4)
_unary_case("reciprocal/rank2_float64", "Reciprocal", (3, 4), np.float64, lambda x: 1 / x, 0.5, 4)
_unary_case("log1p/rank2_float32", "Log1p", (3, 4), np.float32, np.log1p, -0.5, 3)
_unary_case("rint/rank2_halves", "Rint", (3, 4), np.float32, np.rint, -3, 3)
_unary_case("elu/rank2_float64", "Elu", (3, 4), np.float64,
            lambda x: np.where(x > 0, x, np.expm1(x)))


@case("is_nan/specials")
def _is_nan(rng):
    g = Graph()
    x = np.array([1.0, np.nan, np.inf, -np.inf, 0.0, -0.0], np.float32)
    g.placeholder("input", x)
    g.node("isnan", "IsNan", ["input"], T=np.float32)
    g.node("isinf", "IsInf", ["input"], T=np.float32)
    g.node("isfinite", "IsFinite", ["input"], T=np.float32)
    return g, {"input": x}, {"isnan": np.isnan(x), "isinf": np.isinf(x), "isfinite": np.isfinite(x)}


def _cast_case(src, dst, lo, hi):
    @case("dtype_tests/cast/%s_to_%s" % (np.dtype(src).name, np.dtype(dst).name))
    def build(rng):
        g = Graph()
        x = rand(rng, (3, 4), src, lo=lo, hi=hi)
        g.placeholder("input", x)
        g.node("output", "Cast", ["input"], SrcT=np.dtype(src).type, DstT=np.dtype(dst).type,
               Truncate=False)
        return g, {"input": x}, {"output": x.astype(dst)}


_cast_case(np.float32, np.int32, -100, 100)
_cast_case(np.int32, np.uint8, 0, 255)
_cast_case(np.uint8, np.float32, 0, 255)
_cast_case(np.int16, np.int64, -1000, 1000)
_cast_case(np.float64, np.float16, -4, 4)
_cast_case(np.bool_, np.float32, 0, 1)
_cast_case(np.int64, np.bool_, -2, 2)


def _concat_case(name, shapes, axis, dtype):
    @case("dtype_tests/concat/" + name)
    def build(rng):
        g = Graph()
        xs = [rand(rng, s, dtype, lo=0, hi=100) for s in shapes]
        names = []
        for i, x in enumerate(xs):
            names.append(g.placeholder("input_%d" % i, x))
        g.const("axis", np.array(axis, np.int32))
        g.node("output", "ConcatV2", names + ["axis"], T=np.dtype(dtype).type, Tidx=np.int32,
               N=len(xs))
        return g, {n: x for n, x in zip(names, xs)}, {"output": np.concatenate(xs, axis)}


_concat_case("uint8_rank1", [(3,), (4,)], 0, np.uint8)
_concat_case("uint8_rank2_axis-1", [(2, 3), (2, 1), (2, 2)], -1, np.uint8)
_concat_case("int16_rank3_axis1", [(2, 1, 2), (2, 3, 2)], 1, np.int16)
_concat_case("bool_rank2_axis0", [(1, 3), (2, 3)], 0, np.bool_)
_concat_case("int64_rank2_axis1", [(2, 2), (2, 3)], 1, np.int64)


def _squeeze_case(name, shape, dims, dtype=np.float32):
    @case("squeeze/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype)
        g.placeholder("input", x)
        g.node("output", "Squeeze", ["input"], T=np.dtype(dtype).type, squeeze_dims=dims)
        return g, {"input": x}, {"output": np.squeeze(x, tuple(dims)) if dims else np.squeeze(x)}


_squeeze_case("all", (1, 3, 1, 2, 1), [])
_squeeze_case("axis-1", (2, 3, 1), [-1])
_squeeze_case("axis02_int32", (1, 4, 1, 2), [0, 2], np.int32)
_squeeze_case("to_scalar_bool", (1, 1), [], np.bool_)


def _reduce_case(name, op, shape, axes, keep, dtype=np.float32, fn=None):
    @case("reductions/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-5, hi=5)
        g.placeholder("input", x)
        g.const("axis", np.array(axes, np.int32))
        g.node("output", op, ["input", "axis"], T=np.dtype(dtype).type, Tidx=np.int32, keep_dims=keep)
        ax = tuple(axes) if isinstance(axes, list) else axes
        return g, {"input": x}, {"output": np.asarray(fn(x, axis=ax, keepdims=keep)).astype(dtype)}


_reduce_case("sum_int32_-1keep", "Sum", (3, 4), [-1], True, np.int32, np.sum)
_reduce_case("prod_int64_0", "Prod", (3, 4), [0], False, np.int64, np.prod)
_reduce_case("max_float64_02", "Max", (2, 3, 4), [0, 2], False, np.float64, np.max)
_reduce_case("min_int32_empty_axes", "Min", (2, 3), [], False, np.int32, np.min)
_reduce_case("mean_int32_1", "Mean", (3, 4), [1], False, np.int32,
             lambda x, axis, keepdims: np.trunc(x.sum(axis=axis, keepdims=keepdims) / x.shape[1]))
_reduce_case("sum_float64_scalar_axis", "Sum", (3, 4, 2), 1, True, np.float64, np.sum)


def _argmax_case(name, op, shape, axis, dtype=np.float32, out=np.int64):
    @case("reductions/" + name)
    def build(rng):
        g = Graph()
        n = int(np.prod(shape))
        x = (rng.permutation(n) - n // 2).reshape(shape).astype(dtype)
        g.placeholder("input", x)
        g.const("dimension", np.array(axis, np.int32))
        g.node("output", op, ["input", "dimension"], T=np.dtype(dtype).type, Tidx=np.int32,
               output_type=np.dtype(out).type)
        fn = np.argmax if op == "ArgMax" else np.argmin
        return g, {"input": x}, {"output": fn(x, axis=axis).astype(out)}


_argmax_case("argmax_int32_out_rank3_1", "ArgMax", (2, 3, 4), 1, np.float32, np.int32)
_argmax_case("argmin_int32_in_rank2_-1", "ArgMin", (3, 5), -1, np.int32)
_argmax_case("argmax_rank1_float64", "ArgMax", (7,), 0, np.float64)


@case("reductions/argmax_ties_first")
def _argmax_ties(rng):
    g = Graph()
    x = np.array([[1, 3, 3, 0], [2, 2, 2, 2], [0, -1, 5, 5]], np.float32)
    g.placeholder("input", x)
    g.const("dimension", np.array(1, np.int32))
    g.node("output", "ArgMax", ["input", "dimension"], T=np.float32, Tidx=np.int32,
           output_type=np.int64)
    return g, {"input": x}, {"output": np.array([1, 0, 2], np.int64)}


# ---- empty tensors (dl4j emptyArrayTests): frozen inputs `in_N` are fed at run time ----

def _empty_unary(name, op, shape, fn, dtype=np.float32, **attrs):
    @case("emptyArrayTests/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, dtype))
        g.node("output", op, ["in_0"], T=np.dtype(dtype).type, **attrs)
        return g, {}, {"output": fn(np.zeros(shape, dtype))}


_empty_unary("abs/rank1", "Abs", (0,), np.abs)
_empty_unary("abs/rank2", "Abs", (2, 0), np.abs, np.float64)
_empty_unary("identity/identity_rank3", "Identity", (2, 0, 3), lambda x: x)
_empty_unary("zeros_like/rank2", "ZerosLike", (0, 3), np.zeros_like)
_empty_unary("ones_like/rank2", "OnesLike", (3, 0), np.ones_like, np.int32)
_empty_unary("sigmoid/rank2", "Sigmoid", (0, 4), lambda x: x)
_empty_unary("softmax/rank2", "Softmax", (0, 4), lambda x: x)


def _empty_binary(name, op, ashape, bshape, fn, dtype=np.float64, pack_b=False):
    @case("emptyArrayTests/" + name)
    def build(rng):
        g = Graph()
        a = rand(rng, ashape, dtype, lo=0.5, hi=2)
        b = np.zeros(bshape, dtype)
        g.const("in_0", a)
        if pack_b:
            # As tf.maximum(x, [empty]) builds it: an empty Const packed to rank + 1.
            g.const("Const", b)
            g.node("y", "Pack", ["Const"], T=np.dtype(dtype).type, N=1, axis=0)
            b = b[None]
        else:
            g.const("y", b)
        g.node("output", op, ["in_0", "y"], T=np.dtype(dtype).type)
        return g, {}, {"output": fn(a, b)}


_empty_binary("maximum/rank2bc", "Maximum", (1, 1), (0, 2), np.maximum, pack_b=True)
_empty_binary("minimum/rank2bc2", "Minimum", (2, 1), (2, 0), np.minimum)
_empty_binary("pow/rank2bc", "Pow", (1, 3), (0, 3), np.power)
_empty_binary("add/rank2", "Add", (1, 1), (3, 0), np.add, np.float32)
_empty_binary("sub/rank1", "Sub", (), (0,), np.subtract, np.float32)
_empty_binary("realdiv/empty1_scalar", "RealDiv", (0,), (), np.divide)
_empty_binary("realdiv/scalar_empty1", "RealDiv", (), (0,), np.divide)


@case("emptyArrayTests/accumulate_n/rank1_3")
def _empty_accn(rng):
    g = Graph()
    for i in range(3):
        g.const("in_%d" % i, np.zeros((0,), np.float32))
    g.node("output", "AccumulateNV2", ["in_0", "in_1", "in_2"], T=np.float32, N=3,
           shape=("shape", (0,)))
    return g, {}, {"output": np.zeros((0,), np.float32)}


def _empty_reduce(name, op, shape, axis, out):
    @case("emptyArrayTests/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.const("dimension", np.array(axis, np.int32))
        g.node("output", op, ["in_0", "dimension"], T=np.float32, Tidx=np.int32,
               output_type=np.int64)
        return g, {}, {"output": np.zeros(out, np.int64)}


_empty_reduce("arg_max/rank2_dim0", "ArgMax", (3, 0), 0, (0,))
_empty_reduce("arg_min/rank2_dim1", "ArgMin", (0, 3), 1, (0,))


@case("emptyArrayTests/reduce_max/rank2_axis1")
def _empty_reduce_max(rng):
    g = Graph()
    g.const("in_0", np.zeros((0, 3), np.float32))
    g.const("axis", np.array([1], np.int32))
    g.node("output", "Max", ["in_0", "axis"], T=np.float32, Tidx=np.int32, keep_dims=True)
    return g, {}, {"output": np.zeros((0, 1), np.float32)}


@case("emptyArrayTests/reduce_sum/rank2_axis1_to_zeros")
def _empty_reduce_sum(rng):
    g = Graph()
    g.const("in_0", np.zeros((3, 0), np.float32))
    g.const("axis", np.array([1], np.int32))
    g.node("output", "Sum", ["in_0", "axis"], T=np.float32, Tidx=np.int32, keep_dims=False)
    # The sum over an empty axis is 0 (and the product 1).
    g.node("prod", "Prod", ["in_0", "axis"], T=np.float32, Tidx=np.int32, keep_dims=False)
    return g, {}, {"output": np.zeros((3,), np.float32), "prod": np.ones((3,), np.float32)}


@case("emptyArrayTests/cast/rank2_shape2-0")
def _empty_cast(rng):
    g = Graph()
    g.const("in_0", np.zeros((2, 0), np.float32))
    g.node("output", "Cast", ["in_0"], SrcT=np.float32, DstT=np.int32, Truncate=False)
    return g, {}, {"output": np.zeros((2, 0), np.int32)}


def _empty_concat(name, shapes, axis):
    @case("emptyArrayTests/concat/" + name)
    def build(rng):
        g = Graph()
        xs = [rand(rng, s, np.float32) for s in shapes]
        for i, x in enumerate(xs):
            g.const("in_%d" % i, x)
        g.const("axis", np.array(axis, np.int32))
        g.node("output", "ConcatV2", ["in_%d" % i for i in range(len(xs))] + ["axis"],
               T=np.float32, Tidx=np.int32, N=len(xs))
        return g, {}, {"output": np.concatenate(xs, axis)}


_empty_concat("rank1_dim0", [(0,), (3,)], 0)
_empty_concat("rank2_dim0", [(0, 3), (2, 3)], 0)
_empty_concat("rank2_dim1b", [(2, 0), (2, 3), (2, 0)], 1)
_empty_concat("rank2_both_empty", [(0, 2), (0, 2)], 0)


def _empty_expand(name, shape, axis):
    @case("emptyArrayTests/expand_dims/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.const("dim", np.array(axis, np.int32))
        g.node("output", "ExpandDims", ["in_0", "dim"], T=np.float32, Tdim=np.int32)
        return g, {}, {"output": np.expand_dims(np.zeros(shape, np.float32), axis)}


_empty_expand("rank1_axis-1", (0,), -1)
_empty_expand("rank2_axis2", (2, 0), 2)
_empty_expand("rank2_axis0", (0, 3), 0)


def _empty_fill(name, dims, value):
    @case("emptyArrayTests/fill/" + name)
    def build(rng):
        g = Graph()
        g.const("dims", np.array(dims, np.int32))
        g.const("in_0", np.array(value, np.float32))
        g.node("output", "Fill", ["dims", "in_0"], T=np.float32, index_type=np.int32)
        return g, {}, {"output": np.full(dims, value, np.float32)}


_empty_fill("fill_0-0-3_val3", [0, 0, 3], 3.0)
_empty_fill("fill_2-0_val3", [2, 0], 3.0)


def _empty_gather(name, pshape, ishape, axis):
    @case("emptyArrayTests/gather/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, pshape, np.float32)
        g.const("in_0", x)
        g.const("indices", np.zeros(ishape, np.int32))
        g.const("axis", np.array(axis, np.int32))
        g.node("output", "GatherV2", ["in_0", "indices", "axis"], Tparams=np.float32,
               Tindices=np.int32, Taxis=np.int32, batch_dims=0)
        return g, {}, {"output": np.take(x, np.zeros(ishape, np.int32), axis=axis)}


_empty_gather("gather_2-3-1_emptyIndicesR1_axis2", (2, 3, 1), (0,), 2)
_empty_gather("gather_emptyR2_emptyR1_axis1", (0, 3), (0,), 1)
_empty_gather("gather_emptyR3_emptyR1_axis-1", (2, 0, 3), (0,), -1)
_empty_gather("gather_2-3_emptyIndicesR2_axis1", (2, 3), (2, 0), 1)


@case("emptyArrayTests/identity_n/rank2")
def _empty_identity_n(rng):
    g = Graph()
    a = np.zeros((2, 0), np.float32)
    b = rand(rng, (2, 2), np.float32)
    g.const("in_0", a)
    g.const("in_1", b)
    g.node("output", "IdentityN", ["in_0", "in_1"], T=[np.float32, np.float32])
    return g, {}, {"output": a, "output.1": b}


@case("emptyArrayTests/range/0_0_1")
def _empty_range(rng):
    g = Graph()
    g.const("start", np.array(0, np.int32))
    g.const("limit", np.array(0, np.int32))
    g.const("delta", np.array(1, np.int32))
    g.node("output", "Range", ["start", "limit", "delta"], Tidx=np.int32)
    return g, {}, {"output": np.zeros((0,), np.int32)}


def _empty_reshape(name, shape, new):
    @case("emptyArrayTests/reshape/" + name)
    def build(rng, expect=None):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.const("shape", np.array(new, np.int32))
        g.node("output", "Reshape", ["in_0", "shape"], T=np.float32, Tshape=np.int32)
        return g, {}, {"output": np.zeros(_reshape_empty(shape, new), np.float32)}


def _reshape_empty(shape, new):
    """TensorFlow's Reshape on an empty input: a -1 is inferred from the non-zero sizes."""
    if -1 not in new:
        return new
    known = int(np.prod([d for d in new if d not in (-1, 0)]))
    has_zero = 0 in new
    elems = int(np.prod([d for d in shape if d > 0 or not has_zero]))
    return [elems // known if d == -1 else d for d in new]


_empty_reshape("rank2_shape2-0_0-1-2", (2, 0), [0, 1, 2])
_empty_reshape("rank2_shape2-0_2-0--1", (2, 0), [2, 0, -1])
_empty_reshape("rank3_shape0-1-2_-1-1", (0, 1, 2), [-1, 1])
_empty_reshape("rank3_shape0-1-2_10--1", (0, 1, 2), [10, -1])
_empty_reshape("rank3_shape0-1-2_10-0", (0, 1, 2), [10, 0])


def _empty_reverse(name, shape, axes):
    @case("emptyArrayTests/reverse/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.const("axis", np.array(axes, np.int32))
        g.node("output", "ReverseV2", ["in_0", "axis"], T=np.float32, Tidx=np.int32)
        return g, {}, {"output": np.zeros(shape, np.float32)}


_empty_reverse("rank1", (0,), [0])
_empty_reverse("rank3_axis0-2", (2, 0, 3), [0, 2])


@case("emptyArrayTests/shape_n/rank1-2-3")
def _empty_shape_n(rng):
    g = Graph()
    shapes = [(0,), (2, 0), (1, 0, 3)]
    for i, s in enumerate(shapes):
        g.const("in_%d" % i, np.zeros(s, np.float32))
    g.node("output", "ShapeN", ["in_0", "in_1", "in_2"], T=np.float32, N=3, out_type=np.int32)
    g.node("size", "Size", ["in_2"], T=np.float32, out_type=np.int32)
    g.node("rank", "Rank", ["in_1"], T=np.float32)
    outs = {"output": np.array(shapes[0], np.int32), "output.1": np.array(shapes[1], np.int32),
            "output.2": np.array(shapes[2], np.int32), "size": np.array(0, np.int32),
            "rank": np.array(2, np.int32)}
    return g, {}, outs


@case("emptyArrayTests/slice/rank2_size0")
def _empty_slice(rng):
    g = Graph()
    x = rand(rng, (3, 4), np.float32)
    g.const("in_0", x)
    g.const("begin", np.array([1, 1], np.int32))
    g.const("size", np.array([0, 2], np.int32))
    g.node("output", "Slice", ["in_0", "begin", "size"], T=np.float32, Index=np.int32)
    return g, {}, {"output": x[1:1, 1:3]}


@case("emptyArrayTests/strided_slice/rank2_empty_range")
def _empty_strided(rng):
    g = Graph()
    x = rand(rng, (3, 4), np.float32)
    g.const("in_0", x)
    g.const("begin", np.array([2, 0], np.int32))
    g.const("end", np.array([1, 4], np.int32))
    g.const("strides", np.array([1, 1], np.int32))
    g.node("output", "StridedSlice", ["in_0", "begin", "end", "strides"], T=np.float32,
           Index=np.int32, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
           shrink_axis_mask=0)
    return g, {}, {"output": x[2:1, 0:4]}


def _empty_squeeze(name, shape, dims):
    @case("emptyArrayTests/squeeze/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.node("output", "Squeeze", ["in_0"], T=np.float32, squeeze_dims=dims)
        return g, {}, {"output": np.squeeze(np.zeros(shape, np.float32), tuple(dims))}


_empty_squeeze("in1-0_axis0", (1, 0), [0])
_empty_squeeze("in2-1-0_axis1", (2, 1, 0), [1])


def _empty_stack(name, shapes, axis):
    @case("emptyArrayTests/stack/" + name)
    def build(rng):
        g = Graph()
        for i, s in enumerate(shapes):
            g.const("in_%d" % i, np.zeros(s, np.float32))
        g.node("output", "Pack", ["in_%d" % i for i in range(len(shapes))], T=np.float32,
               N=len(shapes), axis=axis)
        return g, {}, {"output": np.stack([np.zeros(s, np.float32) for s in shapes], axis)}


_empty_stack("rank1_axis0", [(0,), (0,)], 0)
_empty_stack("rank2_shape0-1_axis1", [(0, 1), (0, 1), (0, 1)], 1)
_empty_stack("rank2_shape2-0_axis0", [(2, 0)], 0)
_empty_stack("rank2_shape1-0_axis-1", [(1, 0), (1, 0)], -1)


def _empty_transpose(name, shape, perm):
    @case("emptyArrayTests/transpose/" + name)
    def build(rng):
        g = Graph()
        g.const("in_0", np.zeros(shape, np.float32))
        g.const("perm", np.array(perm, np.int32))
        g.node("output", "Transpose", ["in_0", "perm"], T=np.float32, Tperm=np.int32)
        return g, {}, {"output": np.zeros(shape, np.float32).transpose(perm)}


_empty_transpose("in2-0_perm1-0", (2, 0), [1, 0])
_empty_transpose("in2-1-0_perm1-2-0", (2, 1, 0), [1, 2, 0])


def _empty_unstack(name, shape, axis):
    @case("emptyArrayTests/unstack/" + name)
    def build(rng):
        g = Graph()
        x = np.zeros(shape, np.float32)
        g.const("in_0", x)
        n = shape[axis]
        g.node("output", "Unpack", ["in_0"], T=np.float32, num=n, axis=axis)
        parts = [np.take(x, i, axis=axis) for i in range(n)]
        return g, {}, {("output.%d" % i if i else "output"): p for i, p in enumerate(parts)}


_empty_unstack("in2-0-4_axis2", (2, 0, 4), 2)
_empty_unstack("in3-0_axis0", (3, 0), 0)


@case("emptyArrayTests/split/rank2_split_empty_dim")
def _empty_split(rng):
    g = Graph()
    g.const("split_dim", np.array(1, np.int32))
    g.const("in_0", np.zeros((0, 4), np.float32))
    g.node("output", "Split", ["split_dim", "in_0"], T=np.float32, num_split=2)
    return g, {}, {"output": np.zeros((0, 2), np.float32), "output.1": np.zeros((0, 2), np.float32)}


@case("emptyArrayTests/matmul/rank2_k0")
def _empty_matmul(rng):
    g = Graph()
    g.const("in_0", np.zeros((2, 0), np.float32))
    g.const("in_1", np.zeros((0, 3), np.float32))
    g.node("output", "MatMul", ["in_0", "in_1"], T=np.float32, transpose_a=False, transpose_b=False)
    # An empty inner dimension gives zeros.
    return g, {}, {"output": np.zeros((2, 3), np.float32)}


@case("emptyArrayTests/tile/rank2_multiple0")
def _empty_tile(rng):
    g = Graph()
    x = rand(rng, (2, 3), np.float32)
    g.const("in_0", x)
    g.const("multiples", np.array([0, 2], np.int32))
    g.node("output", "Tile", ["in_0", "multiples"], T=np.float32, Tmultiples=np.int32)
    return g, {}, {"output": np.tile(x, (0, 2))}


@case("emptyArrayTests/where/cond_all_false")
def _empty_where(rng):
    g = Graph()
    g.const("in_0", np.zeros((2, 3), np.bool_))
    g.node("output", "Where", ["in_0"], T=np.bool_)
    return g, {}, {"output": np.zeros((0, 2), np.int64)}


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


# ---- fake quantization, segments, layers -------------------------------------------

def _fake_quant(x, lo, hi, bits, narrow):
    """TensorFlow's FakeQuantWithMinMax*: nudge min/max so zero is exact, then quantize (float32)."""
    f = np.float32
    qmin, qmax = f(1 if narrow else 0), f((1 << bits) - 1)
    lo, hi = f(lo), f(hi)
    scale = (hi - lo) / (qmax - qmin)
    zp_from_min = qmin - lo / scale
    if zp_from_min < qmin:
        zp = qmin
    elif zp_from_min > qmax:
        zp = qmax
    else:
        zp = f(np.floor(zp_from_min + f(0.5)))  # std::round of a non-negative value
    nmin = (qmin - zp) * scale
    nmax = (qmax - zp) * scale
    inv = f(1) / scale
    c = np.clip(x.astype(f), nmin, nmax)
    return (np.floor((c - nmin) * inv + f(0.5)) * scale + nmin).astype(f)


def _fq_case(name, op, lo, hi, bits, narrow, shape=(10,)):
    @case("fake_quant/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, np.float32, lo=lo - 1, hi=hi + 1)
        g.placeholder("input", x)
        if op == "FakeQuantWithMinMaxArgs":
            g.node("output", op, ["input"], min=float(lo), max=float(hi), num_bits=bits,
                   narrow_range=narrow)
        else:
            g.const("min", np.array(lo, np.float32))
            g.const("max", np.array(hi, np.float32))
            g.node("output", op, ["input", "min", "max"], num_bits=bits, narrow_range=narrow)
        return g, {"input": x}, {"output": _fake_quant(x, lo, hi, bits, narrow)}


_fq_case("min_max_args/rank1_0_1_4bit", "FakeQuantWithMinMaxArgs", 0.0, 1.0, 4, False)
_fq_case("min_max_args/rank1_1_5_4bit_narrow", "FakeQuantWithMinMaxArgs", 1.0, 5.0, 4, True)
_fq_case("min_max_args/rank2_-1_2_6bit", "FakeQuantWithMinMaxArgs", -1.0, 2.0, 6, False, (3, 4))
_fq_case("min_max_vars/rank1_0_1_4bit", "FakeQuantWithMinMaxVars", 0.0, 1.0, 4, False)
_fq_case("min_max_vars/rank1_0_1_8bit_narrow", "FakeQuantWithMinMaxVars", 0.0, 1.0, 8, True)
_fq_case("min_max_vars/rank1_1_5_4bit_narrow", "FakeQuantWithMinMaxVars", 1.0, 5.0, 4, True)
_fq_case("min_max_vars/rank2_-3_-1_8bit", "FakeQuantWithMinMaxVars", -3.0, -1.0, 8, False, (2, 5))


def _segment_reduce(x, ids, n, kind):
    out = []
    for s in range(n):
        rows = x[ids == s]
        if kind == "sum":
            out.append(rows.sum(0) if len(rows) else np.zeros(x.shape[1:], x.dtype))
        elif kind == "prod":
            out.append(rows.prod(0) if len(rows) else np.ones(x.shape[1:], x.dtype))
        elif kind == "max":
            out.append(rows.max(0) if len(rows) else np.full(x.shape[1:], _lowest(x.dtype)))
        elif kind == "min":
            out.append(rows.min(0) if len(rows) else np.full(x.shape[1:], _highest(x.dtype)))
    return np.array(out, x.dtype).reshape((n,) + x.shape[1:])


def _lowest(dt):
    return np.finfo(dt).min if np.dtype(dt).kind == "f" else np.iinfo(dt).min


def _highest(dt):
    return np.finfo(dt).max if np.dtype(dt).kind == "f" else np.iinfo(dt).max


def _unsorted_segment_case(kind, shape, ids, n, dtype=np.float32):
    op = "UnsortedSegment" + kind.capitalize()
    @case("unsorted_segment/unsorted_segment_%s_rank%d_%s" % (kind, len(shape), np.dtype(dtype).name))
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-3, hi=3)
        g.placeholder("data", x)
        g.const("segment_ids", np.array(ids, np.int32))
        g.const("num_segments", np.array(n, np.int32))
        g.node("output", op, ["data", "segment_ids", "num_segments"], T=np.dtype(dtype).type,
               Tindices=np.int32, Tnumsegments=np.int32)
        # Negative ids are dropped; segments nobody maps to get the reduction's identity.
        return g, {"data": x}, {"output": _segment_reduce(x, np.array(ids), n, kind)}


for _k in ["sum", "prod", "max", "min"]:
    _unsorted_segment_case(_k, (5, 3), [2, 0, 2, -1, 0], 4)
    _unsorted_segment_case(_k, (4, 2, 3), [1, 1, 3, 1], 5, np.int32)


def _segment_case(kind, shape, ids, dtype=np.float32):
    op = "Segment" + kind.capitalize()
    @case("segment/segment_%s_rank%d_%s_gaps" % (kind, len(shape), np.dtype(dtype).name))
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-3, hi=3)
        g.placeholder("data", x)
        g.const("segment_ids", np.array(ids, np.int64))
        g.node("output", op, ["data", "segment_ids"], T=np.dtype(dtype).type, Tindices=np.int64)
        n = max(ids) + 1
        if kind == "mean":
            s = _segment_reduce(x.astype(np.float64), np.array(ids), n, "sum")
            cnt = np.array([max(1, ids.count(i)) for i in range(n)]).reshape((n,) + (1,) * (len(shape) - 1))
            y = (s / cnt).astype(dtype)
        else:
            y = _segment_reduce(x, np.array(ids), n, kind)
            # TensorFlow's sorted Segment* ops fill ids nobody maps to with 0 (1 for the product).
            for i in range(n):
                if i not in ids:
                    y[i] = 1 if kind == "prod" else 0
        return g, {"data": x}, {"output": y}


for _k in ["sum", "prod", "max", "min", "mean"]:
    _segment_case(_k, (6, 2), [0, 0, 2, 2, 2, 4])
_segment_case("max", (5, 2, 2), [0, 1, 1, 3, 3], np.int32)


def _layer_case(name, fmt, act, bias=True):
    """A Keras-style Conv2D layer: conv, BiasAdd in the layer's data format, activation."""
    @case("cnn2d_layers/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (2, 5, 5, 3))
        w = rand(rng, (2, 2, 3, 4))
        b = rand(rng, (4,))
        xin = x if fmt == "NHWC" else to_first(x)
        g.placeholder("input", xin)
        g.const("kernel", w)
        st = [1, 1, 1, 1]
        g.node("conv", "Conv2D", ["input", "kernel"], T=np.float32, strides=st, padding="SAME",
               data_format=fmt, dilations=[1, 1, 1, 1])
        y = conv_nd(x, w, (1, 1), (1, 1), "SAME")
        last = "conv"
        if bias:
            g.const("bias", b)
            g.node("biasadd", "BiasAdd", ["conv", "bias"], T=np.float32, data_format=fmt)
            y = y + b
            last = "biasadd"
        if act == "elu":
            g.node("output", "Elu", [last], T=np.float32)
            y = np.where(y > 0, y, np.expm1(y))
        elif act == "relu6":
            g.node("output", "Relu6", [last], T=np.float32)
            y = np.clip(y, 0, 6)
        elif act == "selu":
            g.node("output", "Selu", [last], T=np.float32)
            y = 1.0507009873554805 * np.where(y > 0, y, 1.6732632423543772 * np.expm1(y))
        elif act == "crelu":
            g.node("neg", "Neg", [last], T=np.float32)
            g.const("axis", np.array(-1 if fmt == "NHWC" else 1, np.int32))
            g.node("concat", "ConcatV2", [last, "neg", "axis"], T=np.float32, Tidx=np.int32, N=2)
            g.node("output", "Relu", ["concat"], T=np.float32)
            y = np.maximum(np.concatenate([y, -y], -1), 0)
        yo = y.astype(np.float32)
        return g, {"input": xin}, {"output": yo if fmt == "NHWC" else to_first(yo)}


_layer_case("channels_first_b2_k2_s1_SAME_elu", "NCHW", "elu")
_layer_case("channels_first_b2_k2_s1_SAME_relu6", "NCHW", "relu6")
_layer_case("channels_first_b2_k2_s1_SAME_crelu", "NCHW", "crelu")
_layer_case("channels_last_b2_k2_s1_SAME_crelu", "NHWC", "crelu")
_layer_case("channels_last_b2_k2_s1_SAME_selu_nobias", "NHWC", "selu", bias=False)


@case("bias_add/nchw_rank3_and_rank5")
def _bias_add_nchw(rng):
    g = Graph()
    x3 = rand(rng, (2, 3, 4))
    x5 = rand(rng, (1, 3, 2, 2, 2))
    b = rand(rng, (3,))
    g.placeholder("x3", x3)
    g.placeholder("x5", x5)
    g.const("bias", b)
    g.node("out3", "BiasAdd", ["x3", "bias"], T=np.float32, data_format="NCHW")
    g.node("out5", "BiasAdd", ["x5", "bias"], T=np.float32, data_format="NCDHW")
    return g, {"x3": x3, "x5": x5}, {"out3": x3 + b[None, :, None],
                                     "out5": x5 + b[None, :, None, None, None]}


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


# ---- driver -------------------------------------------------------------------------

def _file_name(node):
    node, _, index = node.partition(".")
    return node.replace("/", "____") + ("." + index if index else "")


def build_case(name):
    g, feeds, outs = CASES[name](rng_for(name))
    return g.text(), feeds, outs


def write_graphs(cases_dir):
    for name in sorted(CASES):
        text, _, _ = build_case(name)
        d = os.path.join(cases_dir, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "frozen_model.pbtxt"), "w") as f:
            f.write(text)
    print("wrote %d graphs under %s" % (len(CASES), cases_dir))


def write_data(cases_dir, out_root):
    stale = []
    listed = []
    for name in sorted(CASES):
        text, feeds, outs = build_case(name)
        src = os.path.join(cases_dir, name, "frozen_model.pbtxt")
        if not os.path.exists(src) or open(src).read() != text:
            stale.append(name)
            continue
        d = os.path.join(out_root, "op_variants", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "frozen_model.pbtxt"), "w") as f:
            f.write(text)
        for node, value in feeds.items():
            np.save(os.path.join(d, "in.%s.npy" % _file_name(node)), np.asarray(value))
        for node, value in outs.items():
            np.save(os.path.join(d, "out.%s.npy" % _file_name(node)), np.asarray(value))
        listed.append("op_variants/" + name)
    with open(os.path.join(out_root, "must_pass.txt"), "w") as f:
        f.write("# every op-variant case must pass\n" + "".join(l + "\n" for l in listed))
    if stale:
        print("op_variants: %d checked-in graphs differ from op_variants.py (run "
              "`op_variants.py write-graphs tests/op_variants/cases`): %s"
              % (len(stale), ", ".join(stale)))
        return 1
    print("op_variants: wrote %d cases to %s" % (len(listed), out_root))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "write-graphs":
        write_graphs(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "data":
        return write_data(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
