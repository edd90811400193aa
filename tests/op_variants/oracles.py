"""numpy oracles shared by the op-variant cases: convolutions, pooling, layouts."""
import numpy as np


# ---- numpy oracles ------------------------------------------------------------------

def same_pads(n, k, s, d=1):
    """TensorFlow's SAME padding: (output size, padding before, padding after)."""
    eff = (k - 1) * d + 1
    out = -(-n // s)
    total = max((out - 1) * s + eff - n, 0)
    return out, total // 2, total - total // 2


def window_pads(padding, in_sp, k_sp, s_sp, d_sp, explicit=None):
    pads, outs = [], []
    for i, (n, k, s, d) in enumerate(zip(in_sp, k_sp, s_sp, d_sp)):
        eff = (k - 1) * d + 1
        if padding == "SAME":
            o, b, a = same_pads(n, k, s, d)
        elif padding == "VALID":
            o, b, a = (n - eff) // s + 1, 0, 0
        else:
            b, a = explicit[i]
            o = (n + b + a - eff) // s + 1
        pads.append((b, a))
        outs.append(o)
    return outs, pads


def conv_nd(x, w, strides, dilations, padding, groups=1, explicit=None):
    """Channels-last convolution: x [N, *sp, C], w [*k, C/groups, O]."""
    sp = x.ndim - 2
    k_sp = w.shape[:sp]
    outs, pads = window_pads(padding, x.shape[1:-1], k_sp, strides, dilations, explicit)
    xp = np.pad(x.astype(np.float64), [(0, 0)] + [(b, a + s * k) for (b, a), s, k
                                                  in zip(pads, strides, k_sp)] + [(0, 0)])
    cin, cout = w.shape[-2], w.shape[-1]
    out = np.zeros((x.shape[0],) + tuple(outs) + (cout,))
    og = cout // groups
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki * d, ki * d + (o - 1) * s + 1, s)
                   for ki, d, o, s in zip(kidx, dilations, outs, strides))
        patch = xp[(slice(None),) + sl]
        wk = w[kidx].astype(np.float64)
        for g in range(groups):
            out[..., g * og:(g + 1) * og] += patch[..., g * cin:(g + 1) * cin] @ wk[:, g * og:(g + 1) * og]
    return out


def depthwise(x, w, strides, dilations, padding, explicit=None):
    """x [N,H,W,C], w [kh,kw,C,M] -> out channel c*M+m."""
    kh, kw, c, m = w.shape
    wg = np.zeros((kh, kw, 1, c * m))
    for ci in range(c):
        wg[:, :, 0, ci * m:(ci + 1) * m] = w[:, :, ci, :]
    return conv_nd(x, wg, strides, dilations, padding, groups=c, explicit=explicit)


def conv_transpose_nd(dy, w, in_sizes, strides, dilations, padding, explicit=None):
    """Gradient of channels-last conv_nd w.r.t. x of shape in_sizes; w [*k, C, O]."""
    sp = dy.ndim - 2
    k_sp = w.shape[:sp]
    outs, pads = window_pads(padding, in_sizes[1:-1], k_sp, strides, dilations, explicit)
    assert list(dy.shape[1:-1]) == outs, (dy.shape, outs)
    big = [in_sizes[0]] + [n + b + (k - 1) * d + s + 1 for n, (b, a), k, d, s in
                           zip(in_sizes[1:-1], pads, k_sp, dilations, strides)] + [in_sizes[-1]]
    dxp = np.zeros(big)
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki * d, ki * d + (o - 1) * s + 1, s)
                   for ki, d, o, s in zip(kidx, dilations, outs, strides))
        dxp[(slice(None),) + sl] += dy.astype(np.float64) @ w[kidx].astype(np.float64).T
    crop = tuple(slice(b, b + n) for (b, a), n in zip(pads, in_sizes[1:-1]))
    return dxp[(slice(None),) + crop]


def pool_nd(x, k_sp, s_sp, padding, kind):
    """Channels-last pooling; average pooling divides by the in-bounds count (TensorFlow)."""
    outs, pads = window_pads(padding, x.shape[1:-1], k_sp, s_sp, [1] * len(k_sp))
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x.astype(np.float64), [(0, 0)] + [(b, a + k) for (b, a), k in zip(pads, k_sp)]
                + [(0, 0)], constant_values=fill)
    ones = np.pad(np.ones(x.shape[1:-1]), [(b, a + k) for (b, a), k in zip(pads, k_sp)])
    res = np.full((x.shape[0],) + tuple(outs) + (x.shape[-1],), fill)
    cnt = np.zeros(tuple(outs))
    for kidx in np.ndindex(*k_sp):
        sl = tuple(slice(ki, ki + (o - 1) * s + 1, s) for ki, o, s in zip(kidx, outs, s_sp))
        patch = xp[(slice(None),) + sl]
        if kind == "max":
            res = np.maximum(res, patch)
        else:
            res = res + patch
            cnt = cnt + ones[sl]
    if kind == "avg":
        res = res / cnt[None, ..., None]
    return res


def to_first(a):   # NHWC-like -> NCHW-like
    return np.moveaxis(a, -1, 1)


def to_last(a):
    return np.moveaxis(a, 1, -1)
