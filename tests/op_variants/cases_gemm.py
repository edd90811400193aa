"""Op-variant cases: float32 MatMul / BatchMatMul shapes that take the register-blocked
GEMM (runtime/fast_gemm.h) by every path select-kernels has: constant weights on the
right (packed at compile time) or the left, two run-time operands (packed at run time),
transposes, narrow outputs, tall-skinny and long-k products, batches with broadcasting,
a bias + residual + activation epilogue, NaN and Inf."""
import numpy as np
from graphdef import Graph, case, rand


def _f64(*arrays):
    return [a.astype(np.float64) for a in arrays]


def _act(y, act):
    if act in ("relu", "relu6"):
        y = np.maximum(y, 0)
    if act == "relu6":
        y = np.minimum(y, 6)
    return y


def _dense_case(name, m, k, n, act="none", bias=True, residual=False, ta=False, tb=False,
                specials=False):
    """x [m, k] (or [k, m] with ta) run-time times constant weights [k, n] ([n, k] with tb),
    then BiasAdd, an add of a run-time residual, the activation."""
    @case("gemm/" + name)
    def build(rng):
        g = Graph()
        x = rand(rng, (k, m) if ta else (m, k))
        w = rand(rng, (n, k) if tb else (k, n))
        if specials:  # NaN and +-Inf reach the rows and columns they reach in numpy
            x[1, 2] = np.nan
            x[3, 0] = np.inf
            x[4, 5] = -np.inf
        g.placeholder("x", x)
        g.const("w", w)
        g.node("mm", "MatMul", ["x", "w"], T=np.float32, transpose_a=ta, transpose_b=tb)
        xx, ww = _f64(x, w)
        y = (xx.T if ta else xx) @ (ww.T if tb else ww)
        last, feeds = "mm", {"x": x}
        if bias:
            b = rand(rng, (n,))
            g.const("b", b)
            g.node("biasadd", "BiasAdd", ["mm", "b"], T=np.float32, data_format="NHWC")
            y, last = y + b, "biasadd"
        if residual:
            r = rand(rng, (m, n), lo=-4, hi=4)
            g.placeholder("r", r)
            g.node("residual", "AddV2", ["r", last], T=np.float32)
            y, last, feeds["r"] = y + r, "residual", r
        if act != "none":
            g.node("act", {"relu": "Relu", "relu6": "Relu6"}[act], [last], T=np.float32)
            last = "act"
        g.node("output", "Identity", [last], T=np.float32)
        with np.errstate(invalid="ignore"):
            return g, feeds, {"output": _act(y, act).astype(np.float32)}


_dense_case("dense_64x100_to_10_bias", 64, 100, 10)                        # narrow N
_dense_case("dense_37x70_to_33_bias_residual_relu6", 37, 70, 33, "relu6", residual=True)
_dense_case("dense_ta_tb_20x48_to_40_relu", 20, 48, 40, "relu", ta=True, tb=True)
_dense_case("dense_tall_skinny_500x3_to_20_relu", 500, 3, 20, "relu")
_dense_case("dense_long_k_2x1030_to_3", 2, 1030, 3, bias=False)            # two k passes
_dense_case("dense_residual_no_bias_13x40_to_64", 13, 40, 64, residual=True, bias=False)
_dense_case("dense_nan_inf_16x30_to_20_relu", 16, 30, 20, "relu", specials=True)


def _matmul_case(name, ashape, bshape, ta, tb, const_a=False):
    """MatMul of a run-time right operand: a constant or run-time left one."""
    @case("gemm/" + name)
    def build(rng):
        g = Graph()
        a, b = rand(rng, ashape), rand(rng, bshape)
        (g.const if const_a else g.placeholder)("a", a)
        g.placeholder("b", b)
        g.node("output", "MatMul", ["a", "b"], T=np.float32, transpose_a=ta, transpose_b=tb)
        aa, bb = _f64(a, b)
        y = (aa.T if ta else aa) @ (bb.T if tb else bb)
        feeds = {"b": b} if const_a else {"a": a, "b": b}
        return g, feeds, {"output": y.astype(np.float32)}


_matmul_case("const_left_30x40_times_40x24", (30, 40), (40, 24), False, False, const_a=True)
_matmul_case("const_left_ta_tb_40x30_times_24x40", (40, 30), (24, 40), True, True, const_a=True)
_matmul_case("run_time_ta_24x33_tb_40x24", (24, 33), (40, 24), True, True)
_matmul_case("run_time_one_row_tb_1x128_48x128", (1, 128), (48, 128), False, True)


def _bmm_case(name, ashape, bshape, adj_x, adj_y, op="BatchMatMulV2", const_b=False,
              bias_relu=False):
    @case("gemm/" + name)
    def build(rng):
        g = Graph()
        a, b = rand(rng, ashape), rand(rng, bshape)
        g.placeholder("a", a)
        (g.const if const_b else g.placeholder)("b", b)
        attrs = dict(adj_x=adj_x, adj_y=adj_y)
        if op == "BatchMatMulV3":
            attrs.update(Ta=np.float32, Tb=np.float32, Tout=np.float32)
        else:
            attrs["T"] = np.float32
        g.node("bmm", op, ["a", "b"], **attrs)
        aa, bb = _f64(a, b)
        y = np.matmul(np.swapaxes(aa, -1, -2) if adj_x else aa,
                      np.swapaxes(bb, -1, -2) if adj_y else bb)
        last = "bmm"
        if bias_relu:
            bias = rand(rng, (y.shape[-1],))
            g.const("bias", bias)
            g.node("add", "AddV2", ["bmm", "bias"], T=np.float32)
            g.node("relu", "Relu", ["add"], T=np.float32)
            y, last = np.maximum(y + bias, 0), "relu"
        g.node("output", "Identity", [last], T=np.float32)
        feeds = {"a": a} if const_b else {"a": a, "b": b}
        return g, feeds, {"output": y.astype(np.float32)}


# A shared constant B: the batches fold into one taller product.
_bmm_case("bmmv2_shared_const_b_2x3x9x20_20x17_bias_relu", (2, 3, 9, 20), (20, 17), False, False,
          const_b=True, bias_relu=True)
# Run-time operands broadcast both ways, B transposed.
_bmm_case("bmmv2_broadcast_2x1x9x20_3x17x20_adj_y", (2, 1, 9, 20), (3, 17, 20), False, True)
# A broadcast over the batch, B packed per batch.
_bmm_case("bmmv2_shared_a_12x20_4x20x18", (12, 20), (4, 20, 18), False, False)
_bmm_case("bmmv3_adj_x_4x20x12_4x20x18", (4, 20, 12), (4, 20, 18), True, False, op="BatchMatMulV3")
_bmm_case("bmm_v1_const_b_3x16x24_3x24x20", (3, 16, 24), (3, 24, 20), False, False,
          op="BatchMatMul", const_b=True)
