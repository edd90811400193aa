#include "tools/bench/mobilenet_graph.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tfaot::bench {
namespace {

class Builder {
 public:
  explicit Builder(unsigned seed) : rng_(seed) {}

  std::string Const(const std::string& name, const std::vector<int64_t>& shape, float scale,
                    float offset = 0) {
    auto* node = graph_.add_node();
    node->set_name(name);
    node->set_op("Const");
    (*node->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
    auto* t = (*node->mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_FLOAT);
    int64_t n = 1;
    for (int64_t d : shape) {
      t->mutable_tensor_shape()->add_dim()->set_size(d);
      n *= d;
    }
    std::vector<float> values(n);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (float& v : values) v = offset + scale * dist(rng_);
    t->set_tensor_content(std::string(reinterpret_cast<const char*>(values.data()),
                                      values.size() * sizeof(float)));
    return name;
  }

  std::string Op(const std::string& name, const std::string& op,
                 const std::vector<std::string>& inputs) {
    auto* node = graph_.add_node();
    node->set_name(name);
    node->set_op(op);
    for (const auto& in : inputs) node->add_input(in);
    (*node->mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
    last_ = node;
    return name;
  }

  void SetInts(const std::string& key, const std::vector<int64_t>& values) {
    auto* list = (*last_->mutable_attr())[key].mutable_list();
    for (int64_t v : values) list->add_i(v);
  }
  void SetString(const std::string& key, const std::string& value) {
    (*last_->mutable_attr())[key].set_s(value);
  }

  // conv (or depthwise) -> FusedBatchNorm -> Relu6
  std::string ConvBnRelu(const std::string& scope, const std::string& input, int k, int cin,
                         int cout, int stride, bool depthwise) {
    std::string w = depthwise ? Const(scope + "/depthwise_weights", {k, k, cin, 1}, 0.5f)
                              : Const(scope + "/weights", {k, k, cin, cout},
                                      1.0f / std::sqrt(static_cast<float>(k * k * cin)));
    std::string conv = Op(scope + (depthwise ? "/depthwise" : "/Conv2D"),
                          depthwise ? "DepthwiseConv2dNative" : "Conv2D", {input, w});
    SetInts("strides", {1, stride, stride, 1});
    SetString("padding", "SAME");
    SetString("data_format", "NHWC");
    int c = depthwise ? cin : cout;
    std::string gamma = Const(scope + "/BatchNorm/gamma", {c}, 0.2f, 1.0f);
    std::string beta = Const(scope + "/BatchNorm/beta", {c}, 0.1f);
    std::string mean = Const(scope + "/BatchNorm/moving_mean", {c}, 0.1f);
    std::string var = Const(scope + "/BatchNorm/moving_variance", {c}, 0.2f, 1.0f);
    std::string bn = Op(scope + "/BatchNorm/FusedBatchNorm", "FusedBatchNorm",
                        {conv, gamma, beta, mean, var});
    (*last_->mutable_attr())["epsilon"].set_f(0.001f);
    (*last_->mutable_attr())["is_training"].set_b(false);
    SetString("data_format", "NHWC");
    return Op(scope + "/Relu6", "Relu6", {bn});
  }

  tensorflow::GraphDef& graph() { return graph_; }

 private:
  tensorflow::GraphDef graph_;
  tensorflow::NodeDef* last_ = nullptr;
  std::mt19937 rng_;
};

}  // namespace

tensorflow::GraphDef MobileNetV1Graph(unsigned seed) {
  Builder b(seed);
  auto* input = b.graph().add_node();
  input->set_name("input");
  input->set_op("Placeholder");
  (*input->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
  auto* shape = (*input->mutable_attr())["shape"].mutable_shape();
  for (int d : {1, 224, 224, 3}) shape->add_dim()->set_size(d);

  std::string x = b.ConvBnRelu("Conv2d_0", "input", 3, 3, 32, 2, false);
  // (output channels, stride) of the 13 depthwise-separable blocks.
  const int blocks[13][2] = {{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1},
                             {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
                             {512, 1}, {1024, 2}, {1024, 1}};
  int channels = 32;
  for (int i = 0; i < 13; ++i) {
    std::string scope = absl::StrCat("Conv2d_", i + 1);
    x = b.ConvBnRelu(scope + "_depthwise", x, 3, channels, channels, blocks[i][1], true);
    x = b.ConvBnRelu(scope + "_pointwise", x, 1, channels, blocks[i][0], 1, false);
    channels = blocks[i][0];
  }
  x = b.Op("AvgPool_1a", "AvgPool", {x});
  b.SetInts("ksize", {1, 7, 7, 1});
  b.SetInts("strides", {1, 2, 2, 1});
  b.SetString("padding", "VALID");
  b.SetString("data_format", "NHWC");
  std::string w = b.Const("Logits/weights", {1, 1, channels, 1000}, 0.05f);
  x = b.Op("Logits/Conv2d_1c_1x1", "Conv2D", {x, w});
  b.SetInts("strides", {1, 1, 1, 1});
  b.SetString("padding", "VALID");
  b.SetString("data_format", "NHWC");
  std::string bias = b.Const("Logits/biases", {1000}, 0.1f);
  x = b.Op("Logits/BiasAdd", "BiasAdd", {x, bias});
  b.SetString("data_format", "NHWC");
  auto* shape_const = b.graph().add_node();
  shape_const->set_name("Logits/shape");
  shape_const->set_op("Const");
  (*shape_const->mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
  auto* st = (*shape_const->mutable_attr())["value"].mutable_tensor();
  st->set_dtype(tensorflow::DT_INT32);
  st->mutable_tensor_shape()->add_dim()->set_size(2);
  st->add_int_val(1);
  st->add_int_val(1000);
  x = b.Op("Logits/Reshape", "Reshape", {x, "Logits/shape"});
  b.Op("predictions", "Softmax", {x});
  return b.graph();
}

}  // namespace tfaot::bench
