// The forkserver's server and its forked children. The server is a single-threaded Node process with the library
// loaded; its JS calls forkServe() once, which never returns in the server: it keeps one child forked ahead, hands that
// child the payload the parent sends, forks the next at once, and reports each child's pid and exit status to the
// parent on fd 3. forkServe() returns only in a forked child, after making the copied Node sound to run on.
#include "common.h"
#include <node.h>
#include <uv.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace multiproc {

namespace {

// The server's pipe to the parent: frames in, reports out. In a forked child, fd 3 is its own payload pipe instead.
constexpr int kChannelFd = 3;

// Report kinds (int32 triples [kind, pid, value] on the channel).
constexpr int32_t kForked = 1;  // a child is forked and waits for its payload
constexpr int32_t kExited = 2;  // a child has ended; value is its wait status

struct Child {
  pid_t pid;
  int pidfd;
  int payloadFd;  // the server's end of the child's payload pipe, -1 once the payload is written
};

std::vector<Child> children;

void Report(int32_t kind, int32_t pid, int32_t value) {
  int32_t frame[3] = {kind, pid, value};
  const char* bytes = reinterpret_cast<const char*>(frame);
  size_t left = sizeof frame;
  while (left > 0) {
    ssize_t n = write(kChannelFd, bytes, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0);  // the parent is gone
    bytes += n;
    left -= static_cast<size_t>(n);
  }
}

// Reads exactly `length` bytes from the channel; false at its end (the parent is gone).
bool ReadChannel(void* into, size_t length) {
  char* at = static_cast<char*>(into);
  while (length > 0) {
    ssize_t n = read(kChannelFd, at, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

void WriteAll(int fd, const char* bytes, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, bytes, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the child died before reading it: its exit is reported
    bytes += n;
    length -= static_cast<size_t>(n);
  }
}

// V8 maps parts of its heap MADV_DONTFORK: a child would have holes where its heap was and crash on its first JS
// call. Every mapping is made to be copied (madvise on one that already is changes nothing).
void CopyEveryMappingOnFork() {
  FILE* maps = fopen("/proc/self/maps", "re");
  if (maps == nullptr) return;
  char line[4096];
  bool lineStart = true;
  while (fgets(line, sizeof line, maps) != nullptr) {
    unsigned long start, end;
    if (lineStart && sscanf(line, "%lx-%lx ", &start, &end) == 2) {
      madvise(reinterpret_cast<void*>(start), end - start, MADV_DOFORK);
    }
    lineStart = std::strchr(line, '\n') != nullptr;  // a long path splits a line over reads
  }
  fclose(maps);
}

void EndServer() {
  for (const Child& child : children) kill(child.pid, SIGKILL);
  _exit(0);
}

// In the new child: it dies with the server, holds none of the server's descriptors, reads its payload on fd 3, has an
// event loop of its own, and every exit of Node's ends in _exit() (Node's orderly exit would join threads that exist
// only in the server).
void BecomeChild(Napi::Env env, pid_t server, int payloadRead) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != server) _exit(1);
  for (const Child& child : children) {
    close(child.pidfd);
    if (child.payloadFd >= 0) close(child.payloadFd);
  }
  children.clear();
  dup2(payloadRead, kChannelFd);  // replaces the server's channel
  close(payloadRead);
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_loop_fork(loop) != 0) _exit(1);
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  node::Environment* nodeEnv = node::GetCurrentEnvironment(isolate->GetCurrentContext());
  if (nodeEnv == nullptr) _exit(1);  // not a Node main context: no way to keep its exit from hanging
  node::SetProcessExitHandler(nodeEnv, [](node::Environment*, int code) { _exit(code); });
}

// Forks the next child; returns its pid in the server, 0 in the child.
pid_t ForkNext(Napi::Env env) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) EndServer();
  CopyEveryMappingOnFork();
  pid_t server = getpid();
  pid_t pid = fork();
  if (pid < 0) EndServer();
  if (pid == 0) {
    close(ends[1]);
    BecomeChild(env, server, ends[0]);
    return 0;
  }
  close(ends[0]);
  int pidfd = PidfdOpen(pid);
  if (pidfd < 0) {
    kill(pid, SIGKILL);
    EndServer();
  }
  children.push_back({pid, pidfd, ends[1]});
  Report(kForked, pid, 0);
  return pid;
}

Child* FindChild(pid_t pid) {
  for (Child& child : children) {
    if (child.pid == pid) return &child;
  }
  return nullptr;
}

// Set by a frame for pid 0: the parent starts another server (its preload list changed). This one forks no more,
// ends its idle child and exits once the children it handed payloads to have ended and been reported.
bool retiring = false;

// A payload frame from the parent: [int32 pid][uint32 length][bytes], written on to that child's pipe and closed.
// Returns whether the ready child took it.
bool HandPayload(pid_t ready) {
  int32_t head[2];
  if (!ReadChannel(head, sizeof head)) EndServer();
  if (head[0] == 0) {
    retiring = true;
    if (ready != 0) kill(ready, SIGKILL);
    return false;
  }
  std::vector<char> payload(static_cast<uint32_t>(head[1]));
  if (!ReadChannel(payload.data(), payload.size())) EndServer();
  Child* child = FindChild(head[0]);
  if (child == nullptr || child->payloadFd < 0) return false;  // it died meanwhile: its exit is reported
  WriteAll(child->payloadFd, payload.data(), payload.size());
  close(child->payloadFd);
  child->payloadFd = -1;
  return head[0] == ready;
}

void ReapEnded(pid_t* ready) {
  for (size_t i = 0; i < children.size();) {
    int status = 0;
    pid_t reaped = waitpid(children[i].pid, &status, WNOHANG);
    if (reaped <= 0) {
      i++;
      continue;
    }
    Report(kExited, reaped, status);
    close(children[i].pidfd);
    if (children[i].payloadFd >= 0) close(children[i].payloadFd);
    if (reaped == *ready) *ready = 0;
    children.erase(children.begin() + static_cast<long>(i));
  }
}

// forkServe() -> { pid, seed: [4 uint32] } in a forked child (seed: fresh random words, since every child starts with
// a copy of the server's random state); never returns in the server.
Napi::Value ForkServe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pid_t ready = 0;
  for (;;) {
    if (retiring && children.empty()) _exit(0);
    if (ready == 0 && !retiring) {
      ready = ForkNext(env);
      if (ready == 0) break;
    }
    std::vector<pollfd> fds = {{kChannelFd, POLLIN, 0}};
    for (const Child& child : children) fds.push_back({child.pidfd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (HandPayload(ready)) ready = 0;
    }
    ReapEnded(&ready);
  }
  uint32_t seed[4] = {0, 0, 0, 0};
  while (getrandom(seed, sizeof seed, 0) < 0 && errno == EINTR) {
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", Napi::Number::New(env, getpid()));
  Napi::Array words = Napi::Array::New(env, 4);
  for (uint32_t i = 0; i < 4; i++) words.Set(i, Napi::Number::New(env, seed[i]));
  result.Set("seed", words);
  return result;
}

// pidfdOpen(pid) -> a pidfd, or -1 when the process is gone.
Napi::Value PidfdOpenJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), PidfdOpen(info[0].As<Napi::Number>().Int32Value()));
}

// pidfdSignal(pidfd, signal): signals exactly the process the pidfd refers to (never a later one with its pid).
Napi::Value PidfdSignal(const Napi::CallbackInfo& info) {
  int pidfd = info[0].As<Napi::Number>().Int32Value();
  int signal = info[1].As<Napi::Number>().Int32Value();
  syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0);
  return info.Env().Undefined();
}

// pidfdClose(pidfd): closes a pidfd of pidfdOpen (natively: Node's fs warns when a worker thread closes a descriptor
// it did not open through fs).
Napi::Value PidfdClose(const Napi::CallbackInfo& info) {
  close(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

}  // namespace

void InitFork(Napi::Env env, Napi::Object exports) {
  if (!HasPidfds()) return;  // the server watches its children through pidfds, the parent signals them through them
  exports.Set("forkServe", Napi::Function::New(env, ForkServe, "forkServe"));
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpenJs, "pidfdOpen"));
  exports.Set("pidfdSignal", Napi::Function::New(env, PidfdSignal, "pidfdSignal"));
  exports.Set("pidfdClose", Napi::Function::New(env, PidfdClose, "pidfdClose"));
}

}  // namespace multiproc
