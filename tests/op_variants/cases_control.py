"""Op-variant cases: control flow and TensorArrays in TF1's dataflow form
(graphdef.py's while_loop / cond / tensor_array write the Enter, Merge,
Switch, LoopCond, NextIteration and Exit nodes as TensorFlow's python does),
with numpy loops as oracles."""
import numpy as np
from graphdef import Graph, case, rand

i32, f32 = np.int32, np.float32


def _less(g, name, a, b, pivot, dtype=i32):
    """a < b, b a constant tied to the loop by `pivot`."""
    g.const(name + "/y", np.array(b, dtype), control=[pivot])
    return g.node(name, "Less", [a, name + "/y"], T=dtype)


def _add_const(g, name, a, c, pivot, dtype=i32):
    g.const(name + "/y", np.array(c, dtype), control=[pivot])
    return g.node(name, "AddV2", [a, name + "/y"], T=dtype)


# ---- while loops ---------------------------------------------------------------------

@case("control_flow/while_nested")
def _nested(rng):
    """for i in range(3): for j in range(4): acc = acc * 0.5 + x * (i + 1)"""
    g = Graph()
    x = rand(rng, (2, 3))
    g.placeholder("x", x)
    g.const("zero", np.array(0, i32))

    def outer_body(g, v, inv, pivot):
        i, acc = v
        g.const("outer/j0", np.array(0, i32), control=[pivot])
        g.node("outer/i_plus_1", "AddV2", [i, "outer/one"], T=i32)
        g.const("outer/one", np.array(1, i32), control=[pivot])
        g.node("outer/scale", "Cast", ["outer/i_plus_1"], SrcT=i32, DstT=f32, Truncate=False)
        g.node("outer/xs", "Mul", [inv[0], "outer/scale"], T=f32)

        def inner_body(g, w, winv, p):
            j, a = w
            g.const("outer/inner/half", np.array(0.5, f32), control=[p])
            g.node("outer/inner/mul", "Mul", [a, "outer/inner/half"], T=f32)
            g.node("outer/inner/add", "AddV2", ["outer/inner/mul", winv[0]], T=f32)
            return [_add_const(g, "outer/inner/next", j, 1, p), "outer/inner/add"]

        exits = g.while_loop("outer/inner", [("outer/j0", i32), (acc, f32)],
                             lambda g, w, winv, p: _less(g, "outer/inner/less", w[0], 4, p),
                             inner_body, invariants=[("outer/xs", f32)])
        return ["outer/i_plus_1", exits[1]]

    exits = g.while_loop("outer", [("zero", i32), ("x", f32)],
                         lambda g, v, inv, p: _less(g, "outer/less", v[0], 3, p),
                         outer_body, invariants=[("x", f32)])
    g.node("output", "Identity", [exits[1]], T=f32)
    acc = x.astype(np.float64)
    for i in range(3):
        for _ in range(4):
            acc = acc * 0.5 + x * (i + 1)
    return g, {"x": x}, {"output": acc.astype(f32)}


@case("control_flow/while_runtime_trip_count")
def _runtime_count(rng):
    """acc = x; for _ in range(n): acc = acc * 2 - 1, n fed (the condition runs each time)."""
    g = Graph()
    x = rand(rng, (4,))
    n = np.array(5, i32)
    g.placeholder("x", x)
    g.placeholder("n", n)
    g.const("zero", np.array(0, i32))

    def body(g, v, inv, pivot):
        i, acc = v
        g.const("w/two", np.array(2, f32), control=[pivot])
        g.const("w/one_f", np.array(1, f32), control=[pivot])
        g.node("w/mul", "Mul", [acc, "w/two"], T=f32)
        g.node("w/sub", "Sub", ["w/mul", "w/one_f"], T=f32)
        return [_add_const(g, "w/next", i, 1, pivot), "w/sub"]

    exits = g.while_loop("w", [("zero", i32), ("x", f32)],
                         lambda g, v, inv, p: g.node("w/less", "Less", [v[0], inv[0]], T=i32),
                         body, invariants=[("n", i32)])
    g.node("output", "Identity", [exits[1]], T=f32)
    g.node("count", "Identity", [exits[0]], T=i32)
    want = x.astype(np.float64)
    for _ in range(int(n)):
        want = want * 2 - 1
    return g, {"x": x, "n": n}, {"output": want.astype(f32), "count": n}


def _zero_iterations(name, fed_bound):
    @case("control_flow/while_zero_iterations_" + name)
    def build(rng):
        """i starts at 7, the bound is 3: the body never runs, the results are the initial values."""
        g = Graph()
        x = rand(rng, (3,))
        g.placeholder("x", x)
        g.const("seven", np.array(7, i32))
        feeds = {"x": x}
        if fed_bound:
            feeds["n"] = np.array(3, i32)
            g.placeholder("n", feeds["n"])

        def cond(g, v, inv, p):
            if fed_bound:
                return g.node("w/less", "Less", [v[0], inv[0]], T=i32)
            return _less(g, "w/less", v[0], 3, p)

        def body(g, v, inv, p):
            g.node("w/neg", "Neg", [v[1]], T=f32)
            return [_add_const(g, "w/next", v[0], 1, p), "w/neg"]

        exits = g.while_loop("w", [("seven", i32), ("x", f32)], cond, body,
                             invariants=[("n", i32)] if fed_bound else [])
        g.node("output", "Identity", [exits[1]], T=f32)
        return g, feeds, {"output": x}


_zero_iterations("static", False)
_zero_iterations("runtime", True)


@case("control_flow/cond_in_loop")
def _cond_in_loop(rng):
    """for i in range(6): acc = acc + x if i % 2 == 0 else acc * 0.5"""
    g = Graph()
    x = rand(rng, (2, 2))
    g.placeholder("x", x)
    g.const("zero", np.array(0, i32))

    def body(g, v, inv, pivot):
        i, acc = v
        g.const("w/two", np.array(2, i32), control=[pivot])
        g.node("w/mod", "FloorMod", [i, "w/two"], T=i32)
        g.const("w/zero", np.array(0, i32), control=[pivot])
        g.node("w/even", "Equal", ["w/mod", "w/zero"], T=i32)

        def even(g, t, p):
            return [g.node("w/c/add", "AddV2", [t[0], t[1]], T=f32)]

        def odd(g, t, p):
            g.const("w/c/half", np.array(0.5, f32), control=[p])
            return [g.node("w/c/mul", "Mul", [t[0], "w/c/half"], T=f32)]

        merged = g.cond("w/c", "w/even", [(acc, f32), (inv[0], f32)], even, odd)
        return [_add_const(g, "w/next", i, 1, pivot), merged[0]]

    exits = g.while_loop("w", [("zero", i32), ("x", f32)],
                         lambda g, v, inv, p: _less(g, "w/less", v[0], 6, p), body,
                         invariants=[("x", f32)])
    g.node("output", "Identity", [exits[1]], T=f32)
    acc = x.astype(np.float64)
    for i in range(6):
        acc = acc + x if i % 2 == 0 else acc * 0.5
    return g, {"x": x}, {"output": acc.astype(f32)}


def _loop_in_cond(name, flag):
    @case("control_flow/loop_in_cond_" + name)
    def build(rng):
        """p ? (repeat 5 times: acc = acc * 1.5) : -x, p fed."""
        g = Graph()
        x = rand(rng, (3,))
        p = np.array(flag)
        g.placeholder("x", x)
        g.placeholder("p", p)

        def true_fn(g, t, pivot):
            g.const("c/zero", np.array(0, i32), control=[pivot])

            def body(g, v, inv, q):
                g.const("c/w/k", np.array(1.5, f32), control=[q])
                g.node("c/w/mul", "Mul", [v[1], "c/w/k"], T=f32)
                return [_add_const(g, "c/w/next", v[0], 1, q), "c/w/mul"]

            exits = g.while_loop("c/w", [("c/zero", i32), (t[0], f32)],
                                 lambda g, v, inv, q: _less(g, "c/w/less", v[0], 5, q), body)
            return [exits[1]]

        def false_fn(g, t, pivot):
            return [g.node("c/neg", "Neg", [t[0]], T=f32)]

        merged = g.cond("c", "p", [("x", f32)], true_fn, false_fn)
        g.node("output", "Identity", [merged[0]], T=f32)
        want = x.astype(np.float64) * 1.5 ** 5 if flag else -x
        return g, {"x": x, "p": p}, {"output": np.asarray(want, f32)}


_loop_in_cond("true", True)
_loop_in_cond("false", False)


@case("control_flow/index_by_loop_counter")
def _index_by_counter(rng):
    """for i in range(5): acc = acc * 0.5 + x[i] + y[i, 1] (x[i] is StridedSlice with a
    run-time begin, as python writes indexing by the counter; i = 4 reads y's last row)."""
    g = Graph()
    x = rand(rng, (5, 3))
    y = rand(rng, (5, 2, 3))
    g.placeholder("x", x)
    g.placeholder("y", y)
    g.const("zero", np.array(0, i32))
    g.const("acc0", np.zeros(3, f32))

    def body(g, v, inv, pivot):
        i, acc = v
        g.node("w/begin", "Pack", [i], T=i32, N=1, axis=0)
        g.node("w/i1", "AddV2", [i, "w/one"], T=i32)
        g.const("w/one", np.array(1, i32), control=[pivot])
        g.node("w/end", "Pack", ["w/i1"], T=i32, N=1, axis=0)
        g.const("w/strides", np.array([1], i32), control=[pivot])
        g.node("w/x_i", "StridedSlice", [inv[0], "w/begin", "w/end", "w/strides"], T=f32,
               Index=i32, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
               shrink_axis_mask=1)
        g.const("w/one_col", np.array(1, i32), control=[pivot])
        g.node("w/begin2", "Pack", [i, "w/one_col"], T=i32, N=2, axis=0)
        g.const("w/two_col", np.array(2, i32), control=[pivot])
        g.node("w/end2", "Pack", ["w/i1", "w/two_col"], T=i32, N=2, axis=0)
        g.const("w/strides2", np.array([1, 1], i32), control=[pivot])
        g.node("w/y_i1", "StridedSlice", [inv[1], "w/begin2", "w/end2", "w/strides2"], T=f32,
               Index=i32, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
               shrink_axis_mask=3)
        g.const("w/half", np.array(0.5, f32), control=[pivot])
        g.node("w/scaled", "Mul", [acc, "w/half"], T=f32)
        g.node("w/add", "AddV2", ["w/scaled", "w/x_i"], T=f32)
        g.node("w/add_1", "AddV2", ["w/add", "w/y_i1"], T=f32)
        return [_add_const(g, "w/next", i, 1, pivot), "w/add_1"]

    exits = g.while_loop("w", [("zero", i32), ("acc0", f32)],
                         lambda g, v, inv, p: _less(g, "w/less", v[0], 5, p), body,
                         invariants=[("x", f32), ("y", f32)])
    g.node("output", "Identity", [exits[1]], T=f32)
    acc = np.zeros(3)
    for i in range(5):
        acc = acc * 0.5 + x[i] + y[i, 1]
    return g, {"x": x, "y": y}, {"output": acc.astype(f32)}


# ---- TensorArrays ---------------------------------------------------------------------

@case("tensor_array/write_read_size")
def _write_read(rng):
    """Three writes (the element shape comes from the first), a read, the size."""
    g = Graph()
    x = rand(rng, (3, 2))
    g.placeholder("x", x)
    g.const("size", np.array(3, i32))
    ta, flow = g.tensor_array("ta", "size", f32)
    for k in range(3):
        g.const("row%d/begin" % k, np.array([k], i32))
        g.const("row%d/end" % k, np.array([k + 1], i32))
        g.const("row%d/strides" % k, np.array([1], i32))
        g.node("row%d" % k, "StridedSlice", ["x", "row%d/begin" % k, "row%d/end" % k,
                                             "row%d/strides" % k], T=f32, Index=i32,
               begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=1)
        g.const("index%d" % k, np.array(2 - k, i32))
        flow = g.node("write%d" % k, "TensorArrayWriteV3", [ta, "index%d" % k, "row%d" % k, flow],
                      T=f32)
    g.const("read/index", np.array(0, i32))
    g.node("read", "TensorArrayReadV3", [ta, "read/index", flow], dtype=f32)
    g.node("size_of", "TensorArraySizeV3", [ta, flow])
    return g, {"x": x}, {"read": x[2], "size_of": np.array(3, i32)}


@case("tensor_array/scatter_gather")
def _scatter_gather(rng):
    """Unstack (Scatter over range) then Stack (Gather) in another order, with an index twice."""
    g = Graph()
    x = rand(rng, (4, 2, 3))
    g.placeholder("x", x)
    g.const("size", np.array(4, i32))
    ta, flow = g.tensor_array("ta", "size", f32, element_shape=[2, 3])
    g.const("order", np.array([3, 0, 2, 1], i32))
    flow = g.node("scatter", "TensorArrayScatterV3", [ta, "order", "x", flow], T=f32)
    g.const("pick", np.array([1, 1, 3], i32))
    g.node("gather", "TensorArrayGatherV3", [ta, "pick", flow], dtype=f32,
           element_shape=("shape", [2, 3]))
    placed = np.zeros_like(x)
    placed[[3, 0, 2, 1]] = x
    return g, {"x": x}, {"gather": placed[[1, 1, 3]]}


@case("tensor_array/split_concat")
def _split_concat(rng):
    """Split a [6, 2] value into three [2, 2] elements, Concat them back after one is replaced."""
    g = Graph()
    x = rand(rng, (6, 2))
    y = rand(rng, (2, 2))
    g.placeholder("x", x)
    g.placeholder("y", y)
    g.const("size", np.array(3, i32))
    ta, flow = g.tensor_array("ta", "size", f32)
    g.const("lengths", np.array([2, 2, 2], np.int64))
    flow = g.node("split", "TensorArraySplitV3", [ta, "x", "lengths", flow], T=f32)
    g.const("one", np.array(1, i32))
    flow = g.node("write", "TensorArrayWriteV3", [ta, "one", "y", flow], T=f32)
    g.node("concat", "TensorArrayConcatV3", [ta, flow], dtype=f32,
           element_shape_except0=("shape", None))
    want = x.copy()
    want[2:4] = y
    return g, {"x": x, "y": y}, {"concat": want, "concat.1": np.array([2, 2, 2], np.int64)}


@case("tensor_array/written_in_a_loop")
def _written_in_loop(rng):
    """for t in range(5): ta = ta.write(t, x[t] * t), the element shape unknown until the
    write; then stack it (Gather over range(size))."""
    g = Graph()
    x = rand(rng, (5, 3))
    g.placeholder("x", x)
    g.const("size", np.array(5, i32))
    ta, flow = g.tensor_array("ta", "size", f32)
    g.const("zero", np.array(0, i32))
    g.const("unstack/range", np.arange(5, dtype=i32))
    x_ta, x_flow = g.tensor_array("x_ta", "size", f32)
    x_flow = g.node("x_ta/scatter", "TensorArrayScatterV3", [x_ta, "unstack/range", "x", x_flow],
                    T=f32)

    def body(g, v, inv, pivot):
        t, out_flow = v
        g.node("w/read", "TensorArrayReadV3", [inv[0], t, inv[1]], dtype=f32)
        g.node("w/tf", "Cast", [t], SrcT=i32, DstT=f32, Truncate=False)
        g.node("w/scaled", "Mul", ["w/read", "w/tf"], T=f32)
        g.node("w/write", "TensorArrayWriteV3", [inv[2], t, "w/scaled", out_flow], T=f32)
        return [_add_const(g, "w/next", t, 1, pivot), "w/write"]

    exits = g.while_loop("w", [("zero", i32), (flow, f32)],
                         lambda g, v, inv, p: _less(g, "w/less", v[0], 5, p), body,
                         invariants=[(x_ta, np.int32), (x_flow, f32), (ta, np.int32)])
    g.node("stack/size", "TensorArraySizeV3", [ta, exits[1]])
    g.const("stack/start", np.array(0, i32))
    g.const("stack/delta", np.array(1, i32))
    g.node("stack/range", "Range", ["stack/start", "stack/size", "stack/delta"], Tidx=i32)
    g.node("stack", "TensorArrayGatherV3", [ta, "stack/range", exits[1]], dtype=f32,
           element_shape=("shape", None))
    return g, {"x": x}, {"stack": x * np.arange(5, dtype=f32)[:, None]}


# ---- dynamic_rnn: LSTM and GRU cells over a TensorArray of time steps ------------------

def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def _dynamic_rnn(g, x_name, steps, batch, hidden, states, cell):
    """tf.nn.dynamic_rnn's graph: transpose to time-major, unstack into a
    TensorArray (element shape unknown, as TF1 writes it), loop with TF's
    iteration counter and `time` while both are below max_time (min(T, max(1,
    T)) folds to T), read x_t, run `cell`, write h into the output
    TensorArray, carry the states; stack the outputs and transpose back.
    Returns (outputs, final states) tensors."""
    g.const("rnn/perm", np.array([1, 0, 2], i32))
    g.node("rnn/transpose", "Transpose", [x_name, "rnn/perm"], T=f32, Tperm=i32)
    g.const("rnn/max_time", np.array(steps, i32))
    g.const("rnn/time", np.array(0, i32))
    g.const("rnn/iteration_counter", np.array(0, i32))
    ta_out, flow_out = g.tensor_array("rnn/TensorArray", "rnn/max_time", f32,
                                      element_shape=[batch, hidden])
    ta_in, flow_in = g.tensor_array("rnn/TensorArray_1", "rnn/max_time", f32)
    g.const("rnn/unstack/start", np.array(0, i32))
    g.const("rnn/unstack/delta", np.array(1, i32))
    g.node("rnn/unstack/range", "Range", ["rnn/unstack/start", "rnn/max_time", "rnn/unstack/delta"],
           Tidx=i32)
    flow_in = g.node("rnn/unstack/scatter", "TensorArrayScatterV3",
                     [ta_in, "rnn/unstack/range", "rnn/transpose", flow_in], T=f32)

    def cond(g, v, inv, pivot):
        g.node("rnn/while/Less", "Less", [v[0], inv[0]], T=i32)
        g.node("rnn/while/Less_1", "Less", [v[1], inv[0]], T=i32)
        return g.node("rnn/while/LogicalAnd", "LogicalAnd", ["rnn/while/Less", "rnn/while/Less_1"])

    def body(g, v, inv, pivot):
        it, t, flow = v[0], v[1], v[2]
        x_t = g.node("rnn/while/read", "TensorArrayReadV3", [inv[1], t, inv[2]], dtype=f32)
        h, new_states = cell(g, x_t, v[3:], inv[4:], pivot)
        w = g.node("rnn/while/write", "TensorArrayWriteV3", [inv[3], t, h, flow], T=f32)
        return [_add_const(g, "rnn/while/add", it, 1, pivot),
                _add_const(g, "rnn/while/add_1", t, 1, pivot), w] + new_states

    weights = cell.weights
    exits = g.while_loop(
        "rnn/while",
        [("rnn/iteration_counter", i32), ("rnn/time", i32), (flow_out, f32)] +
        [(s, f32) for s in states],
        cond, body,
        invariants=[("rnn/max_time", i32), (ta_in, i32), (flow_in, f32), (ta_out, i32)] +
        [(w, f32) for w in weights])
    g.node("rnn/stack/size", "TensorArraySizeV3", [ta_out, exits[2]])
    g.node("rnn/stack/range", "Range", ["rnn/unstack/start", "rnn/stack/size",
                                        "rnn/unstack/delta"], Tidx=i32)
    g.node("rnn/stack", "TensorArrayGatherV3", [ta_out, "rnn/stack/range", exits[2]], dtype=f32,
           element_shape=("shape", [batch, hidden]))
    g.node("rnn/transpose_1", "Transpose", ["rnn/stack", "rnn/perm"], T=f32, Tperm=i32)
    return "rnn/transpose_1", exits[3:]


def _lstm_case(steps):
    @case("rnn/lstm_dynamic_%d_steps" % steps)
    def build(rng):
        """BasicLSTMCell (forget bias 1) in dynamic_rnn over `steps` steps, batch 2."""
        batch, n_in, hidden = 2, 5, 8
        g = Graph()
        x = rand(rng, (batch, steps, n_in))
        kernel = rand(rng, (n_in + hidden, 4 * hidden), lo=-0.5, hi=0.5)
        bias = rand(rng, (4 * hidden,), lo=-0.5, hi=0.5)
        g.placeholder("x", x)
        g.const("kernel", kernel)
        g.const("bias", bias)
        g.const("zeros", np.zeros((batch, hidden), f32))

        def cell(g, x_t, states, w, pivot):
            c, h = states
            p = "rnn/while/lstm_cell/"
            g.const(p + "concat/axis", np.array(1, i32), control=[pivot])
            g.node(p + "concat", "ConcatV2", [x_t, h, p + "concat/axis"], T=f32, N=2, Tidx=i32)
            g.node(p + "MatMul", "MatMul", [p + "concat", w[0]], T=f32, transpose_a=False,
                   transpose_b=False)
            g.node(p + "BiasAdd", "BiasAdd", [p + "MatMul", w[1]], T=f32, data_format="NHWC")
            g.const(p + "split_dim", np.array(1, i32), control=[pivot])
            g.node(p + "split", "Split", [p + "split_dim", p + "BiasAdd"], T=f32, num_split=4)
            g.const(p + "forget_bias", np.array(1, f32), control=[pivot])
            g.node(p + "add", "AddV2", [p + "split:2", p + "forget_bias"], T=f32)
            g.node(p + "Sigmoid", "Sigmoid", [p + "add"], T=f32)
            g.node(p + "mul", "Mul", [c, p + "Sigmoid"], T=f32)
            g.node(p + "Sigmoid_1", "Sigmoid", [p + "split"], T=f32)
            g.node(p + "Tanh", "Tanh", [p + "split:1"], T=f32)
            g.node(p + "mul_1", "Mul", [p + "Sigmoid_1", p + "Tanh"], T=f32)
            g.node(p + "add_1", "AddV2", [p + "mul", p + "mul_1"], T=f32)
            g.node(p + "Tanh_1", "Tanh", [p + "add_1"], T=f32)
            g.node(p + "Sigmoid_2", "Sigmoid", [p + "split:3"], T=f32)
            g.node(p + "mul_2", "Mul", [p + "Tanh_1", p + "Sigmoid_2"], T=f32)
            return p + "mul_2", [p + "add_1", p + "mul_2"]

        cell.weights = ["kernel", "bias"]
        outputs, (c_final, h_final) = _dynamic_rnn(g, "x", steps, batch, hidden,
                                                   ["zeros", "zeros"], cell)
        g.node("outputs", "Identity", [outputs], T=f32)
        g.node("final_c", "Identity", [c_final], T=f32)
        g.node("final_h", "Identity", [h_final], T=f32)
        c = np.zeros((batch, hidden))
        h = np.zeros((batch, hidden))
        outs = []
        for t in range(steps):
            z = np.concatenate([x[:, t].astype(np.float64), h], 1) @ kernel + bias
            i, j, f, o = np.split(z, 4, axis=1)
            c = c * _sigmoid(f + 1) + _sigmoid(i) * np.tanh(j)
            h = np.tanh(c) * _sigmoid(o)
            outs.append(h)
        return g, {"x": x}, {"outputs": np.stack(outs, 1).astype(f32),
                             "final_c": c.astype(f32), "final_h": h.astype(f32)}


def _gru_case(steps):
    @case("rnn/gru_dynamic_%d_steps" % steps)
    def build(rng):
        """GRUCell in dynamic_rnn over `steps` steps, batch 1."""
        batch, n_in, hidden = 1, 4, 6
        g = Graph()
        x = rand(rng, (batch, steps, n_in))
        wg = rand(rng, (n_in + hidden, 2 * hidden), lo=-0.5, hi=0.5)
        bg = rand(rng, (2 * hidden,), lo=-0.5, hi=0.5)
        wc = rand(rng, (n_in + hidden, hidden), lo=-0.5, hi=0.5)
        bc = rand(rng, (hidden,), lo=-0.5, hi=0.5)
        g.placeholder("x", x)
        for name, a in [("gates/kernel", wg), ("gates/bias", bg), ("candidate/kernel", wc),
                        ("candidate/bias", bc)]:
            g.const(name, a)
        g.const("zeros", np.zeros((batch, hidden), f32))

        def cell(g, x_t, states, w, pivot):
            (h,) = states
            p = "rnn/while/gru_cell/"
            g.const(p + "axis", np.array(1, i32), control=[pivot])
            g.node(p + "concat", "ConcatV2", [x_t, h, p + "axis"], T=f32, N=2, Tidx=i32)
            g.node(p + "MatMul", "MatMul", [p + "concat", w[0]], T=f32, transpose_a=False,
                   transpose_b=False)
            g.node(p + "BiasAdd", "BiasAdd", [p + "MatMul", w[1]], T=f32, data_format="NHWC")
            g.node(p + "Sigmoid", "Sigmoid", [p + "BiasAdd"], T=f32)
            g.node(p + "split", "Split", [p + "axis", p + "Sigmoid"], T=f32, num_split=2)
            g.node(p + "mul", "Mul", [p + "split", h], T=f32)
            g.node(p + "concat_1", "ConcatV2", [x_t, p + "mul", p + "axis"], T=f32, N=2, Tidx=i32)
            g.node(p + "MatMul_1", "MatMul", [p + "concat_1", w[2]], T=f32, transpose_a=False,
                   transpose_b=False)
            g.node(p + "BiasAdd_1", "BiasAdd", [p + "MatMul_1", w[3]], T=f32, data_format="NHWC")
            g.node(p + "Tanh", "Tanh", [p + "BiasAdd_1"], T=f32)
            g.node(p + "mul_1", "Mul", [p + "split:1", h], T=f32)
            g.const(p + "one", np.array(1, f32), control=[pivot])
            g.node(p + "sub", "Sub", [p + "one", p + "split:1"], T=f32)
            g.node(p + "mul_2", "Mul", [p + "sub", p + "Tanh"], T=f32)
            g.node(p + "add", "AddV2", [p + "mul_1", p + "mul_2"], T=f32)
            return p + "add", [p + "add"]

        cell.weights = ["gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias"]
        outputs, (h_final,) = _dynamic_rnn(g, "x", steps, batch, hidden, ["zeros"], cell)
        g.node("outputs", "Identity", [outputs], T=f32)
        g.node("final_h", "Identity", [h_final], T=f32)
        h = np.zeros((batch, hidden))
        outs = []
        for t in range(steps):
            xt = x[:, t].astype(np.float64)
            r, u = np.split(_sigmoid(np.concatenate([xt, h], 1) @ wg + bg), 2, axis=1)
            cand = np.tanh(np.concatenate([xt, r * h], 1) @ wc + bc)
            h = u * h + (1 - u) * cand
            outs.append(h)
        return g, {"x": x}, {"outputs": np.stack(outs, 1).astype(f32), "final_h": h.astype(f32)}


for _steps in (1, 2, 49):
    _lstm_case(_steps)
    _gru_case(_steps)
