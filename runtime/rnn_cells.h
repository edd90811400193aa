// Fused recurrent cells, as TensorFlow's kernels compute them
// (tensorflow/core/kernels/rnn/lstm_ops.cc, gru_ops.cc), on row-major
// float/double arrays:
//   LSTMBlockCell: gates = [x, h_prev] * w + b, split in the order i, ci, f, o
//     i  = sigmoid(gates_i + cs_prev .* wci)          (peephole terms optional)
//     ci = tanh(gates_ci)
//     f  = sigmoid(gates_f + forget_bias + cs_prev .* wcf)
//     cs = clip(i .* ci + f .* cs_prev, cell_clip)      (cell_clip <= 0: no clip)
//     co = tanh(cs)
//     o  = sigmoid(gates_o + cs .* wco)
//     h  = o .* co
//   BlockLSTM: the cell over time steps t < seq_len_max of x [time, batch,
//     input]; outputs of later steps are zero.
//   GRUBlockCell: r, u = sigmoid([x, h_prev] * w_ru + b_ru) (r first)
//     c = tanh([x, h_prev .* r] * w_c + b_c);  h = u .* (h_prev - c) + c
// The gate pre-activations are accumulated in the output buffers, so no
// scratch memory is needed.
#ifndef TFAOT_RUNTIME_RNN_CELLS_H_
#define TFAOT_RUNTIME_RNN_CELLS_H_

#include <algorithm>
#include <cstdint>

#include "runtime/elementwise.h"
#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

namespace rnn_internal {

// out[c] = sum_k xh[k] * w[k][col0 + c] for c < cells, where xh = [x, h]
// (x of `input` elements, h of `hidden`) and w has `width` columns;
// h_scale (optional) multiplies h elementwise first.
template <typename T>
inline void GateRow(const T* x, const T* h, const T* h_scale, const T* w, int64_t input,
                    int64_t hidden, int64_t width, int64_t col0, int64_t cells, T* out) {
  for (int64_t c = 0; c < cells; ++c) out[c] = T(0);
  for (int64_t k = 0; k < input; ++k) {
    const T a = x[k];
    const T* wr = w + k * width + col0;
    for (int64_t c = 0; c < cells; ++c) out[c] += a * wr[c];
  }
  for (int64_t k = 0; k < hidden; ++k) {
    const T a = h_scale ? h[k] * h_scale[k] : h[k];
    const T* wr = w + (input + k) * width + col0;
    for (int64_t c = 0; c < cells; ++c) out[c] += a * wr[c];
  }
}

}  // namespace rnn_internal

// One LSTM step for `batch` rows. x [batch, input]; cs_prev, h_prev and all
// outputs [batch, cell]; w [input + cell, 4 * cell]; wci/wcf/wco [cell];
// b [4 * cell].
template <typename T>
inline void LSTMBlockCell(const T* x, const T* cs_prev, const T* h_prev, const T* w,
                          const T* wci, const T* wcf, const T* wco, const T* b, T* i, T* cs,
                          T* f, T* o, T* ci, T* co, T* h, int64_t batch, int64_t input,
                          int64_t cell, T forget_bias, T cell_clip, bool use_peephole) {
  const int64_t width = 4 * cell;
  for (int64_t n = 0; n < batch; ++n) {
    const T* xr = x + n * input;
    const T* csp = cs_prev + n * cell;
    const T* hp = h_prev + n * cell;
    T* ir = i + n * cell;
    T* csr = cs + n * cell;
    T* fr = f + n * cell;
    T* orow = o + n * cell;
    T* cir = ci + n * cell;
    T* cor = co + n * cell;
    T* hr = h + n * cell;
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w, input, cell, width, 0,
                          cell, ir);
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w, input, cell, width, cell,
                          cell, cir);
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w, input, cell, width,
                          2 * cell, cell, fr);
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w, input, cell, width,
                          3 * cell, cell, orow);
    for (int64_t c = 0; c < cell; ++c) {
      T gi = ir[c] + b[c];
      T gf = fr[c] + b[2 * cell + c] + forget_bias;
      if (use_peephole) {
        gi += csp[c] * wci[c];
        gf += csp[c] * wcf[c];
      }
      const T iv = ew::Sigmoid(gi);
      const T civ = ew::Tanh(cir[c] + b[cell + c]);
      const T fv = ew::Sigmoid(gf);
      T csv = iv * civ + fv * csp[c];
      if (cell_clip > T(0)) csv = std::min(std::max(csv, -cell_clip), cell_clip);
      const T cov = ew::Tanh(csv);
      T go = orow[c] + b[3 * cell + c];
      if (use_peephole) go += csv * wco[c];
      const T ov = ew::Sigmoid(go);
      ir[c] = iv;
      cir[c] = civ;
      fr[c] = fv;
      csr[c] = csv;
      cor[c] = cov;
      orow[c] = ov;
      hr[c] = ov * cov;
    }
  }
}

// LSTMBlockCell over time: x [time, batch, input], outputs [time, batch,
// cell]; steps t >= seq_len_max produce zeros.
template <typename T>
inline void BlockLSTM(int64_t seq_len_max, const T* x, const T* cs_prev, const T* h_prev,
                      const T* w, const T* wci, const T* wcf, const T* wco, const T* b, T* i,
                      T* cs, T* f, T* o, T* ci, T* co, T* h, int64_t time, int64_t batch,
                      int64_t input, int64_t cell, T forget_bias, T cell_clip,
                      bool use_peephole) {
  const int64_t steps = std::max<int64_t>(0, std::min(seq_len_max, time));
  const int64_t slice = batch * cell;
  for (int64_t t = 0; t < steps; ++t) {
    const T* csp = t == 0 ? cs_prev : cs + (t - 1) * slice;
    const T* hp = t == 0 ? h_prev : h + (t - 1) * slice;
    const int64_t off = t * slice;
    LSTMBlockCell(x + t * batch * input, csp, hp, w, wci, wcf, wco, b, i + off, cs + off,
                  f + off, o + off, ci + off, co + off, h + off, batch, input, cell,
                  forget_bias, cell_clip, use_peephole);
  }
  for (T* out : {i, cs, f, o, ci, co, h})
    for (int64_t k = steps * slice; k < time * slice; ++k) out[k] = T(0);
}

// One GRU step. x [batch, input]; h_prev and all outputs [batch, cell];
// w_ru [input + cell, 2 * cell]; w_c [input + cell, cell]; b_ru [2 * cell];
// b_c [cell].
template <typename T>
inline void GRUBlockCell(const T* x, const T* h_prev, const T* w_ru, const T* w_c,
                         const T* b_ru, const T* b_c, T* r, T* u, T* c, T* h, int64_t batch,
                         int64_t input, int64_t cell) {
  for (int64_t n = 0; n < batch; ++n) {
    const T* xr = x + n * input;
    const T* hp = h_prev + n * cell;
    T* rr = r + n * cell;
    T* ur = u + n * cell;
    T* cr = c + n * cell;
    T* hr = h + n * cell;
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w_ru, input, cell, 2 * cell,
                          0, cell, rr);
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(nullptr), w_ru, input, cell, 2 * cell,
                          cell, cell, ur);
    for (int64_t k = 0; k < cell; ++k) {
      rr[k] = ew::Sigmoid(rr[k] + b_ru[k]);
      ur[k] = ew::Sigmoid(ur[k] + b_ru[cell + k]);
    }
    rnn_internal::GateRow(xr, hp, static_cast<const T*>(rr), w_c, input, cell, cell, 0, cell,
                          cr);
    for (int64_t k = 0; k < cell; ++k) {
      cr[k] = ew::Tanh(cr[k] + b_c[k]);
      hr[k] = ur[k] * (hp[k] - cr[k]) + cr[k];
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_RNN_CELLS_H_
