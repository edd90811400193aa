"""Op-variant cases: fake quantization, segment ops, Keras-style layers."""
import numpy as np
from graphdef import Graph, case, rand
from oracles import conv_nd, to_first


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
