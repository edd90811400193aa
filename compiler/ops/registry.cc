#include <algorithm>
#include <map>
#include <string>

#include "compiler/ops/op_def.h"

namespace tfaot::ops {

#define TFAOT_OP(name) extern const OpDef kOp##name;
#include "compiler/ops/op_list.def"
#undef TFAOT_OP

namespace {

const std::map<std::string, const OpDef*>& Table() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, const OpDef*>;
#define TFAOT_OP(name) (*t)[#name] = &kOp##name;
#include "compiler/ops/op_list.def"
#undef TFAOT_OP
    return t;
  }();
  return *table;
}

}  // namespace

const OpDef* FindOp(const std::string& name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second;
}

std::vector<const OpDef*> AllOps() {
  std::vector<const OpDef*> ops;
  for (const auto& [name, op] : Table()) ops.push_back(op);
  return ops;
}

}  // namespace tfaot::ops
