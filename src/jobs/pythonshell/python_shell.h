// Python shell jobs (Command.Name "pythonshell"): the job's script, read from the object store
// at Command.ScriptLocation, run by Debian's /usr/bin/python3 as its own process group with the
// run's arguments on its command line (each "--key value", then --JOB_NAME, --JOB_ID and
// --JOB_RUN_ID as Glue adds them, readable with getResolvedOptions-style parsing) and an
// environment that points AWS SDKs back at Sluice: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION and AWS_REGION. Debian's boto3 predates
// AWS_ENDPOINT_URL, so a sitecustomize module placed first on PYTHONPATH makes clients use it
// when the script names no endpoint itself.
//
// stdout goes to the run's output log, stderr to its error log, line by line as they come.
// Exit status 0 is success; otherwise the run fails with the last line the script wrote to
// stderr (the exception, for an uncaught one). Stopping the run (BatchStopJobRun, Timeout)
// sends SIGTERM to the process group, then SIGKILL after five seconds; the script is killed
// too if the server dies (PR_SET_PDEATHSIG), so a killed server leaves nothing running.
//
// Thread safety: one call per run; blocks the calling thread until the process ends.
#pragma once

#include <map>
#include <string>

#include "common/status.h"
#include "jobs/compiler/run_control.h"
#include "jobs/job_definition.h"
#include "jobs/runner/run_logger.h"

namespace sluice::jobs {

struct PythonShellRun {
  std::string job_name;
  std::string run_id;
  std::string script;       // the script's text
  std::string script_name;  // its file name ("etl.py")
  Arguments arguments;      // effective arguments
  std::string work_dir;     // an empty directory for the run (the script's working directory)
  std::string python = "/usr/bin/python3";
  std::map<std::string, std::string> environment;  // added to the server's own
  RunControl* control = nullptr;
  RunLogger* logger = nullptr;
};

// OK when the script exits 0. Cancelled when the run was stopped; FailedPrecondition with the
// script's last error line when it exits otherwise; IoError when it cannot be started.
Status RunPythonShell(const PythonShellRun& run);

}  // namespace sluice::jobs
