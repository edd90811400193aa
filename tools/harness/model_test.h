// The test tf_aot_library(gen_test = True) builds around a generated class:
// its main() is `return tfaot::harness::ModelTest<ns::Model>(argc, argv);`
// and its arguments are the macro's test_data files.
//
// With no files, it checks what needs no expected values: the model runs,
// its float outputs are finite (feeds get FillPattern's values), Run() twice
// gives the same bytes, and a second instance on a caller-owned arena agrees
// byte for byte. With files, `<feed>.npy` supplies each feed (all are
// needed) and `<fetch>.npy` the expected value of a fetch (at least one),
// compared with the tolerances of tfaot's conformance tests: float and
// double |got - want| <= 1e-5 + 1e-4 |want|, half 1e-3 + 1e-3 |want|,
// integers and bools exactly; NaN matches NaN. The same determinism and
// instance checks run too.
#ifndef TFAOT_TOOLS_HARNESS_MODEL_TEST_H_
#define TFAOT_TOOLS_HARNESS_MODEL_TEST_H_

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tools/harness/tensor_data.h"

namespace tfaot::harness {

// Maps "<dir>/<name>.npy" arguments to names; false (and a message) for
// anything else or a name given twice.
inline bool ParseDataFiles(int argc, char** argv, std::map<std::string, std::string>* files) {
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    size_t slash = path.rfind('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.size() <= 4 || base.compare(base.size() - 4, 4, ".npy") != 0) {
      std::fprintf(stderr, "FAIL: test_data file %s is not a .npy file\n", path.c_str());
      return false;
    }
    std::string name = base.substr(0, base.size() - 4);
    if (!files->emplace(name, path).second) {
      std::fprintf(stderr, "FAIL: two test_data files named %s.npy\n", name.c_str());
      return false;
    }
  }
  return true;
}

// Reads `path` into `dst` (the model's `bytes` of dtype `dtype`).
inline bool LoadTensor(const std::string& what, const std::string& path, const std::string& dtype,
                       size_t bytes, void* dst) {
  NpyArray array;
  std::string error;
  if (!ReadNpy(path, &array, &error)) {
    std::fprintf(stderr, "FAIL: %s\n", error.c_str());
    return false;
  }
  const DTypeInfo* t = FindDType(dtype);
  if (array.descr != t->npy_descr) {
    std::fprintf(stderr, "FAIL: %s: %s holds dtype %s, the model's is %s (numpy %s)\n",
                 what.c_str(), path.c_str(), array.descr.c_str(), dtype.c_str(), t->npy_descr);
    return false;
  }
  if (array.data.size() != bytes) {
    std::fprintf(stderr, "FAIL: %s: %s holds %zu elements (shape %s), the model's has %zu\n",
                 what.c_str(), path.c_str(), array.data.size() / t->size,
                 ShapeString(array.shape).c_str(), bytes / t->size);
    return false;
  }
  std::memcpy(dst, array.data.data(), bytes);
  return true;
}

// Compares fetch `name` with `want`; prints one line; true when it matches.
inline bool CompareTensor(const std::string& name, const std::string& dtype, const void* got,
                          const void* want, size_t bytes) {
  const DTypeInfo& t = *FindDType(dtype);
  const size_t n = bytes / t.size;
  if (t.kind != Kind::kFloat && t.kind != Kind::kHalf) {
    for (size_t i = 0; i < n; ++i) {
      if (std::memcmp(static_cast<const char*>(got) + i * t.size,
                      static_cast<const char*>(want) + i * t.size, t.size) != 0) {
        std::fprintf(stderr, "FAIL: fetch %s differs from its test_data at element %zu\n",
                     name.c_str(), i);
        return false;
      }
    }
    std::printf("ok: fetch %s equals its test_data (%zu %s elements)\n", name.c_str(), n,
                dtype.c_str());
    return true;
  }
  const double atol = t.kind == Kind::kHalf ? 1e-3 : 1e-5;
  const double rtol = t.kind == Kind::kHalf ? 1e-3 : 1e-4;
  double max_error = 0;
  for (size_t i = 0; i < n; ++i) {
    const double g = FloatingElement(t, got, i), w = FloatingElement(t, want, i);
    if (std::isnan(w) && std::isnan(g)) continue;
    const bool same_infinity = std::isinf(w) && g == w;
    const double error = same_infinity ? 0 : std::fabs(g - w);
    if (!(error <= atol + rtol * std::fabs(w))) {
      std::fprintf(stderr, "FAIL: fetch %s element %zu is %.9g, test_data says %.9g\n",
                   name.c_str(), i, g, w);
      return false;
    }
    if (error > max_error) max_error = error;
  }
  std::printf("ok: fetch %s matches its test_data (%zu %s elements, max abs error %.3g)\n",
              name.c_str(), n, dtype.c_str(), max_error);
  return true;
}

inline bool AllFinite(const std::string& name, const std::string& dtype, const void* data,
                      size_t bytes) {
  const DTypeInfo& t = *FindDType(dtype);
  if (t.kind != Kind::kFloat && t.kind != Kind::kHalf) return true;
  for (size_t i = 0; i < bytes / t.size; ++i) {
    if (!std::isfinite(FloatingElement(t, data, i))) {
      std::fprintf(stderr,
                   "FAIL: fetch %s element %zu is %g (feeds filled with the fixed pattern; give "
                   "test_data if that is expected)\n",
                   name.c_str(), i, FloatingElement(t, data, i));
      return false;
    }
  }
  std::printf("ok: fetch %s: %zu %s elements, all finite\n", name.c_str(), bytes / t.size,
              dtype.c_str());
  return true;
}

template <typename Model>
std::vector<std::vector<char>> Results(Model& model) {
  std::vector<std::vector<char>> results;
  for (int i = 0; i < Model::kNumResults; ++i) {
    const char* p = static_cast<const char*>(model.result_data(i));
    results.emplace_back(p, p + Model::kResultBytes[i]);
  }
  return results;
}

template <typename Model>
void SetFeeds(Model& model, const std::vector<std::vector<char>>& feeds) {
  for (int i = 0; i < Model::kNumArgs; ++i)
    std::memcpy(model.arg_data(i), feeds[i].data(), feeds[i].size());
}

// Names the first fetch whose bytes differ between `a` and `b`, or "".
template <typename Model>
std::string FirstDifference(const std::vector<std::vector<char>>& a,
                            const std::vector<std::vector<char>>& b) {
  for (int i = 0; i < Model::kNumResults; ++i)
    if (a[i] != b[i]) return Model::kResultNames[i];
  return "";
}

template <typename Model>
int ModelTest(int argc, char** argv) {
  std::map<std::string, std::string> files;
  if (!ParseDataFiles(argc, argv, &files)) return 1;
  const bool with_data = !files.empty();

  // The feeds: from <feed>.npy, or the fixed pattern.
  std::vector<std::vector<char>> feeds;
  for (int i = 0; i < Model::kNumArgs; ++i) {
    const std::string name = Model::kArgNames[i], dtype = Model::kArgDTypes[i];
    feeds.emplace_back(Model::kArgBytes[i]);
    auto file = files.find(name);
    if (file != files.end()) {
      if (!LoadTensor("feed " + name, file->second, dtype, feeds.back().size(), feeds.back().data()))
        return 1;
      files.erase(file);
    } else if (with_data) {
      std::fprintf(stderr, "FAIL: test_data has no %s.npy for feed %s\n", name.c_str(), name.c_str());
      return 1;
    } else {
      FillPattern(*FindDType(dtype), feeds.back().data(), feeds.back().size());
    }
  }

  Model model;
  SetFeeds(model, feeds);
  model.Run();
  const std::vector<std::vector<char>> first = Results(model);
  std::printf("ok: %d feed(s) %s, Run() returned\n", Model::kNumArgs,
              with_data ? "from test_data" : "filled with the fixed pattern");

  bool ok = true;
  int compared = 0;
  for (int i = 0; i < Model::kNumResults; ++i) {
    const std::string name = Model::kResultNames[i], dtype = Model::kResultDTypes[i];
    auto file = files.find(name);
    if (file == files.end()) {
      ok = AllFinite(name, dtype, first[i].data(), first[i].size()) && ok;
      continue;
    }
    std::vector<char> want(first[i].size());
    ok = LoadTensor("fetch " + name, file->second, dtype, want.size(), want.data()) &&
         CompareTensor(name, dtype, first[i].data(), want.data(), want.size()) && ok;
    ++compared;
    files.erase(file);
  }
  for (const auto& [name, path] : files) {
    std::fprintf(stderr, "FAIL: test_data file %s names no feed or fetch of the model\n",
                 path.c_str());
    ok = false;
  }
  if (with_data && compared == 0) {
    std::fprintf(stderr, "FAIL: test_data has no <fetch>.npy, so nothing is compared\n");
    ok = false;
  }

  // Run() again (feeds written again: the arena may reuse their space).
  SetFeeds(model, feeds);
  model.Run();
  if (std::string fetch = FirstDifference<Model>(first, Results(model)); !fetch.empty()) {
    std::fprintf(stderr, "FAIL: a second Run() changed fetch %s\n", fetch.c_str());
    ok = false;
  } else {
    std::printf("ok: a second Run() gives the same bytes\n");
  }

  // A second instance, on a caller-owned arena, while the first one lives.
  const size_t blocks = (Model::kArenaBytes + Model::kArenaAlignment - 1) / Model::kArenaAlignment;
  void* arena = std::aligned_alloc(Model::kArenaAlignment,
                                   (blocks ? blocks : 1) * Model::kArenaAlignment);
  {
    Model other(arena);
    SetFeeds(other, feeds);
    other.Run();
    if (std::string fetch = FirstDifference<Model>(first, Results(other)); !fetch.empty()) {
      std::fprintf(stderr, "FAIL: a second instance computes another fetch %s\n", fetch.c_str());
      ok = false;
    } else {
      std::printf("ok: a second instance (caller-owned arena) gives the same bytes\n");
    }
  }
  std::free(arena);
  std::printf("%s\n", ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}

}  // namespace tfaot::harness

#endif  // TFAOT_TOOLS_HARNESS_MODEL_TEST_H_
