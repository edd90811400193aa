"""Op-variant cases: gathers, batch normalization, linear algebra."""
import numpy as np
from graphdef import Graph, case, rand


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
