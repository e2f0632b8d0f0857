// CountingOutputStream: passes writes through to another OutputStream and adds their sizes to
// a shared counter, so that whoever made the file can see how large it has grown (the
// DatasetWriter's target file size; the engine's single-file targets) while a format writer
// owns the stream.
//
// Thread safety: used by one thread at a time; read the counter from that thread too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "formats/io.h"

namespace sluice::formats {

class CountingOutputStream final : public OutputStream {
 public:
  CountingOutputStream(std::unique_ptr<OutputStream> inner, std::shared_ptr<uint64_t> count)
      : inner_(std::move(inner)), count_(std::move(count)) {}
  const std::string& name() const override { return inner_->name(); }
  Status Write(std::string_view bytes) override {
    *count_ += bytes.size();
    return inner_->Write(bytes);
  }
  uint64_t position() const override { return inner_->position(); }
  Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<OutputStream> inner_;
  std::shared_ptr<uint64_t> count_;
};

}  // namespace sluice::formats
