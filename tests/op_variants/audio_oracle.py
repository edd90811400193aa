"""numpy oracles for TensorFlow's audio front-end ops, written from their
documented algorithm (tensorflow/core/ops/audio_ops.cc and the kernels
spectrogram.cc, mfcc*.cc), not from tfaot's code: numpy's own FFT
(pocketfft) and the mel filterbank as a dense matrix of triangles.

Shared by the op-variant cases (cases_audio.py) and the keyword-spotting
tests (tests/kws).
"""
import numpy as np


def spectrogram(x, window_size, stride, magnitude_squared):
    """AudioSpectrogram of x [samples, channels] float32 -> [channels, frames, bins]."""
    x = np.asarray(x, np.float32)
    samples, channels = x.shape
    fft = 1
    while fft < window_size:
        fft *= 2
    frames = 0 if samples < window_size else 1 + (samples - window_size) // stride
    # Periodic Hann window, in double.
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(window_size) / window_size)
    out = np.zeros((channels, frames, fft // 2 + 1), np.float32)
    for c in range(channels):
        if frames == 0:
            continue
        starts = np.arange(frames) * stride
        idx = starts[:, None] + np.arange(window_size)[None, :]
        spectrum = np.fft.rfft(x[idx, c].astype(np.float64) * hann, n=fft, axis=1)
        power = (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)
        out[c] = power if magnitude_squared else np.sqrt(power)
    return out


def _mel(f):
    return 1127.0 * np.log1p(np.asarray(f, np.float64) / 700.0)


def mel_matrix(bins, sample_rate, channels, lower, upper):
    """[channels, bins]: each bin's share of each mel channel's triangle.

    Channel c's triangle rises from center c-1 to center c and falls to
    center c+1 (centers evenly spaced in mel, the first above mel(lower));
    bins outside [int(1.5 + lower / hz_per_bin), int(upper / hz_per_bin)]
    (DC excluded, as HTK does) contribute nothing.
    """
    lower, upper = float(np.float32(lower)), float(np.float32(upper))  # float attributes
    mel_low, mel_high = _mel(lower), _mel(upper)
    centers = mel_low + (mel_high - mel_low) / (channels + 1) * (np.arange(channels + 1) + 1)
    hz_per_bin = 0.5 * sample_rate / (bins - 1)
    start, end = int(1.5 + lower / hz_per_bin), int(upper / hz_per_bin)
    m = np.zeros((channels, bins))
    for i in range(start, end + 1):
        mel = _mel(i * hz_per_bin)
        right = int(np.searchsorted(centers[:channels], mel, side="left")) - 1  # falling side
        left_edge = centers[right] if right >= 0 else mel_low
        w = (centers[right + 1] - mel) / (centers[right + 1] - left_edge)
        if right >= 0:
            m[right, i] += w
        if right + 1 < channels:
            m[right + 1, i] += 1 - w
    return m


def mfcc(spec, sample_rate, lower=20.0, upper=4000.0, channels=40, coefficients=13):
    """Mfcc of spec [channels, frames, bins] (squared magnitudes) -> [.., .., coefficients]."""
    spec = np.asarray(spec, np.float32)
    bins = spec.shape[2]
    energy = np.sqrt(spec.astype(np.float64)) @ mel_matrix(bins, sample_rate, channels,
                                                           lower, upper).T
    logs = np.log(np.maximum(energy, 1e-12))
    j = np.arange(channels)
    dct = np.sqrt(2.0 / channels) * np.cos(np.pi / channels * np.outer(np.arange(coefficients),
                                                                       j + 0.5))
    return (logs @ dct.T).astype(np.float32)
