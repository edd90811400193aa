#include <iostream>
#include "compiler/import/checkpoint/bundle_reader.h"
#include "compiler/import/checkpoint/checkpoint_path.h"
using namespace tfaot::checkpoint;
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    auto p = ResolveCheckpointPrefix(argv[i]);
    if (!p.ok()) { std::cout << p.status() << "\n"; continue; }
    auto r = BundleReader::Open(*p);
    if (!r.ok()) { std::cout << r.status() << "\n"; continue; }
    std::cout << "== " << *p << "\n";
    for (auto& [k, e] : r->entries()) {
      auto t = r->ReadTensor(k);
      std::cout << k << " " << DataTypeName(e.dtype()) << " " << ShapeString(e.shape()) << " " << (t.ok() ? "OK" : t.status().ToString()) << "\n";
    }
  }
}
