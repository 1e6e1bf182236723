// Shared helpers of the addon: errno errors and the bridge from V8 handles to N-API values.
#pragma once
#include <napi.h>
#include <v8.h>
#include <cstring>
#include <memory>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace multiproc {

// N-API values are V8 locals underneath; the addon needs V8 only to make SharedArrayBuffers over mmap'd memory.
inline napi_value ToNapi(v8::Local<v8::Value> value) {
  napi_value result;
  static_assert(sizeof(result) == sizeof(value));
  std::memcpy(&result, &value, sizeof(result));
  return result;
}

inline v8::Local<v8::Value> ToV8(napi_value value) {
  v8::Local<v8::Value> result;
  std::memcpy(static_cast<void*>(&result), &value, sizeof(value));
  return result;
}

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& path);

// The address of byte `offset` of a SharedArrayBuffer argument, checked to hold an aligned int32.
int32_t* WordAddress(const Napi::CallbackInfo& info, size_t argIndex, std::shared_ptr<v8::BackingStore>* keep);

// Numbers shared by every architecture (added after the tables were unified), for older headers.
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// pidfd_open(2): -1 with errno set where the kernel has none (Linux < 5.3).
inline int PidfdOpen(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

// Whether this kernel has pidfds (Linux >= 5.3): what needs them is not exported without.
inline bool HasPidfds() {
  int probe = PidfdOpen(getpid());
  if (probe < 0) return false;
  close(probe);
  return true;
}

// Reports the exit of child `pid` (whose pidfd the watch takes over) to `onExit(code, signal)` on the event loop; an
// empty `onExit` only reaps it, without keeping the loop alive.
void WatchChild(Napi::Env env, pid_t pid, int pidfd, Napi::Function onExit);

// Reaps now, waiting, the children of `env` that WatchChild watches only to reap.
void ReapPending(napi_env env);

void InitSegment(Napi::Env env, Napi::Object exports);
void InitFutex(Napi::Env env, Napi::Object exports);
void InitWaiter(Napi::Env env, Napi::Object exports);
void InitSpawn(Napi::Env env, Napi::Object exports);
void InitExit(Napi::Env env, Napi::Object exports);
void InitListen(Napi::Env env, Napi::Object exports);
void InitFork(Napi::Env env, Napi::Object exports);

}  // namespace multiproc
