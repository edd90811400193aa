"""Op-variant cases: the audio front-end, AudioSpectrogram and Mfcc
(tensorflow/core/kernels/spectrogram_op.cc, mfcc_op.cc), against the numpy
oracles of audio_oracle.py. Errors for bad attributes are covered by
compiler/ops/audio/audio_test.cc and tests/errors_test.sh."""
import numpy as np
from graphdef import Graph, case, rand

import audio_oracle


def _audio(rng, samples, channels):
    return rand(rng, (samples, channels), np.float32)


def _spectrogram_case(name, samples, channels, window, stride, squared):
    @case("audio_spectrogram/" + name)
    def build(rng):
        g = Graph()
        x = _audio(rng, samples, channels)
        g.placeholder("input", x)
        g.node("output", "AudioSpectrogram", ["input"], window_size=window, stride=stride,
               magnitude_squared=squared)
        return g, {"input": x}, {"output": audio_oracle.spectrogram(x, window, stride, squared)}


# window sizes: powers of two and not (the FFT pads to the next power of two)
_spectrogram_case("w256_s128_squared", 2000, 1, 256, 128, True)
_spectrogram_case("w640_s320_squared_kws", 4000, 1, 640, 320, True)
_spectrogram_case("w480_s160_magnitude", 2000, 1, 480, 160, False)
_spectrogram_case("w300_s170_2ch_squared", 1500, 2, 300, 170, True)
_spectrogram_case("w1000_s333_2ch_magnitude", 3000, 2, 1000, 333, False)
_spectrogram_case("w3_s2_2ch_magnitude", 41, 2, 3, 2, False)
_spectrogram_case("w2_s1_squared", 17, 1, 2, 1, True)
_spectrogram_case("w5_s7_stride_past_window", 60, 1, 5, 7, True)
_spectrogram_case("w64_s64_no_overlap", 640, 1, 64, 64, True)
_spectrogram_case("shorter_than_window_no_frames", 100, 1, 128, 32, True)


def _mfcc_case(name, frames, channels, bins, rate, lower, upper, filterbank, dct,
               rate_fed=False):
    """Mfcc of a fed spectrogram [channels, frames, bins] (powers >= 0)."""
    @case("mfcc/" + name)
    def build(rng):
        g = Graph()
        spec = rand(rng, (channels, frames, bins), np.float32, lo=0.0, hi=50.0)
        g.placeholder("spectrogram", spec)
        r = np.array(rate, np.int32)
        feeds = {"spectrogram": spec}
        if rate_fed:  # a fed sample rate is compiled as a constant with its value
            g.placeholder("sample_rate", r)
            feeds["sample_rate"] = r
        else:
            g.const("sample_rate", r)
        g.node("output", "Mfcc", ["spectrogram", "sample_rate"],
               lower_frequency_limit=float(lower), upper_frequency_limit=float(upper),
               filterbank_channel_count=filterbank, dct_coefficient_count=dct)
        want = audio_oracle.mfcc(spec, rate, lower, upper, filterbank, dct)
        return g, feeds, {"output": want}


# filterbank channel counts, DCT coefficient counts, sample rates, limits
_mfcc_case("kws_16k_40ch_10dct", 5, 1, 513, 16000, 20, 4000, 40, 10)
_mfcc_case("defaults_16k_40ch_13dct", 3, 1, 257, 16000, 20, 4000, 40, 13)
_mfcc_case("8k_20ch_20dct_all", 4, 1, 257, 8000, 0, 3900, 20, 20)
_mfcc_case("22050_64ch_30dct", 3, 1, 1025, 22050, 125, 7600, 64, 30)
_mfcc_case("44100_26ch_12dct_2ch", 2, 2, 1025, 44100, 300, 20000, 26, 12)
_mfcc_case("1ch_1dct", 3, 1, 65, 8000, 0, 4000, 1, 1)
_mfcc_case("limits_not_whole_hz", 3, 1, 513, 16000, 62.5, 3333.3, 32, 16)
_mfcc_case("upper_at_last_bin", 2, 1, 129, 16000, 20, 8000, 10, 5)
_mfcc_case("sample_rate_fed", 3, 1, 257, 16000, 20, 4000, 40, 13, rate_fed=True)


@case("audio_frontend/kws_spectrogram_mfcc")
def _frontend(rng):
    """The keyword-spotting front-end: 1 s at 16 kHz, 40 ms windows every
    20 ms, squared magnitudes, 40 mel channels, 10 coefficients."""
    g = Graph()
    x = _audio(rng, 16000, 1)
    g.placeholder("audio", x)
    g.node("spectrogram", "AudioSpectrogram", ["audio"], window_size=640, stride=320,
           magnitude_squared=True)
    g.const("sample_rate", np.array(16000, np.int32))
    g.node("mfcc", "Mfcc", ["spectrogram", "sample_rate"], lower_frequency_limit=20.0,
           upper_frequency_limit=4000.0, filterbank_channel_count=40, dct_coefficient_count=10)
    spec = audio_oracle.spectrogram(x, 640, 320, True)
    return g, {"audio": x}, {"spectrogram": spec, "mfcc": audio_oracle.mfcc(spec, 16000, 20, 4000,
                                                                             40, 10)}
