// OpenCV DNN side of the benchmark (Debian libopencv-dnn-dev):
//   opencv_bench MODEL.pb RUNS DIM...
// Loads the frozen graph with cv::dnn::readNetFromTensorflow, one thread,
// feeds a blob of the given shape (NCHW for images, as OpenCV wants), and
// prints "opencv: median_us=X p90_us=Y" or "opencv: error: ...".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  int runs = std::atoi(argv[2]);
  std::vector<int> dims;
  for (int i = 3; i < argc; ++i) dims.push_back(std::atoi(argv[i]));
  try {
    cv::setNumThreads(1);
    cv::dnn::Net net = cv::dnn::readNetFromTensorflow(argv[1]);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    cv::Mat blob(static_cast<int>(dims.size()), dims.data(), CV_32F);
    cv::randu(blob, 0.0f, 1.0f);
    net.setInput(blob);
    for (int i = 0; i < std::min(runs, 20); ++i) net.forward();
    std::vector<double> us(runs);
    for (double& t : us) {
      auto start = std::chrono::steady_clock::now();
      net.forward();
      t = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    }
    std::sort(us.begin(), us.end());
    std::printf("opencv: median_us=%.3f p90_us=%.3f\n", us[us.size() / 2], us[us.size() * 9 / 10]);
  } catch (const std::exception& e) {
    std::string what = e.what();
    for (char& c : what) if (c == '\n') c = ' ';
    std::printf("opencv: error: %s\n", what.substr(0, 300).c_str());
  }
  return 0;
}
