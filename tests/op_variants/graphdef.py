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
        return "shape { unknown_rank: true }" if v[1] is None else _shape(v[1])
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

    def const(self, name, a, control=()):
        """A Const; `control` ("^node", ...) ties it to a loop or branch, as TF does."""
        a = np.asarray(a)
        out = ["node {", '  name: "%s"' % name, '  op: "Const"']
        out += ['  input: "%s"' % c for c in control]
        out += ['  attr { key: "dtype" value { type: %s } }' % DT[a.dtype],
                '  attr { key: "value" value { %s } }' % _tensor(a), "}"]
        self.lines += out
        return name

    # ---- TF1 control flow, in the dataflow form TensorFlow's python writes ----

    def while_loop(self, name, loop_vars, cond, body, invariants=()):
        """tf.while_loop as TF1 emits it: per loop value Enter -> Merge(Enter,
        NextIteration) -> Switch(Merge, LoopCond) -> Identity -> body ->
        NextIteration, and Exit(Switch:0); invariants enter with is_constant.
        loop_vars, invariants: [(tensor, dtype)]. cond(g, values, invariants,
        pivot) returns the bool tensor, body(g, values, invariants, pivot) the
        next values; constants they make hang on `pivot` (a control input).
        Returns the Exit tensors."""
        frame = name + "/while_context"
        sfx = lambda k: "" if k == 0 else "_%d" % k
        merges, enters_inv = [], []
        for k, (t, dt) in enumerate(loop_vars):
            self.node(name + "/Enter" + sfx(k), "Enter", [t], T=dt, frame_name=frame,
                      is_constant=False, parallel_iterations=10)
            merges.append(self.node(name + "/Merge" + sfx(k), "Merge",
                                    [name + "/Enter" + sfx(k), name + "/NextIteration" + sfx(k)],
                                    T=dt, N=2))
        for k, (t, dt) in enumerate(invariants):
            enters_inv.append(self.node(name + "/Enter_inv" + sfx(k), "Enter", [t], T=dt,
                                        frame_name=frame, is_constant=True,
                                        parallel_iterations=10))
        pred = cond(self, merges, enters_inv, "^" + merges[0])
        self.node(name + "/LoopCond", "LoopCond", [pred])
        ids = []
        for k, (t, dt) in enumerate(loop_vars):
            self.node(name + "/Switch" + sfx(k), "Switch", [merges[k], name + "/LoopCond"], T=dt)
            ids.append(self.node(name + "/Identity" + sfx(k), "Identity",
                                 [name + "/Switch" + sfx(k) + ":1"], T=dt))
        nexts = body(self, ids, enters_inv, "^" + ids[0])
        exits = []
        for k, (t, dt) in enumerate(loop_vars):
            self.node(name + "/NextIteration" + sfx(k), "NextIteration", [nexts[k]], T=dt)
            exits.append(self.node(name + "/Exit" + sfx(k), "Exit", [name + "/Switch" + sfx(k)], T=dt))
        return exits

    def cond(self, name, pred, inputs, true_fn, false_fn, dtypes=None):
        """tf.cond as TF1 emits it: each input enters the branches through a
        Switch on pred (true reads output 1, false output 0), constants hang on
        switch_t / switch_f, and Merge(false, true) joins each result.
        inputs: [(tensor, dtype)]; true_fn/false_fn(g, tensors, pivot) return
        the results, of `dtypes` (default float32). Returns the Merge tensors."""
        self.node(name + "/Switch", "Switch", [pred, pred], T=np.bool_)
        self.node(name + "/switch_t", "Identity", [name + "/Switch:1"], T=np.bool_)
        self.node(name + "/switch_f", "Identity", [name + "/Switch"], T=np.bool_)
        self.node(name + "/pred_id", "Identity", [pred], T=np.bool_)
        switches = []
        for k, (t, dt) in enumerate(inputs):
            switches.append(self.node(name + "/Switch_%d" % (k + 1), "Switch",
                                      [t, name + "/pred_id"], T=dt))
        t_out = true_fn(self, [s + ":1" for s in switches], "^" + name + "/switch_t")
        f_out = false_fn(self, switches, "^" + name + "/switch_f")
        dtypes = dtypes or [np.float32] * len(t_out)
        return [self.node(name + "/Merge" + ("" if j == 0 else "_%d" % j), "Merge", [f, t],
                          T=dt, N=2)
                for j, (f, t, dt) in enumerate(zip(f_out, t_out, dtypes))]

    def tensor_array(self, name, size, dtype, element_shape=None):
        """TensorArrayV3: returns (handle, flow). element_shape None: unknown."""
        self.node(name, "TensorArrayV3", [size], dtype=dtype, dynamic_size=False,
                  clear_after_read=True, identical_element_shapes=True,
                  element_shape=("shape", element_shape), tensor_array_name="")
        return name, name + ":1"

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
