"""GraphDef text for the op-variant cases, the case registry and seeded inputs."""
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
# Cases compared bit for bit (the driver's exact mode: -0.0, denormals, NaN
# positions), not within the float tolerance.
EXACT = set()


def case(name, exact=False):
    def register(fn):
        CASES[name] = fn
        if exact:
            EXACT.add(name)
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
