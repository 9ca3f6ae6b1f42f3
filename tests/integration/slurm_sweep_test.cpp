// A sweep across Slurm, as a user would run one: a single-node cluster on this machine (Debian's
// slurm-wlm and munge, started here and stopped by process id), scripts/slurm/submit_sweep.sh
// submitting a 4-task job array and a merge job that waits for it (afterok); the merged output is
// byte for byte the sweep run whole, in one process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::scratch_dir;

std::string output_of(const std::string& command) {
  const fs::path out = scratch_dir() / "command.out";
  std::system((command + " >" + out.string() + " 2>&1").c_str());
  return read_file(out);
}

// A single-node Slurm cluster in `dir`, on ports of its own; the destructor stops its daemons.
class LocalSlurm {
 public:
  explicit LocalSlurm(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir_ / "munge");
    fs::create_directories(dir_ / "state");
    fs::create_directories(dir_ / "spool");
    fs::permissions(dir_ / "munge", fs::perms::owner_all);
    std::system(("dd if=/dev/urandom of=" + (dir_ / "munge/munge.key").string() + " bs=1024 count=1 2>/dev/null").c_str());
    fs::permissions(dir_ / "munge/munge.key", fs::perms::owner_read);
    write_config();
    munged_ = start("munged -F -f --socket=" + (dir_ / "munge/sock").string() + " --key-file=" +
                    (dir_ / "munge/munge.key").string() + " --pid-file=" + (dir_ / "munge/pid").string() +
                    " --log-file=" + (dir_ / "munge/log").string() + " --seed-file=" + (dir_ / "munge/seed").string(),
                    "munged");
    wait_for([this] { return fs::exists(dir_ / "munge/sock"); });
    slurmctld_ = start("slurmctld -D -f " + conf().string(), "slurmctld");
    slurmd_ = start("slurmd -D -f " + conf().string(), "slurmd");
  }
  ~LocalSlurm() {
    for (const pid_t pid : {slurmd_, slurmctld_, munged_}) {
      if (pid <= 0) continue;
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
  fs::path conf() const { return dir_ / "slurm.conf"; }
  std::string env() const { return "SLURM_CONF=" + conf().string() + " "; }
  bool node_idle() const { return output_of(env() + "sinfo -h -o %t").find("idle") != std::string::npos; }
  std::string logs() const {
    return read_file(dir_ / "munged.out") + read_file(dir_ / "slurmctld.out") + read_file(dir_ / "slurmd.out");
  }
  template <typename Ready>
  static bool wait_for(Ready ready, int seconds = 60) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return ready();
  }

 private:
  // The node as slurmd sees it (NodeName=<host> CPUs=<n> ...): the configuration must match it.
  void write_config() {
    const std::string node = output_of("slurmd -C");
    const auto field = [&node](const std::string& key) {
      const size_t at = node.find(key + "=");
      return node.substr(at + key.size() + 1, node.find_first_of(" \n", at) - at - key.size() - 1);
    };
    const int port = 20000 + 2 * (getpid() % 10000);
    std::ofstream(conf()) << "ClusterName=cachestorm\nSlurmctldHost=" << field("NodeName")
                          << "\nAuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=" << (dir_ / "munge/sock").string()
                          << "\nSlurmUser=root\nSlurmdUser=root\nSlurmctldPort=" << port << "\nSlurmdPort=" << port + 1
                          << "\nStateSaveLocation=" << (dir_ / "state").string()
                          << "\nSlurmdSpoolDir=" << (dir_ / "spool").string()
                          << "\nSlurmctldPidFile=" << (dir_ / "slurmctld.pid").string()
                          << "\nSlurmdPidFile=" << (dir_ / "slurmd.pid").string()
                          << "\nSlurmctldLogFile=" << (dir_ / "slurmctld.log").string()
                          << "\nSlurmdLogFile=" << (dir_ / "slurmd.log").string()
                          << "\nProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                             "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
                             "JobCompType=jobcomp/none\nSchedulerType=sched/backfill\nSelectType=select/cons_tres\n"
                             "SelectTypeParameters=CR_CPU\nMpiDefault=none\nReturnToService=2\n"
                          << "NodeName=" << field("NodeName") << " CPUs=" << field("CPUs")
                          << " RealMemory=1000 State=UNKNOWN\nPartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE "
                             "State=UP\n";
  }
  pid_t start(const std::string& command, const std::string& name) {
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string log = (dir_ / (name + ".out")).string();
      execl("/bin/sh", "sh", "-c", ("exec " + command + " >" + log + " 2>&1").c_str(), nullptr);
      _exit(127);
    }
    return pid;
  }

  fs::path dir_;
  pid_t munged_ = -1, slurmctld_ = -1, slurmd_ = -1;
};

TEST(SlurmSweep, AFourWayJobArrayMergesToTheWholeSweepByteForByte) {
  const fs::path dir = scratch_dir() / "slurm";
  LocalSlurm slurm(dir);
  ASSERT_TRUE(LocalSlurm::wait_for([&slurm] { return slurm.node_idle(); }))
      << "the local Slurm node did not come up:\n" << slurm.logs();
  const std::string source = CACHESTORM_SOURCE_DIR;
  const std::string args = source + "/scenarios/cache_outage.json --set duration_s=100 --replications 2 "
                                    "--axis origin.connections=20,24,28,32,36,40 --axis cache.nodes=3,4";
  const fs::path out = dir / "sweep";
  const std::string submitted = output_of(slurm.env() + "CACHESTORM=" + CACHESTORM_BINARY + " " + source +
                                          "/scripts/slurm/submit_sweep.sh 4 " + out.string() + " " + args);
  ASSERT_NE(submitted.find("array "), std::string::npos) << submitted;
  const bool merged = LocalSlurm::wait_for([&out] { return fs::exists(out / "merged" / "shard.json"); }, 300);
  ASSERT_TRUE(merged) << submitted << output_of(slurm.env() + "squeue; cat " + out.string() + "/slurm-*.out");
  for (int k = 0; k < 4; ++k) {
    const auto shard = nlohmann::json::parse(read_file(out / ("shard-" + std::to_string(k)) / "shard.json"));
    EXPECT_EQ(shard["shard"], k);
    EXPECT_EQ(shard["of"], 4);
    EXPECT_EQ(shard["points"].size(), 3u);  // 12 points: 0,4,8 | 1,5,9 | 2,6,10 | 3,7,11
  }
  // The same sweep in one process, here.
  const auto whole = testing::run_cli("sweep " + args + " -q --jobs 2 --out " + (dir / "whole").string(), 300);
  ASSERT_EQ(whole.exit_code, 0) << whole.stderr_text;
  for (const char* file : {"sweep.csv", "sweep.json", "points.json", "shard.json"})
    EXPECT_EQ(read_file(out / "merged" / file), read_file(dir / "whole" / file)) << file;
  EXPECT_GT(read_file(dir / "whole" / "sweep.csv").size(), 10000u);
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
