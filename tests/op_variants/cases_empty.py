"""Op-variant cases: empty tensors (dl4j emptyArrayTests)."""
import numpy as np
from graphdef import Graph, case, rand


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
