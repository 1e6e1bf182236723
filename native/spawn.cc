// Fast child processes: posix_spawn (glibc clones with CLONE_VM|CLONE_VFORK, so unlike libuv's fork() the cost does
// not grow with this process's memory), pipes for stdio, and the exit seen by the event loop polling a pidfd.
#include "common.h"
#include <uv.h>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <mutex>
#include <vector>

extern char** environ;

namespace multiproc {

namespace {

// A running child: the loop polls its pidfd, which becomes readable at the exit; then waitpid(pid) reaps it.
struct Watched {
  uv_poll_t poll;
  pid_t pid;
  int pidfd;
  napi_env env;
  Napi::FunctionReference onExit;
  std::unique_ptr<Napi::AsyncContext> context;  // async_hooks see the exit callback as this child's
  bool reapOnly;
};

// Children watched only to be reaped (exit helpers), of every thread's environment.
std::mutex reapingLock;
std::vector<Watched*> reaping;

void FreeWatch(uv_handle_t* handle) { delete static_cast<Watched*>(handle->data); }

// Stop watching (the fd may be closed only once the poll is stopped) and free the handle when libuv is done with it.
void Unwatch(Watched* watch) {
  if (watch->reapOnly) {
    std::lock_guard<std::mutex> guard(reapingLock);
    reaping.erase(std::remove(reaping.begin(), reaping.end(), watch), reaping.end());
  }
  uv_poll_stop(&watch->poll);
  close(watch->pidfd);
  watch->onExit.Reset();
  watch->context.reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&watch->poll), FreeWatch);
}

// The environment is going away with the child still running: stop watching; the child runs on, as Node's do. A
// child watched only to be reaped (an exit helper) is ending anyway: wait for it, or it would stay a zombie.
void OnEnvCleanup(void* arg) {
  auto* watch = static_cast<Watched*>(arg);
  if (watch->reapOnly) {
    while (waitpid(watch->pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  Unwatch(watch);
}

void OnPidfdReadable(uv_poll_t* handle, int, int) {
  auto* watch = static_cast<Watched*>(handle->data);
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(watch->pid, &status, WNOHANG);  // only this pid: waitpid(-1) would steal libuv's children
  } while (reaped < 0 && errno == EINTR);
  if (reaped == 0) return;  // not exited yet (a spurious wake-up): keep polling
  napi_remove_env_cleanup_hook(watch->env, OnEnvCleanup, watch);
  Napi::Env env(watch->env);
  Napi::FunctionReference onExit = std::move(watch->onExit);
  std::unique_ptr<Napi::AsyncContext> context = std::move(watch->context);
  Unwatch(watch);
  if (onExit.IsEmpty()) return;  // only reaping
  // No JS frame is below this callback: an exception escaping it would abort the whole process. A thread being torn
  // down refuses even a handle scope (nobody is left to hear of the exit: the report is dropped); what the callback
  // itself throws is reported as uncaught.
  bool calling = false;
  try {
    Napi::HandleScope scope(env);
    Napi::Value code = env.Null();
    Napi::Value signal = env.Null();
    if (reaped > 0 && WIFEXITED(status)) code = Napi::Number::New(env, WEXITSTATUS(status));
    if (reaped > 0 && WIFSIGNALED(status)) signal = Napi::Number::New(env, WTERMSIG(status));
    calling = true;
    onExit.MakeCallback(env.Global(), {code, signal}, *context);
  } catch (const Napi::Error& error) {
    if (calling && !error.Value().IsEmpty()) napi_fatal_exception(env, error.Value());
  }
}

// A child nobody could reap: end it now rather than leave a zombie.
void KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

// Let the event loop watch the child's pidfd; the poll handle keeps the loop alive until the exit is reported. With
// no `onExit`, the child is only reaped, and waiting for that does not keep the loop alive.
void WatchChild(Napi::Env env, pid_t pid, int pidfd, Napi::Function onExit) {
  uv_loop_t* loop = nullptr;
  bool reapOnly = onExit.IsEmpty();
  auto* watch = new Watched{{}, pid, pidfd, env, reapOnly ? Napi::FunctionReference() : Napi::Persistent(onExit),
                            reapOnly ? nullptr : std::make_unique<Napi::AsyncContext>(env, "multiproc.spawn"), reapOnly};
  watch->poll.data = watch;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init(loop, &watch->poll, pidfd) != 0) {
    KillAndReap(pid);  // unreachable with a valid pidfd
    close(pidfd);
    delete watch;
    throw Napi::Error::New(env, "multiproc: cannot watch a child's pidfd");
  }
  uv_poll_start(&watch->poll, UV_READABLE, OnPidfdReadable);  // cannot fail once initialised
  if (reapOnly) {
    uv_unref(reinterpret_cast<uv_handle_t*>(&watch->poll));
    std::lock_guard<std::mutex> guard(reapingLock);
    reaping.push_back(watch);
  }
  napi_add_env_cleanup_hook(env, OnEnvCleanup, watch);
}

// Reaps now, waiting, the children of `env` watched only to be reaped: at process.exit(), which runs no cleanup
// hooks, they would otherwise outlive this process and be left to whatever reaps orphans.
void ReapPending(napi_env env) {
  std::vector<Watched*> mine;
  {
    std::lock_guard<std::mutex> guard(reapingLock);
    for (Watched* watch : reaping) {
      if (watch->env == env) mine.push_back(watch);
    }
  }
  for (Watched* watch : mine) {
    napi_remove_env_cleanup_hook(env, OnEnvCleanup, watch);
    OnEnvCleanup(watch);
  }
}

namespace {

// Where the program is: as given when it holds a '/', else the first executable regular file along PATH (as
// libuv's execvpe: an empty entry is the current directory, searched from the child's cwd).
int ResolveProgram(const std::string& file, const char* path, const std::string& cwd, std::string* resolved) {
  if (file.empty()) return ENOENT;
  if (file.find('/') != std::string::npos) {
    *resolved = file;
    return 0;
  }
  bool sawAccess = false;
  std::string search = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    size_t end = search.find(':', start);
    std::string dir = search.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + file;
    std::string checked = candidate[0] != '/' && !cwd.empty() ? cwd + "/" + candidate : candidate;
    struct stat st;
    if (stat(checked.c_str(), &st) == 0) {
      if (S_ISREG(st.st_mode) && faccessat(AT_FDCWD, checked.c_str(), X_OK, AT_EACCESS) == 0) {
        *resolved = candidate;
        return 0;
      }
      sawAccess = true;
    } else if (errno == EACCES) {
      sawAccess = true;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return sawAccess ? EACCES : ENOENT;
}

const char* FindPath(char* const* envp) {
  if (envp == environ) return getenv("PATH");
  for (char* const* entry = envp; *entry != nullptr; entry++) {
    if (std::strncmp(*entry, "PATH=", 5) == 0) return *entry + 5;
  }
  return nullptr;
}

std::vector<std::string> StringList(Napi::Array array) {
  std::vector<std::string> list;
  list.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) list.push_back(array.Get(i).As<Napi::String>().Utf8Value());
  return list;
}

std::vector<char*> Pointers(std::vector<std::string>& list) {
  std::vector<char*> pointers;
  for (std::string& item : list) pointers.push_back(item.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Descriptors made for one spawn; whatever is still held is closed on the way out.
struct Fds {
  std::vector<int> owned;
  ~Fds() {
    for (int fd : owned) close(fd);
  }
  int Keep(int fd) {
    owned.push_back(fd);
    return fd;
  }
  void Release(int fd) { std::erase(owned, fd); }
};

// Plan the child's fd `target` from 'pipe' | 'ignore' | 'inherit' | a descriptor; returns this side of a pipe or -1.
int PlanSlot(Napi::Env env, Napi::Value slot, int target, posix_spawn_file_actions_t* actions, Fds* fds) {
  if (slot.IsNumber()) {
    int source = slot.As<Napi::Number>().Int32Value();
    // An fd below 3 could be overwritten by an earlier slot's dup2 in the child: give the child a copy of it.
    if (source < 3 && source != target) {
      source = fcntl(source, F_DUPFD_CLOEXEC, 3);
      if (source < 0) throw ErrnoError(env, errno, "fcntl", "");
      fds->Keep(source);
    }
    posix_spawn_file_actions_adddup2(actions, source, target);
    return -1;
  }
  std::string kind = slot.As<Napi::String>().Utf8Value();
  if (kind == "inherit") {
    posix_spawn_file_actions_adddup2(actions, target, target);  // same fd: glibc only clears its close-on-exec
    return -1;
  }
  if (kind == "ignore") {
    posix_spawn_file_actions_addopen(actions, target, "/dev/null", target == 0 ? O_RDONLY : O_RDWR, 0);
    return -1;
  }
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw ErrnoError(env, errno, "pipe2", "");
  fds->Keep(ends[0]);
  fds->Keep(ends[1]);
  int childEnd = target == 0 ? ends[0] : ends[1];
  posix_spawn_file_actions_adddup2(actions, childEnd, target);
  return target == 0 ? ends[1] : ends[0];
}

// Every signal, glibc's two internal ones included: sigfillset leaves them out, and glibc's child would then leave
// them ignored across exec, where libuv's children have them at their default.
void FillAllSignals(sigset_t* set) {
  sigfillset(set);
  constexpr int kBits = 8 * sizeof(set->__val[0]);
  for (int sig = 32; sig < SIGRTMIN; sig++) set->__val[(sig - 1) / kBits] |= 1UL << ((sig - 1) % kBits);
}

// Owns posix_spawn's attribute and file-action objects.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

// spawn(file, argv, envp | null, cwd | null, [stdin, stdout, stderr], newSession, onExit(code, signal))
//   -> { pid, stdinFd, stdoutFd, stderrFd } (-1 where the slot is not a pipe)
Napi::Value Spawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string file = info[0].As<Napi::String>().Utf8Value();
  std::vector<std::string> argv = StringList(info[1].As<Napi::Array>());
  std::vector<std::string> envList = info[2].IsNull() ? std::vector<std::string>() : StringList(info[2].As<Napi::Array>());
  std::string cwd = info[3].IsNull() ? "" : info[3].As<Napi::String>().Utf8Value();
  Napi::Array stdio = info[4].As<Napi::Array>();
  bool newSession = info[5].ToBoolean().Value();
  Napi::Function onExit = info[6].As<Napi::Function>();

  std::vector<char*> argvPointers = Pointers(argv);
  std::vector<char*> envPointers = Pointers(envList);
  char* const* envp = info[2].IsNull() ? environ : envPointers.data();
  std::string program;
  int err = ResolveProgram(file, FindPath(envp), cwd, &program);
  if (err != 0) throw ErrnoError(env, err, "spawn", file);

  SpawnSetup setup;
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&setup.actions, cwd.c_str());
  Fds fds;
  int parentEnds[3];
  for (int target = 0; target < 3; target++) {
    parentEnds[target] = PlanSlot(env, stdio.Get(target), target, &setup.actions, &fds);
  }
  // As libuv does for its children: default signal dispositions (Node ignores SIGPIPE) and nothing blocked.
  sigset_t all, none;
  FillAllSignals(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&setup.attr, &all);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0);
  posix_spawnattr_setflags(&setup.attr, flags);

  pid_t pid;
  err = posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attr, argvPointers.data(), envp);
  if (err == ENOEXEC && !argv.empty()) {
    // As execvp (and so node's spawn): an executable without a #! line is run by /bin/sh as a script.
    std::vector<char*> shellArgv = {const_cast<char*>("/bin/sh"), program.data()};
    shellArgv.insert(shellArgv.end(), argvPointers.begin() + 1, argvPointers.end());
    err = posix_spawn(&pid, "/bin/sh", &setup.actions, &setup.attr, shellArgv.data(), envp);
  }
  if (err != 0) throw ErrnoError(env, err, "spawn", file);
  int pidfd = PidfdOpen(pid);
  if (pidfd < 0) {
    err = errno;
    KillAndReap(pid);
    throw ErrnoError(env, err, "pidfd_open", file);
  }
  WatchChild(env, pid, pidfd, onExit);
  for (int fd : parentEnds) {
    if (fd >= 0) fds.Release(fd);  // this side of each pipe now belongs to the caller; the rest is closed
  }

  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", Napi::Number::New(env, pid));
  result.Set("stdinFd", Napi::Number::New(env, parentEnds[0]));
  result.Set("stdoutFd", Napi::Number::New(env, parentEnds[1]));
  result.Set("stderrFd", Napi::Number::New(env, parentEnds[2]));
  return result;
}

}  // namespace

void InitSpawn(Napi::Env env, Napi::Object exports) {
  if (!HasPidfds()) return;  // callers fall back to child_process
  exports.Set("spawn", Napi::Function::New(env, Spawn, "spawn"));
}

}  // namespace multiproc
