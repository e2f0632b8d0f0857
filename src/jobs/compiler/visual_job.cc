// Running and validating visual jobs: see visual_job.h.
#include "jobs/compiler/visual_job.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/clock.h"
#include "jobs/compiler/build_context.h"
#include "jobs/graph/job_arguments.h"
#include "jobs/graph/job_graph.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

std::vector<engine::WrittenFile> WrittenFilesOf(const std::vector<columnar::BatchPtr>& batches) {
  std::vector<engine::WrittenFile> files;
  for (const auto& batch : batches) {
    for (int64_t row = 0; row < batch->num_rows(); ++row) {
      files.push_back({std::string(batch->column(0)->GetView(row)), std::string(batch->column(1)->GetView(row)),
                       batch->column(2)->Values<int64_t>()[row], batch->column(3)->Values<int64_t>()[row]});
    }
  }
  return files;
}

// Deletes files a failed run wrote (best effort: the run's error matters more).
void DeleteFiles(storage::ObjectStore* store, const std::vector<engine::WrittenFile>& files) {
  for (const auto& file : files) {
    std::string_view path = file.path;
    if (path.substr(0, 5) != "s3://") continue;
    path.remove_prefix(5);
    size_t slash = path.find('/');
    if (slash == std::string_view::npos) continue;
    store->DeleteObject(path.substr(0, slash), path.substr(slash + 1), {}).IgnoreError();
  }
}

std::string Bytes(int64_t bytes) {
  if (bytes >= (int64_t{1} << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30));
  if (bytes >= (int64_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{} B", bytes);
}

std::string Label(const NodeHeader& header) {
  if (header.name.empty() || header.name == header.id) return fmt::format("{} '{}'", header.type, header.id);
  return fmt::format("{} \"{}\" ({})", header.type, header.name, header.id);
}

}  // namespace

json::object VisualRunResult::ToJson() const {
  json::object out;
  out["ElapsedSeconds"] = static_cast<double>(elapsed_micros) / 1e6;
  json::array list;
  for (const auto& node : nodes) {
    json::object item;
    item["Id"] = node.id;
    item["Type"] = node.type;
    item["Name"] = node.name;
    item["Role"] = std::string(NodeRoleName(node.role));
    if (node.role == NodeRole::kSource) {
      item["ObjectsRead"] = node.objects_read;
      item["BytesRead"] = node.bytes_read;
      item["RecordsRead"] = node.records_read;
    }
    if (node.role == NodeRole::kTarget) {
      item["FilesWritten"] = node.files_written;
      item["BytesWritten"] = node.bytes_written;
      item["RecordsWritten"] = node.records_written;
    }
    list.push_back(std::move(item));
  }
  out["Nodes"] = std::move(list);
  return out;
}

std::vector<std::string> VisualRunResult::Lines() const {
  std::vector<std::string> lines;
  int64_t read = 0, written = 0, bytes_in = 0, bytes_out = 0;
  for (const auto& node : nodes) {
    NodeHeader header{node.id, node.type, node.name, {}};
    if (node.role == NodeRole::kSource) {
      read += node.records_read;
      bytes_in += node.bytes_read;
      lines.push_back(fmt::format("  read    {:>12} records  {:>10}  {} object{}  {}", node.records_read,
                                  Bytes(node.bytes_read), node.objects_read, node.objects_read == 1 ? "" : "s",
                                  Label(header)));
    } else if (node.role == NodeRole::kTarget) {
      written += node.records_written;
      bytes_out += node.bytes_written;
      lines.push_back(fmt::format("  written {:>12} records  {:>10}  {} file{}  {}", node.records_written,
                                  Bytes(node.bytes_written), node.files_written, node.files_written == 1 ? "" : "s",
                                  Label(header)));
    }
  }
  lines.insert(lines.begin(), fmt::format("Run summary: {} records read ({}), {} records written ({}) in {:.2f} s",
                                          read, Bytes(bytes_in), written, Bytes(bytes_out),
                                          static_cast<double>(elapsed_micros) / 1e6));
  return lines;
}

Result<BuiltGraph> ValidateVisualJob(const json::object& nodes, const VisualJobServices& services,
                                     const Arguments& arguments) {
  ASSIGN_OR_RETURN(json::object substituted, SubstituteArguments(nodes, arguments));
  ASSIGN_OR_RETURN(JobGraph graph, JobGraph::Parse(substituted));
  BuildOptions options;
  options.executing = false;
  options.catalog_id = services.catalog_id;
  BuildContext context(services.store, services.catalog, options);
  return BuildJobGraph(graph, context);
}

Result<VisualRunResult> RunVisualJob(const json::object& nodes, const VisualJobServices& services, VisualRun& run) {
  const int64_t started = MonotonicMicros();
  auto log = [&](const std::string& line) {
    if (run.log) run.log(line);
  };
  ASSIGN_OR_RETURN(BookmarkMode mode, JobBookmarks::ModeFromArgument([&]() -> const std::string* {
                     auto it = run.arguments.find("--job-bookmark-option");
                     return it == run.arguments.end() ? nullptr : &it->second;
                   }()));
  JobBookmarks bookmarks(mode, run.bookmark_state, run.start_micros, run.bookmark_from, run.bookmark_to);
  ASSIGN_OR_RETURN(json::object substituted, SubstituteArguments(nodes, run.arguments));
  ASSIGN_OR_RETURN(JobGraph graph, JobGraph::Parse(substituted));

  BuildOptions options;
  options.executing = true;
  options.catalog_id = services.catalog_id;
  options.run_tag = run.run_id;
  options.execution = run.execution;
  options.bookmarks = mode == BookmarkMode::kDisable ? nullptr : &bookmarks;
  options.control = run.control;
  BuildContext context(services.store, services.catalog, options);
  log(fmt::format("Building the plan of {} nodes", graph.nodes().size()));
  BuiltGraph built = BuildJobGraph(graph, context);
  RETURN_IF_ERROR(built.status);
  if (run.control != nullptr && run.control->cancelled()) return Cancelled(run.control->reason());

  std::vector<NodeProgress> progress;
  for (const auto& report : built.nodes) {
    NodeProgress item{report.header.id, Label(report.header), report.role, nullptr, nullptr};
    if (auto it = context.reads().find(report.header.id); it != context.reads().end()) item.read = it->second;
    if (auto it = context.writes().find(report.header.id); it != context.writes().end()) item.write = it->second;
    progress.push_back(std::move(item));
  }
  if (run.on_started) run.on_started(progress);

  std::vector<engine::WrittenFile> all_files;
  auto fail = [&](Status status) -> Status {
    DeleteFiles(services.store, all_files);
    if (run.control != nullptr && run.control->cancelled()) return Cancelled(run.control->reason());
    return status;
  };
  for (const auto& side : context.side_plans()) {
    log(fmt::format("Writing the sample of {}", side.node_id));
    auto rows = context.Execute(side.plan);
    if (!rows.ok()) return fail(rows.status().WithContext(fmt::format("node '{}'", side.node_id)));
    auto files = WrittenFilesOf(*rows);
    all_files.insert(all_files.end(), files.begin(), files.end());
  }
  std::vector<std::pair<std::string, std::vector<engine::WrittenFile>>> outputs;
  for (const auto& target : built.targets) {
    const NodeReport* report = nullptr;
    for (const auto& node : built.nodes) {
      if (node.header.id == target.node_id) report = &node;
    }
    log(fmt::format("Running {}:\n{}", Label(report->header), target.plan->ToString()));
    auto rows = context.Execute(target.plan);
    if (!rows.ok()) return fail(rows.status().WithContext(Label(report->header)));
    auto files = WrittenFilesOf(*rows);
    all_files.insert(all_files.end(), files.begin(), files.end());
    outputs.emplace_back(target.node_id, std::move(files));
  }
  for (const auto& [node_id, files] : outputs) {
    for (const auto& action : context.CommitActionsOf(node_id)) {
      Status status = action(files);
      if (!status.ok()) return fail(status.WithContext(fmt::format("updating the Data Catalog for node '{}'", node_id)));
    }
  }

  VisualRunResult result;
  for (const auto& report : built.nodes) {
    NodeSummary summary{report.header.id, report.header.type, report.header.name, report.role};
    if (auto it = context.reads().find(report.header.id); it != context.reads().end()) {
      summary.objects_read = it->second->objects.load();
      summary.bytes_read = it->second->bytes.load();
      summary.records_read = it->second->records.load();
    }
    if (auto it = context.writes().find(report.header.id); it != context.writes().end()) {
      summary.files_written = it->second->files.load();
      summary.bytes_written = it->second->bytes.load();
      summary.records_written = it->second->records.load();
    }
    result.nodes.push_back(std::move(summary));
  }
  if (mode == BookmarkMode::kEnable) result.bookmark_state = bookmarks.CommitState();
  result.elapsed_micros = MonotonicMicros() - started;
  return result;
}

}  // namespace sluice::jobs
