// `tfaotc freeze` and `tfaotc inspect`: command-line front ends of the
// checkpoint/SavedModel freezer (compiler/import/checkpoint).
#ifndef TFAOT_COMPILER_DRIVER_FREEZE_COMMAND_H_
#define TFAOT_COMPILER_DRIVER_FREEZE_COMMAND_H_

#include <ostream>
#include <string>

namespace tfaot::driver {

// argv[0] is "freeze" (or the program name); flags follow:
//   --checkpoint=PREFIX_OR_DIR [--meta=F.meta] | --saved_model=DIR
//   [--tag=serve] [--signature=serving_default]
//   --fetch=NODE[:k] (repeatable)  --feed=NODE:0 (repeatable)
//   --restore=GRAPH_VAR[=CHECKPOINT_KEY] (repeatable)  --moving_averages
//   --out=frozen.pb   --help
// Returns 0 on success, 1 for bad input, 2 for usage errors; errors are one
// line on `err`: "tfaotc freeze: error: ...".
int RunFreezeCommand(int argc, char** argv, std::ostream& out,
                     std::ostream& err);
int RunFreezeCommand(int argc, char** argv);  // std::cout / std::cerr

// Prints "name dtype shape" per checkpoint key, like inspect_checkpoint.
// Returns 0, or 1 after printing "tfaotc inspect: error: ..." to std::cerr.
int RunInspectCheckpoint(const std::string& prefix_or_dir, std::ostream& out);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_FREEZE_COMMAND_H_
