// Spigot: see spigot.h.
#include "jobs/nodes/spigot.h"

#include <random>

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace {

// Writes through another target a Bernoulli sample of the rows (probability `probability`),
// at most `limit` of them.
class SamplingTarget final : public engine::WriteTarget {
 public:
  SamplingTarget(engine::WriteTargetPtr inner, double probability, int64_t limit)
      : inner_(std::move(inner)), probability_(probability), limit_(limit) {}
  Status Check(const columnar::Schema& input) const override { return inner_->Check(input); }
  Result<std::unique_ptr<engine::WriteSession>> Open(const columnar::SchemaPtr& input) const override {
    ASSIGN_OR_RETURN(auto session, inner_->Open(input));
    return std::unique_ptr<engine::WriteSession>(new Session(std::move(session), probability_, limit_));
  }
  std::string ToString() const override {
    return fmt::format("sample (p={}, at most {}) as {}", probability_, limit_, inner_->ToString());
  }

 private:
  class Session final : public engine::WriteSession {
   public:
    Session(std::unique_ptr<engine::WriteSession> inner, double probability, int64_t limit)
        : inner_(std::move(inner)), probability_(probability), left_(limit) {}
    Status Write(const columnar::RecordBatch& batch) override {
      if (left_ <= 0) return Status::Ok();
      if (probability_ >= 1.0) {
        int64_t rows = std::min(left_, batch.num_rows());
        left_ -= rows;
        return inner_->Write(*batch.Slice(0, rows));
      }
      std::bernoulli_distribution keep(probability_);
      for (int64_t row = 0; row < batch.num_rows() && left_ > 0; ++row) {
        if (!keep(random_)) continue;
        --left_;
        RETURN_IF_ERROR(inner_->Write(*batch.Slice(row, 1)));
      }
      return Status::Ok();
    }
    Result<std::vector<engine::WrittenFile>> Close() override { return inner_->Close(); }
    void Abandon() override { inner_->Abandon(); }

   private:
    std::unique_ptr<engine::WriteSession> inner_;
    double probability_;
    int64_t left_;
    std::mt19937_64 random_{std::random_device{}()};
  };

  engine::WriteTargetPtr inner_;
  double probability_;
  int64_t limit_;
};

class SpigotNode final : public Node {
 public:
  SpigotNode(NodeHeader header, std::string path, int64_t topk, double probability)
      : Node(std::move(header)), path_(std::move(path)), topk_(topk), probability_(probability) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    S3TargetSpec spec;
    spec.path = path_;
    spec.write.format = DataFormat::kJson;
    ASSIGN_OR_RETURN(engine::WriteTargetPtr target, context.S3Target(*this, spec));
    Frame sample = frame;
    if (probability_ >= 1.0) sample.Limit(topk_);
    sample.Write(std::make_shared<SamplingTarget>(std::move(target), probability_, topk_));
    ASSIGN_OR_RETURN(engine::PlanPtr plan, sample.Build());
    if (context.executing() && topk_ > 0) context.AddSidePlan(*this, std::move(plan));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  std::string path_;
  int64_t topk_;
  double probability_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseSpigot(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(std::string path, config.RequireString("Path"));
  if (path.rfind("s3://", 0) != 0) return InvalidArgument(fmt::format("Path '{}' is not an S3 path (s3://bucket/prefix)", path));
  ASSIGN_OR_RETURN(auto topk, config.OptionalInt("Topk"));
  ASSIGN_OR_RETURN(auto probability, config.OptionalNumber("Prob"));
  if (topk && (*topk < 0 || *topk > 100)) return InvalidArgument("Topk must be between 0 and 100");
  if (probability && (*probability < 0 || *probability > 1)) return InvalidArgument("Prob must be between 0 and 1");
  return std::unique_ptr<Node>(new SpigotNode(std::move(header), std::move(path), topk.value_or(100),
                                              probability.value_or(1.0)));
}

}  // namespace sluice::jobs
