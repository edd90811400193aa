#!/usr/bin/python3
"""numpy oracle for ARM's keyword-spotting models (ML-KWS-for-MCU, models.py):
the audio front-end of tests/op_variants/audio_oracle.py, then a numpy port
of each network, written from the architecture (not from the graph's op
list), with the weights read from the frozen .pb by graphdef_reader.py. All
arithmetic in float64. Nothing here uses tfaot.

Labels: _silence_, _unknown_, yes, no, up, down, left, right, on, off, stop, go.

  kws_oracle.py clips OUT_DIR                 writes the test clips (clip_<name>.npy,
                                              float32 [16000, 1] = int16 / 32768, as
                                              DecodeWav outputs them) and rate.npy
  kws_oracle.py check MODEL.pb CLIP.npy MFCC.npy PROBS.npy
                                              compares tfaot's Mfcc and labels_softmax
                                              with the oracle's; exit 1 if they differ
  kws_oracle.py header OUT.h MODEL.pb ...     a C header with the clips and, per model,
                                              the oracle's MFCCs and probabilities
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "op_variants"))
import audio_oracle  # noqa: E402
import graphdef_reader  # noqa: E402

RATE = 16000
LABELS = ["_silence_", "_unknown_", "yes", "no", "up", "down", "left", "right", "on", "off",
          "stop", "go"]
# Mfcc/probability tolerances: float32 results against float64 arithmetic.
MFCC_TOLERANCE = (1e-4, 1e-4)    # abs, rel
PROBS_TOLERANCE = (2e-5, 1e-3)


# ---- test audio: deterministic synthetic clips ---------------------------------------

def _envelope(t, start, end):
    """A raised-cosine window over [start, end] seconds."""
    e = np.zeros_like(t)
    inside = (t >= start) & (t <= end)
    e[inside] = 0.5 - 0.5 * np.cos(2 * np.pi * (t[inside] - start) / (end - start))
    return e


def clips():
    """name -> float32 [16000, 1], quantized to 16 bits as a WAV file holds it."""
    t = np.arange(RATE) / RATE
    rng = np.random.RandomState(1234)
    out = {}
    out["quiet"] = 0.002 * rng.randn(RATE)
    sweep = np.sin(2 * np.pi * (200 * t + 900 * t * t))  # 200 Hz -> 2 kHz
    out["sweep"] = 0.3 * sweep * _envelope(t, 0.1, 0.9) + 0.003 * rng.randn(RATE)
    # A vowel-like sound: 120 Hz harmonics shaped by formants at 700 and 1200 Hz.
    vowel = np.zeros(RATE)
    for k in range(1, 30):
        f = 120 * k
        gain = np.exp(-((f - 700) / 150) ** 2) + 0.6 * np.exp(-((f - 1200) / 200) ** 2) + 0.02
        vowel += gain * np.sin(2 * np.pi * f * t + 0.3 * k)
    out["vowel"] = 0.25 * vowel / np.abs(vowel).max() * _envelope(t, 0.25, 0.75)
    out["noise_burst"] = 0.2 * rng.randn(RATE) * _envelope(t, 0.3, 0.6)
    return {name: (np.clip(np.round(x * 32767), -32768, 32767) / 32768).astype(np.float32)
            .reshape(RATE, 1) for name, x in sorted(out.items())}


# ---- network pieces, float64 ---------------------------------------------------------

def _same_pads(size, k, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


def conv2d(x, w, strides, padding, depthwise=False):
    """NHWC x [1,H,W,C], w [kh,kw,C,out] (depthwise: [kh,kw,C,1])."""
    kh, kw = w.shape[:2]
    sh, sw = strides
    if padding == "SAME":
        (t, b), (l, r) = _same_pads(x.shape[1], kh, sh), _same_pads(x.shape[2], kw, sw)
        x = np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)))
    oh = (x.shape[1] - kh) // sh + 1
    ow = (x.shape[2] - kw) // sw + 1
    out = np.zeros((1, oh, ow, x.shape[3] if depthwise else w.shape[3]))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + sh * (oh - 1) + 1:sh, j:j + sw * (ow - 1) + 1:sw, :]
            out += patch * w[i, j, :, 0] if depthwise else patch @ w[i, j]
    return out


def batch_norm(x, gamma, beta, mean, variance, epsilon=0.001):
    return (x - mean) / np.sqrt(variance + epsilon) * gamma + beta


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class Weights:
    """The frozen graph's Const values by variable name, as float64."""

    def __init__(self, path):
        self.nodes = graphdef_reader.read_graph(path)

    def __getitem__(self, name):
        node = self.nodes[name]
        assert node.op == "Const", name
        return node.attr["value"].astype(np.float64)

    def attr(self, node, key):
        return self.nodes[node].attr[key]


# ---- the networks (ARM ML-KWS models.py), input: MFCCs [frames, 10] ------------------

def dnn(w, mfcc):
    x = mfcc.reshape(1, -1)
    for layer in ("fc1", "fc2", "fc3"):
        x = relu(x @ w[layer + "/W"] + w[layer + "/b"])
    return x @ w["final_fc"] + w["Variable"]


def cnn(w, mfcc):
    x = mfcc.reshape(1, mfcc.shape[0], mfcc.shape[1], 1)
    x = conv2d(x, w["Variable"], (1, 1), "VALID") + w["Variable_1"]
    x = relu(batch_norm(x, *(w["bn1/" + v] for v in ("gamma", "beta", "moving_mean", "moving_variance"))))
    x = conv2d(x, w["Variable_2"], (2, 1), "VALID") + w["Variable_3"]
    x = relu(batch_norm(x, *(w["bn2/" + v] for v in ("gamma", "beta", "moving_mean", "moving_variance"))))
    x = x.reshape(1, -1) @ w["W"] + w["b"]  # linear bottleneck
    x = x @ w["Variable_4"] + w["Variable_5"]
    x = relu(batch_norm(x, *(w["bn3/" + v] for v in ("gamma", "beta", "moving_mean", "moving_variance"))))
    return x @ w["Variable_6"] + w["Variable_7"]


def ds_cnn(w, mfcc):
    def bn(x, scope):  # slim batch_norm without scale: gamma is its constant ones
        return batch_norm(x, w[scope + "/Const"], w[scope + "/beta"], w[scope + "/moving_mean"],
                          w[scope + "/moving_variance"])

    x = mfcc.reshape(1, mfcc.shape[0], mfcc.shape[1], 1)
    net = "MobileNet/"
    x = conv2d(x, w[net + "conv_1/weights"], (2, 2), "SAME") + w[net + "conv_1/biases"]
    x = relu(bn(x, net + "conv_1/batch_norm"))
    for layer in range(1, 5):
        scope = net + "conv_ds_%d/" % layer
        x = conv2d(x, w[scope + "depthwise_conv/depthwise_weights"], (1, 1), "SAME",
                   depthwise=True) + w[scope + "depthwise_conv/biases"]
        x = relu(bn(x, scope + "dw_batch_norm"))
        x = conv2d(x, w[scope + "pointwise_conv/weights"], (1, 1), "SAME") + \
            w[scope + "pointwise_conv/biases"]
        x = relu(bn(x, scope + "pw_batch_norm"))
    x = x.mean(axis=(1, 2))  # average pool over the whole 25 x 5 map
    return x @ w[net + "fc1/weights"] + w[net + "fc1/biases"]


def lstm(w, mfcc):
    """LSTMCell with peepholes and a projection; forget bias 1."""
    cell = "lstm/rnn/lstm_cell/"
    kernel, bias = w[cell + "kernel"], w[cell + "bias"]
    projection = w[cell + "projection/kernel"]
    units = kernel.shape[1] // 4
    c, h = np.zeros((1, units)), np.zeros((1, projection.shape[1]))
    for x in mfcc:
        i, j, f, o = np.split(np.concatenate([x[None, :], h], axis=1) @ kernel + bias, 4, axis=1)
        c = sigmoid(f + 1.0 + w[cell + "w_f_diag"] * c) * c + \
            sigmoid(i + w[cell + "w_i_diag"] * c) * np.tanh(j)
        h = (sigmoid(o + w[cell + "w_o_diag"] * c) * np.tanh(c)) @ projection
    return h @ w["W_o"] + w["b_o"]


def basic_lstm(w, mfcc):
    """BasicLSTMCell; forget bias 1."""
    cell = "lstm/rnn/basic_lstm_cell/"
    kernel, bias = w[cell + "kernel"], w[cell + "bias"]
    units = kernel.shape[1] // 4
    c, h = np.zeros((1, units)), np.zeros((1, units))
    for x in mfcc:
        i, j, f, o = np.split(np.concatenate([x[None, :], h], axis=1) @ kernel + bias, 4, axis=1)
        c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * sigmoid(o)
    return h @ w["W_o"] + w["b_o"]


def gru_step(w, cell, x, h):
    """GRUCell: r, u = sigmoid([x, h] W + b); c = tanh([x, r h] W_c + b_c)."""
    r, u = np.split(sigmoid(np.concatenate([x, h], axis=1) @ w[cell + "gates/kernel"] +
                            w[cell + "gates/bias"]), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], axis=1) @ w[cell + "candidate/kernel"] +
                w[cell + "candidate/bias"])
    return u * h + (1 - u) * c


def gru(w, mfcc):
    cell = "rnn/multi_rnn_cell/cell_0/gru_cell/"
    h = np.zeros((1, w[cell + "candidate/bias"].shape[0]))
    for x in mfcc:
        h = gru_step(w, cell, x[None, :], h)
    return h @ w["W_o"] + w["b_o"]


def crnn(w, mfcc):
    x = mfcc.reshape(1, mfcc.shape[0], mfcc.shape[1], 1)
    x = relu(conv2d(x, w["W"], (2, 2), "VALID") + w["Variable"])
    steps = x.reshape(x.shape[1], -1)  # time-major sequence of [freq * channels]
    cells = ["rnn/multi_rnn_cell/cell_%d/gru_cell/" % i for i in range(2)]
    hs = [np.zeros((1, w[c + "candidate/bias"].shape[0])) for c in cells]
    for x in steps:
        inp = x[None, :]
        for k, c in enumerate(cells):
            hs[k] = gru_step(w, c, inp, hs[k])
            inp = hs[k]
    x = relu(hs[-1] @ w["fcw"] + w["Variable_1"])
    return x @ w["Variable_2"] + w["Variable_3"]


NETWORKS = {"DNN": dnn, "CNN": cnn, "DS_CNN": ds_cnn, "LSTM": lstm, "Basic_LSTM": basic_lstm,
            "GRU": gru, "CRNN": crnn}


def network_of(path):
    name = os.path.basename(path)
    name = name[:-len("_S.pb")] if name.endswith("_S.pb") else os.path.splitext(name)[0]
    return NETWORKS[name]


def frontend(w, audio):
    """The graph's own front-end settings, computed by the numpy oracle."""
    spec_attr = lambda key: w.attr("AudioSpectrogram", key)  # noqa: E731
    mfcc_attr = lambda key: w.attr("Mfcc", key)  # noqa: E731
    spec = audio_oracle.spectrogram(audio, spec_attr("window_size"), spec_attr("stride"),
                                    spec_attr("magnitude_squared"))
    return audio_oracle.mfcc(spec, RATE, mfcc_attr("lower_frequency_limit"),
                             mfcc_attr("upper_frequency_limit"),
                             mfcc_attr("filterbank_channel_count"),
                             mfcc_attr("dct_coefficient_count"))


def predict(path, audio):
    """(mfcc [1, frames, 10] float32, probabilities [1, 12] float64)."""
    w = Weights(path)
    mfcc = frontend(w, audio)
    return mfcc, softmax(network_of(path)(w, mfcc[0].astype(np.float64)))


# ---- commands -----------------------------------------------------------------------

def close(got, want, tolerance):
    atol, rtol = tolerance
    err = np.abs(got.astype(np.float64) - want)
    return got.shape == want.shape and bool(np.all(err <= atol + rtol * np.abs(want))), \
        float(err.max()) if err.size else 0.0


def check(model, clip, mfcc_file, probs_file):
    mfcc, probs = predict(model, np.load(clip))
    ok_m, err_m = close(np.load(mfcc_file), mfcc, MFCC_TOLERANCE)
    ok_p, err_p = close(np.load(probs_file), probs, PROBS_TOLERANCE)
    top = LABELS[int(np.argmax(probs))]
    print("%s %s: mfcc max abs error %.3g, probabilities max abs error %.3g (oracle: %s %.3f)%s"
          % (os.path.basename(model), os.path.basename(clip), err_m, err_p, top, probs.max(),
             "" if ok_m and ok_p else "  MISMATCH"))
    return 0 if ok_m and ok_p else 1


def c_array(name, a):
    flat = np.asarray(a, np.float32).reshape(-1)
    return "static const float %s[%d] = {%s};\n" % (
        name, flat.size, ", ".join(float(v).hex() + "f" for v in flat))


def header(out, models):
    cs = clips()
    with open(out, "w") as f:
        f.write("// Generated by kws_oracle.py (numpy). Do not edit.\n")
        f.write("static const int kNumClips = %d;\n" % len(cs))
        f.write("static const char* const kClipNames[] = {%s};\n"
                % ", ".join('"%s"' % n for n in cs))
        for i, (name, audio) in enumerate(cs.items()):
            f.write(c_array("kClip%d" % i, audio))
        f.write("static const float* const kClips[] = {%s};\n"
                % ", ".join("kClip%d" % i for i in range(len(cs))))
        for model in models:
            tag = os.path.splitext(os.path.basename(model))[0]
            mfccs, probs = zip(*(predict(model, audio) for audio in cs.values()))
            f.write(c_array("k%s_Mfcc" % tag, np.stack(mfccs)))
            f.write(c_array("k%s_Probs" % tag, np.stack(probs)))


def main(argv):
    if len(argv) == 3 and argv[1] == "clips":
        os.makedirs(argv[2], exist_ok=True)
        for name, audio in clips().items():
            np.save(os.path.join(argv[2], "clip_%s.npy" % name), audio)
        np.save(os.path.join(argv[2], "rate.npy"), np.array(RATE, np.int32))
        return 0
    if len(argv) == 6 and argv[1] == "check":
        return check(*argv[2:])
    if len(argv) >= 4 and argv[1] == "header":
        header(argv[2], argv[3:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
