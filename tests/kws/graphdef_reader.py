"""A small reader for binary TensorFlow GraphDefs, written from the protobuf
wire format (varints, length-delimited fields) and the field numbers of
tensorflow/core/framework/{graph,node_def,attr_value,tensor,tensor_shape}.proto.

It exists so the numpy oracles can read a model's weights without TensorFlow
or python3-protobuf (which Debian's numpy does not pull in): ~100 lines
against a new dependency. Reads what frozen inference graphs use: node names,
ops, inputs, and int/float/bool/string/type/shape/tensor/list attributes.

    nodes = read_graph("model.pb")        # name -> Node
    w = nodes["Variable"].attr["value"]   # numpy array (a Const's value)
"""
import struct

import numpy as np

# tensorflow/core/framework/types.proto
_DTYPES = {1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 5: np.int16, 6: np.int8,
           9: np.int64, 10: np.bool_, 17: np.uint16, 19: np.float16, 22: np.uint32,
           23: np.uint64}


def _varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def _fields(buf):
    """Yields (field number, wire type, value) of one message."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _packed_varints(value, wire):
    if wire == 0:
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(v)
    return out


def _packed_floats(value, wire, fmt, size):
    if wire != 2:
        return list(struct.unpack("<" + fmt, value))
    return list(struct.unpack("<%d%s" % (len(value) // size, fmt), value))


def _shape(buf):
    dims = []
    for number, _, value in _fields(buf):
        if number == 2:
            size = 0
            for n, _, v in _fields(value):
                if n == 1:
                    size = _signed(v)
            dims.append(size)
    return tuple(dims)


def _tensor(buf):
    dtype, shape, content = None, (), None
    values = []
    for number, wire, value in _fields(buf):
        if number == 1:
            dtype = _DTYPES[value]
        elif number == 2:
            shape = _shape(value)
        elif number == 4:
            content = value
        elif number == 5:
            values += _packed_floats(value, wire, "f", 4)
        elif number == 6:
            values += _packed_floats(value, wire, "d", 8)
        elif number in (7, 10, 11, 13):  # int_val, int64_val, bool_val, half_val
            values += [_signed(v) for v in _packed_varints(value, wire)]
    n = int(np.prod(shape)) if shape else 1
    if content is not None:
        return np.frombuffer(content, dtype=dtype).reshape(shape).copy()
    if dtype == np.float16:
        values = np.array(values, np.uint16).view(np.float16)
    a = np.array(values, dtype=dtype)
    if a.size < n:  # TensorFlow repeats the last value
        a = np.concatenate([a, np.full(n - a.size, a[-1] if a.size else 0, dtype)])
    return a.reshape(shape)


def _attr(buf):
    for number, wire, value in _fields(buf):
        if number == 1:  # list
            items = []
            for n, w, v in _fields(value):
                if n == 2:
                    items.append(v.decode())
                elif n == 3:
                    items += [_signed(x) for x in _packed_varints(v, w)]
                elif n == 4:
                    items += _packed_floats(v, w, "f", 4)
                elif n == 7:
                    items.append(_shape(v))
            return items
        if number == 2:
            return value.decode(errors="replace")
        if number == 3:
            return _signed(value)
        if number == 4:
            return struct.unpack("<f", value)[0]
        if number == 5:
            return bool(value)
        if number == 6:
            return _DTYPES.get(value, value)
        if number == 7:
            return _shape(value)
        if number == 8:
            return _tensor(value)
    return None


class Node:
    def __init__(self):
        self.name, self.op, self.inputs, self.attr = "", "", [], {}

    def __repr__(self):
        return "Node(%s, %s, %s)" % (self.name, self.op, self.inputs)


def read_graph(path):
    """Node name -> Node, in file order."""
    with open(path, "rb") as f:
        buf = f.read()
    nodes = {}
    for number, _, value in _fields(buf):
        if number != 1:
            continue
        node = Node()
        for n, _, v in _fields(value):
            if n == 1:
                node.name = v.decode()
            elif n == 2:
                node.op = v.decode()
            elif n == 3:
                node.inputs.append(v.decode())
            elif n == 5:
                key, attr = None, None
                for k, _, kv in _fields(v):
                    if k == 1:
                        key = kv.decode()
                    elif k == 2:
                        attr = _attr(kv)
                node.attr[key] = attr
        nodes[node.name] = node
    return nodes
