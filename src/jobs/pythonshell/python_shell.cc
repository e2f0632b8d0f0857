// Python shell jobs: see python_shell.h.
#include "jobs/pythonshell/python_shell.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/file.h"

extern char** environ;

namespace sluice::jobs {

namespace {

// Makes clients of boto3/botocore releases that predate AWS_ENDPOINT_URL use it.
constexpr std::string_view kSiteCustomize = R"py(# Written by Sluice for Python shell jobs. Older botocore releases (before 1.31) ignore
# AWS_ENDPOINT_URL; this makes the clients they create use it unless a script passes its own.
import os


def _sluice_use_endpoint_url():
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    try:
        import botocore
        import botocore.session
    except Exception:
        return
    try:
        version = tuple(int(part) for part in botocore.__version__.split(".")[:2])
    except ValueError:
        version = (0, 0)
    if version >= (1, 31):
        return
    original = botocore.session.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = endpoint
        return original(self, service_name, *args, **kwargs)

    botocore.session.Session.create_client = create_client


_sluice_use_endpoint_url()
)py";

constexpr int64_t kKillGraceMicros = 5'000'000;
constexpr size_t kMaxLineBytes = 256 * 1024;

// Splits what a pipe gives into lines.
class LineSplitter {
 public:
  template <typename Fn>
  void Add(std::string_view bytes, Fn emit) {
    for (char c : bytes) {
      if (c == '\n') {
        emit(pending_);
        pending_.clear();
      } else if (pending_.size() < kMaxLineBytes) {
        pending_ += c;
      }
    }
  }
  template <typename Fn>
  void Flush(Fn emit) {
    if (!pending_.empty()) emit(pending_);
    pending_.clear();
  }

 private:
  std::string pending_;
};

}  // namespace

Status RunPythonShell(const PythonShellRun& run) {
  std::string script_path = JoinPath(run.work_dir, run.script_name.empty() ? "script.py" : run.script_name);
  RETURN_IF_ERROR(WriteFileAtomically(script_path, run.script));
  std::string site = JoinPath(run.work_dir, ".sluice-site");
  RETURN_IF_ERROR(CreateDirectories(site));
  RETURN_IF_ERROR(WriteFileAtomically(JoinPath(site, "sitecustomize.py"), kSiteCustomize));

  std::vector<std::string> argv = {run.python, "-u", script_path};
  for (const auto& [key, value] : run.arguments) {
    argv.push_back(key.rfind("--", 0) == 0 ? key : "--" + key);
    argv.push_back(value);
  }
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"--JOB_NAME", run.job_name}, {"--JOB_ID", "j_" + run.run_id.substr(3)}, {"--JOB_RUN_ID", run.run_id}}) {
    if (run.arguments.count(key)) continue;
    argv.push_back(key);
    argv.push_back(value);
  }
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals != std::string_view::npos) env[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  for (const auto& [key, value] : run.environment) env[key] = value;
  std::string python_path = site;
  if (auto it = env.find("PYTHONPATH"); it != env.end() && !it->second.empty()) python_path += ":" + it->second;
  env["PYTHONPATH"] = python_path;
  env["PYTHONUNBUFFERED"] = "1";

  std::vector<std::string> env_strings;
  for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char*> argv_pointers, env_pointers;
  for (auto& arg : argv) argv_pointers.push_back(arg.data());
  argv_pointers.push_back(nullptr);
  for (auto& entry : env_strings) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return ErrnoError("creating a pipe", errno);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    int saved = errno;
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return ErrnoError("creating a pipe", saved);
  }
  // fork + exec rather than posix_spawn: the child must die with the server (PR_SET_PDEATHSIG),
  // so that a killed server leaves no script running. Only async-signal-safe calls after fork.
  const pid_t parent = ::getpid();
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    if (::chdir(run.work_dir.c_str()) != 0) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(run.python.c_str(), argv_pointers.data(), env_pointers.data());
    ::_exit(127);
  }
  int fork_errno = errno;
  if (null_fd >= 0) ::close(null_fd);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return ErrnoError(fmt::format("starting {}", run.python), fork_errno);
  }
  if (run.control != nullptr) run.control->SetInterrupt([pid] { ::kill(-pid, SIGTERM); });

  LineSplitter out_lines, err_lines;
  auto emit_out = [&](const std::string& line) { run.logger->Output(line); };
  auto emit_err = [&](const std::string& line) { run.logger->Error(line); };
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_pipes = 2;
  int64_t kill_at = 0;
  char buffer[64 * 1024];
  while (open_pipes > 0) {
    if (run.control != nullptr && run.control->cancelled()) {
      int64_t now = MonotonicMicros();
      if (kill_at == 0) kill_at = now + kKillGraceMicros;
      else if (now >= kill_at) ::kill(-pid, SIGKILL);
    }
    int ready = ::poll(fds, 2, 200);
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        if (i == 0) out_lines.Add(std::string_view(buffer, static_cast<size_t>(n)), emit_out);
        else err_lines.Add(std::string_view(buffer, static_cast<size_t>(n)), emit_err);
      } else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  out_lines.Flush(emit_out);
  err_lines.Flush(emit_err);
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  ::kill(-pid, SIGKILL);  // anything the script left running in its group
  if (run.control != nullptr) run.control->ClearInterrupt();

  if (run.control != nullptr && run.control->cancelled()) return Cancelled(run.control->reason());
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return Status::Ok();
  std::string last_error;
  for (const auto& line : run.logger->RecentErrors()) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) last_error = line;
  }
  std::string how = WIFEXITED(wait_status) ? fmt::format("exited with status {}", WEXITSTATUS(wait_status))
                                           : fmt::format("was killed by signal {}", WTERMSIG(wait_status));
  if (last_error.empty()) return FailedPrecondition(fmt::format("The Python shell script {}", how));
  return FailedPrecondition(fmt::format("{} (the Python shell script {})", last_error, how));
}

}  // namespace sluice::jobs
