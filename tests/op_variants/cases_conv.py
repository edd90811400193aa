"""Op-variant cases: convolutions, transposed convolutions, pooling (1-3D, NHWC/NCHW)."""
import numpy as np
from graphdef import Graph, case, rand
from oracles import conv_nd, conv_transpose_nd, depthwise, pool_nd, to_first, window_pads


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
