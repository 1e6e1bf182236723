// Entry of the native addon: segments, futex wait/wake, the async waiter thread, parent-death signal, spawn, exit,
// listening sockets, the fork server.
#include "common.h"
#include <cerrno>
#include <csignal>
#include <dlfcn.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace multiproc {

static const char* ErrnoName(int err) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case EACCES: return "EACCES";
    case ENOTDIR: return "ENOTDIR";
    case ENOEXEC: return "ENOEXEC";
    case E2BIG: return "E2BIG";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOSPC: return "ENOSPC";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case EPERM: return "EPERM";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    default: return "EUNKNOWN";
  }
}

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& path) {
  std::string message = std::string(ErrnoName(err)) + ": " + std::strerror(err) + ", " + syscall;
  if (!path.empty()) message += " '" + path + "'";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", ErrnoName(err));
  error.Set("errno", Napi::Number::New(env, -err));
  error.Set("syscall", syscall);
  if (!path.empty()) error.Set("path", path);
  return error;
}

int32_t* WordAddress(const Napi::CallbackInfo& info, size_t argIndex, std::shared_ptr<v8::BackingStore>* keep) {
  v8::Local<v8::Value> value = ToV8(info[argIndex]);
  if (!value->IsSharedArrayBuffer()) throw Napi::TypeError::New(info.Env(), "expected a SharedArrayBuffer");
  auto sab = value.As<v8::SharedArrayBuffer>();
  double offset = info[argIndex + 1].As<Napi::Number>().DoubleValue();
  if (offset < 0 || static_cast<size_t>(offset) % 4 != 0 || static_cast<size_t>(offset) + 4 > sab->ByteLength()) {
    throw Napi::RangeError::New(info.Env(), "futex word offset out of range or unaligned");
  }
  if (keep != nullptr) *keep = sab->GetBackingStore();
  return reinterpret_cast<int32_t*>(static_cast<char*>(sab->Data()) + static_cast<size_t>(offset));
}

// Asks the kernel to send `signal` to this process when the thread that spawned it dies; returns the parent pid
// so the caller can tell whether the parent had already gone before the request was made.
static Napi::Value SetParentDeathSignal(const Napi::CallbackInfo& info) {
  int signal = info[0].As<Napi::Number>().Int32Value();
  if (prctl(PR_SET_PDEATHSIG, signal) != 0) throw ErrnoError(info.Env(), errno, "prctl", "");
  return Napi::Number::New(info.Env(), getppid());
}

// Makes this process the reaper of its descendants' orphans, as an init process is (PR_SET_CHILD_SUBREAPER): lets a
// test see a process that a child left behind.
static Napi::Value SetChildSubreaper(const Napi::CallbackInfo& info) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) throw ErrnoError(info.Env(), errno, "prctl", "");
  return info.Env().Undefined();
}

// Keeps this library mapped until the process ends. Node closes an addon when the last environment that loaded it
// ends, and a worker thread's environment ends before its heap is torn down: the heap then runs the deleters of the
// segments' ArrayBuffers, which are code of this library, and would jump into unmapped memory.
static void StayLoaded() {
  Dl_info self;
  if (dladdr(reinterpret_cast<void*>(&StayLoaded), &self) == 0 || self.dli_fname == nullptr) return;
  // With RTLD_NOLOAD this only marks the loaded library; the handle is never closed, on purpose.
  dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  StayLoaded();
  InitSegment(env, exports);
  InitFutex(env, exports);
  InitWaiter(env, exports);
  InitSpawn(env, exports);
  InitExit(env, exports);
  InitListen(env, exports);
  InitFork(env, exports);
  exports.Set("setParentDeathSignal", Napi::Function::New(env, SetParentDeathSignal, "setParentDeathSignal"));
  exports.Set("setChildSubreaper", Napi::Function::New(env, SetChildSubreaper, "setChildSubreaper"));
  return exports;
}

}  // namespace multiproc

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return multiproc::Init(env, exports); }

NODE_API_MODULE(multiproc, InitAddon)
