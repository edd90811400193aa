"""Op-variant cases: image resizing (tensorflow/core/kernels/image/resize_*_op.cc)."""
import numpy as np
from graphdef import Graph, case, rand


# ---- image resizing (tensorflow/core/kernels/image/resize_*_op.cc) ----------------

def _scale(n_in, n_out, align):
    return np.float32((n_in - 1) / (n_out - 1) if align and n_out > 1 else n_in / n_out)


def _bilinear_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    o = np.arange(n_out, dtype=np.float32)
    src = (o + np.float32(0.5)) * sc - np.float32(0.5) if half else o * sc
    lo_f = np.floor(src)
    lo = np.maximum(lo_f, 0).astype(np.int64)
    hi = np.minimum(np.ceil(src), n_in - 1).astype(np.int64)
    return lo, hi, (src - lo_f).astype(np.float64)


def resize_bilinear(x, oh, ow, align, half):
    y0, y1, fy = _bilinear_axis(x.shape[1], oh, align, half)
    x0, x1, fx = _bilinear_axis(x.shape[2], ow, align, half)
    a = x.astype(np.float64)
    top = a[:, y0][:, :, x0] + (a[:, y0][:, :, x1] - a[:, y0][:, :, x0]) * fx[None, None, :, None]
    bot = a[:, y1][:, :, x0] + (a[:, y1][:, :, x1] - a[:, y1][:, :, x0]) * fx[None, None, :, None]
    return (top + (bot - top) * fy[None, :, None, None]).astype(np.float32)


def _nearest_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    o = np.arange(n_out, dtype=np.float32)
    src = (o + np.float32(0.5)) * sc if half else o * sc
    # roundf rounds halves away from zero; all values here are >= 0.
    idx = np.floor(src + np.float32(0.5)) if align else np.floor(src)
    idx = np.minimum(idx.astype(np.int64), n_in - 1)
    return np.maximum(idx, 0)


def resize_nearest(x, oh, ow, align, half):
    return x[:, _nearest_axis(x.shape[1], oh, align, half)][:, :, _nearest_axis(x.shape[2], ow, align, half)]


def _cubic_table(a):
    t = np.arange(1025, dtype=np.float64) / 1024
    t = t.astype(np.float32).astype(np.float64)
    w0 = ((a + 2) * t - (a + 3)) * t * t + 1
    t1 = t + 1
    w1 = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a
    return np.float32(w0), np.float32(w1)


def _bicubic_axis(n_in, n_out, align, half):
    sc = _scale(n_in, n_out, align)
    keys = half  # half_pixel_centers selects Keys' cubic (a = -0.5), else a = -0.75
    t0, t1 = _cubic_table(-0.5 if keys else -0.75)
    idx, wts = [], []
    for o in range(n_out):
        src = (np.float32(o) + np.float32(0.5)) * sc - np.float32(0.5) if half else np.float32(o) * sc
        base = int(np.floor(src))
        delta = np.float32(src - np.float32(base))
        off = int(np.rint(delta * np.float32(1024)))
        w = [t1[off], t0[off], t0[1024 - off], t1[1024 - off]]
        ii = [min(max(base - 1 + j, 0), n_in - 1) for j in range(4)]
        if keys:
            w = [w[j] if ii[j] == base - 1 + j else 0.0 for j in range(4)]
            s = sum(w)
            w = [v / s for v in w]
        idx.append(ii)
        wts.append(w)
    return np.array(idx), np.array(wts, np.float64)


def resize_bicubic(x, oh, ow, align, half):
    iy, wy = _bicubic_axis(x.shape[1], oh, align, half)
    ix, wx = _bicubic_axis(x.shape[2], ow, align, half)
    a = x.astype(np.float64)
    rows = np.einsum("nyjwc,yj->nywc", a[:, iy], wy)
    return np.einsum("nyxjc,xj->nyxc", rows[:, :, ix], wx).astype(np.float32)


def resize_area(x, oh, ow, align):
    """ResizeArea: each output pixel averages the input area it covers."""
    n, h, w, c = x.shape
    hs, ws = _scale(h, oh, align), _scale(w, ow, align)
    a = x.astype(np.float64)

    def spans(n_in, n_out, sc):
        res = []
        for o in range(n_out):
            y0 = np.float32(o) * sc
            y1 = y0 + sc
            parts = []
            for i in range(int(np.floor(y0)), int(np.ceil(y1))):
                lo, hi = max(float(y0), i), min(float(y1), i + 1)
                if hi > lo:
                    parts.append((min(i, n_in - 1), hi - lo))
            res.append(parts)
        return res
    out = np.zeros((n, oh, ow, c))
    for oy, py in enumerate(spans(h, oh, hs)):
        for ox, px in enumerate(spans(w, ow, ws)):
            acc = 0
            for iy, wy in py:
                for ix, wx in px:
                    acc = acc + a[:, iy, ix] * wy * wx
            out[:, oy, ox] = acc / (float(hs) * float(ws))
    return out.astype(np.float32)


def _resize_case(name, op, shape, size, align=False, half=False, dtype=np.float32):
    @case(name)
    def build(rng):
        g = Graph()
        x = rand(rng, shape, dtype, lo=-8, hi=8) if np.dtype(dtype).kind == "i" else rand(rng, shape, dtype)
        g.placeholder("input", x)
        g.const("size", np.array(size, np.int32))
        attrs = dict(T=np.dtype(dtype).type, align_corners=align)
        if op != "ResizeArea":
            attrs["half_pixel_centers"] = half
        g.node("output", op, ["input", "size"], **attrs)
        if op == "ResizeBilinear":
            y = resize_bilinear(x, size[0], size[1], align, half)
        elif op == "ResizeNearestNeighbor":
            y = resize_nearest(x, size[0], size[1], align, half)
        elif op == "ResizeBicubic":
            y = resize_bicubic(x, size[0], size[1], align, half)
        else:
            y = resize_area(x, size[0], size[1], align)
        return g, {"input": x}, {"output": y}


for _op, _fam in [("ResizeBilinear", "resize_bilinear"), ("ResizeNearestNeighbor", "resize_nearest_neighbor"),
                  ("ResizeBicubic", "resize_bicubic")]:
    _resize_case(_fam + "/align_corners", _op, (1, 4, 5, 2), (7, 9), align=True)
    _resize_case(_fam + "/half_pixel_centers", _op, (2, 4, 5, 1), (7, 3), half=True)
    _resize_case(_fam + "/downscale", _op, (1, 8, 6, 2), (3, 4))
    _resize_case(_fam + "/downscale_half_pixel", _op, (1, 8, 6, 2), (3, 4), half=True)
_resize_case("resize_bilinear/int32_align_corners", "ResizeBilinear", (1, 3, 4, 2), (5, 7), align=True,
             dtype=np.int32)
_resize_case("resize_nearest_neighbor/int32_half_pixel", "ResizeNearestNeighbor", (1, 3, 4, 2), (5, 7),
             half=True, dtype=np.int32)
_resize_case("resize_bicubic/float64_half_pixel", "ResizeBicubic", (1, 4, 4, 1), (6, 5), half=True,
             dtype=np.float64)
_resize_case("resize_area/align_corners", "ResizeArea", (1, 5, 7, 2), (3, 4), align=True)
_resize_case("resize_area/upscale", "ResizeArea", (1, 3, 4, 1), (5, 6))
_resize_case("resize_area/downscale", "ResizeArea", (2, 6, 6, 2), (4, 3))
