// A child's fast end. The kernel frees a process's memory before it reports the exit to the parent, and for a Node
// process (~40 MB resident) that takes 2-3 ms. A helper process that shares the memory (clone with CLONE_VM) and
// outlives the child for a moment makes the child's own exit cheap: the parent reaps the child at once and the
// helper, its sibling, frees the memory afterwards and is reaped in turn.
#include "common.h"
#include <atomic>
#include <cerrno>
#include <new>
#include <linux/futex.h>
#include <csignal>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

namespace multiproc {

namespace {

constexpr size_t kHelperStack = 64 * 1024;

struct HelperStart {
  int pidfd;
  std::atomic<int32_t> closed;  // set by the helper once it holds nothing but the pidfd
};

// Runs in the helper on its own small stack, with every signal blocked: raw system calls only. Its descriptor table
// is a copy of the child's: it closes every copy but the child's pidfd (so that the child's sockets and locks end
// with the child, not with it), says so, waits for the child to end, then exits and so frees the shared memory.
int Helper(void* arg) {
  auto* start = static_cast<HelperStart*>(arg);
  int pidfd = start->pidfd;
  if (pidfd > 0) syscall(SYS_close_range, 0, pidfd - 1, 0);
  syscall(SYS_close_range, pidfd + 1, ~0U, 0);
  start->closed.store(1);
  syscall(SYS_futex, &start->closed, FUTEX_WAKE, 1, nullptr, nullptr, 0);
  struct pollfd child = {pidfd, POLLIN, 0};
  while (poll(&child, 1, -1) < 0) {
  }
  syscall(SYS_exit_group, 0);
  return 0;
}

// Starts the helper as the parent's child (CLONE_PARENT) and returns its pid once the helper has dropped its copies
// of this process's descriptors, or -1 (this process then simply exits). Other threads may still be running: nothing
// of theirs is touched.
pid_t StartHelper() {
  // The helper closes its copies with close_range (Linux >= 5.9): probe it on a range where nothing is open.
  if (syscall(SYS_close_range, ~0U - 1, ~0U, 0) != 0) return -1;
  int pidfd = PidfdOpen(getpid());
  if (pidfd < 0) return -1;
  void* memory = mmap(nullptr, kHelperStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (memory == MAP_FAILED) return -1;
  auto* start = new (memory) HelperStart{pidfd, {0}};
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, nullptr);  // the helper inherits the mask: no signal handler may run on its stack
  pid_t helper = clone(Helper, static_cast<char*>(memory) + kHelperStack, CLONE_VM | CLONE_PARENT, start);
  if (helper < 0) return -1;
  struct timespec limit = {0, 200 * 1000 * 1000};  // a helper killed before it says so must not hold this exit
  while (start->closed.load() == 0) {
    if (syscall(SYS_futex, &start->closed, FUTEX_WAIT, 0, &limit, nullptr, 0) != 0 && errno == ETIMEDOUT) break;
  }
  return helper;
}

// exitNow(code, reportFd?): ends the process at once with `code`: no environment or V8 teardown, no C++ static
// destructors. The caller has already run the JS 'exit' listeners; stdout and stderr writes are synchronous. With
// `reportFd` (the parent's pipe), the helper is started and its pid written there for the parent to reap.
Napi::Value ExitNow(const Napi::CallbackInfo& info) {
  int code = info[0].As<Napi::Number>().Int32Value();
  if (info.Length() > 1 && info[1].IsNumber()) {
    int reportFd = info[1].As<Napi::Number>().Int32Value();
    pid_t helper = StartHelper();
    if (helper > 0) {
      int32_t pid = helper;
      while (write(reportFd, &pid, sizeof pid) < 0 && errno == EINTR) {
      }
    }
  }
  _exit(code);
}

// reapHelper(pid): reaps a child's exit helper (a child of this process) once it has ended, off the JS thread.
Napi::Value ReapHelper(const Napi::CallbackInfo& info) {
  pid_t pid = info[0].As<Napi::Number>().Int32Value();
  int pidfd = PidfdOpen(pid);
  if (pidfd >= 0) WatchChild(info.Env(), pid, pidfd, Napi::Function());
  return info.Env().Undefined();
}

// reapHelpersNow(): reaps, waiting, the helpers not reaped yet (called at this process's exit; they end within ms).
Napi::Value ReapHelpersNow(const Napi::CallbackInfo& info) {
  ReapPending(info.Env());
  return info.Env().Undefined();
}

}  // namespace

void InitExit(Napi::Env env, Napi::Object exports) {
  exports.Set("exitNow", Napi::Function::New(env, ExitNow, "exitNow"));
  if (!HasPidfds()) return;  // the helper could not wait for the child, nor the parent reap it
  exports.Set("reapHelper", Napi::Function::New(env, ReapHelper, "reapHelper"));
  exports.Set("reapHelpersNow", Napi::Function::New(env, ReapHelpersNow, "reapHelpersNow"));
}

}  // namespace multiproc
