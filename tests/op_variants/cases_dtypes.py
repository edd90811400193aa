"""Op-variant cases: elementwise ops over every dtype, broadcasting."""
import numpy as np
from graphdef import Graph, case, rand


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
