// Write sink: see write.h.
#include "engine/operators/write.h"

#include "columnar/builder.h"

namespace sluice::engine {

WriteSink::WriteSink(std::shared_ptr<const WriteNode> node, std::shared_ptr<BatchListSource> output, int64_t window)
    : node_(std::move(node)),
      output_(std::move(output)),
      order_(window, [this](const columnar::BatchPtr& batch) {
        RETURN_IF_ERROR(session_->Write(*batch));
        if (context_) context_->stats().rows_written.fetch_add(batch->num_rows(), std::memory_order_relaxed);
        return Status::Ok();
      }) {}

WriteSink::~WriteSink() {
  if (session_ && !closed_) session_->Abandon();
}

Status WriteSink::BeginInput(ExecutionContext& context) {
  context_ = &context;
  order_.Reset();
  if (!session_) {
    ASSIGN_OR_RETURN(session_, node_->target()->Open(node_->input()->schema()));
  }
  return Status::Ok();
}

Status WriteSink::Consume(ExecutionContext&, OperatorState&, const columnar::BatchPtr& batch, uint64_t sequence) {
  return order_.Add(sequence, batch);
}

Status WriteSink::SequenceDone(ExecutionContext&, OperatorState&, uint64_t sequence) { return order_.Done(sequence); }

Status WriteSink::Finalize(ExecutionContext& context) {
  closed_ = true;
  ASSIGN_OR_RETURN(std::vector<WrittenFile> files, session_->Close());
  context.stats().files_written.fetch_add(static_cast<int64_t>(files.size()));
  columnar::StringBuilder paths(columnar::DataType::String()), partitions(columnar::DataType::String());
  columnar::Int64Builder rows(columnar::DataType::Int64()), bytes(columnar::DataType::Int64());
  for (const auto& file : files) {
    paths.Append(file.path);
    partitions.Append(file.partition);
    rows.Append(file.rows);
    bytes.Append(file.bytes);
  }
  auto batch = columnar::RecordBatch::Make(WrittenFilesSchema(), static_cast<int64_t>(files.size()),
                                           {paths.Finish(), partitions.Finish(), rows.Finish(), bytes.Finish()});
  output_->Set({batch});
  return Status::Ok();
}

}  // namespace sluice::engine
