#include <iostream>
#include <string>
#include "compiler/driver/freeze_command.h"
int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "inspect") return tfaot::driver::RunInspectCheckpoint(argv[2], std::cout);
  return tfaot::driver::RunFreezeCommand(argc, argv);
}
