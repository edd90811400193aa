// A MobileNet-v1 (depthwise-separable, 224x224x3, width 1.0) frozen GraphDef
// with random weights, as TensorFlow would freeze it after folding batch norm
// into FusedBatchNorm nodes: Conv2D / DepthwiseConv2dNative -> FusedBatchNorm
// -> Relu6, then AvgPool, a 1x1 Conv2D classifier, Reshape and Softmax.
#ifndef TFAOT_TOOLS_BENCH_MOBILENET_GRAPH_H_
#define TFAOT_TOOLS_BENCH_MOBILENET_GRAPH_H_

#include "proto/graph.pb.h"

namespace tfaot::bench {

// Input "input" float [1,224,224,3]; output "predictions" float [1,1000].
tensorflow::GraphDef MobileNetV1Graph(unsigned seed);

}  // namespace tfaot::bench

#endif  // TFAOT_TOOLS_BENCH_MOBILENET_GRAPH_H_
