// pbtxt_to_pb IN.pbtxt OUT.pb: converts a text GraphDef to binary, so graphs
// authored by hand stay readable in the repo and are binary at build time.
#include <fstream>
#include <iostream>
#include <sstream>

#include "google/protobuf/text_format.h"
#include "proto/graph.pb.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pbtxt_to_pb IN.pbtxt OUT.pb\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  tensorflow::GraphDef graph;
  if (!in || !google::protobuf::TextFormat::ParseFromString(text.str(), &graph)) {
    std::cerr << "pbtxt_to_pb: " << argv[1] << ": not a valid text GraphDef\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  if (!graph.SerializeToOstream(&out)) {
    std::cerr << "pbtxt_to_pb: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
