// Blocking futex wait and wake on a word of shared memory, visible across processes (no FUTEX_PRIVATE_FLAG).
#include "common.h"
#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace multiproc {

enum WaitResult { kWoken = 0, kNotEqual = 1, kTimedOut = 2 };

// Waits while *addr == expected; timeoutMs < 0 waits forever. An absolute deadline survives EINTR retries
// (libuv's SIGCHLD handler interrupts waits on the JS thread).
static int WaitWord(int32_t* addr, int32_t expected, double timeoutMs) {
  timespec deadline{};
  timespec* deadlinePtr = nullptr;
  if (timeoutMs >= 0) {
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    long long ns = static_cast<long long>(timeoutMs * 1e6);
    deadline.tv_sec += ns / 1000000000LL;
    deadline.tv_nsec += ns % 1000000000LL;
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec += 1;
      deadline.tv_nsec -= 1000000000L;
    }
    deadlinePtr = &deadline;
  }
  for (;;) {
    long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET, expected, deadlinePtr, nullptr, FUTEX_BITSET_MATCH_ANY);
    if (r == 0) return kWoken;
    if (errno == EAGAIN) return kNotEqual;
    if (errno == ETIMEDOUT) return kTimedOut;
    if (errno != EINTR) return kWoken;  // any other failure: let the caller re-check its condition
  }
}

static Napi::Value Wait(const Napi::CallbackInfo& info) {
  int32_t* addr = WordAddress(info, 0, nullptr);
  int32_t expected = info[2].As<Napi::Number>().Int32Value();
  double timeout = info.Length() > 3 && info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue() : -1;
  return Napi::Number::New(info.Env(), WaitWord(addr, expected, timeout));
}

static Napi::Value Wake(const Napi::CallbackInfo& info) {
  int32_t* addr = WordAddress(info, 0, nullptr);
  double count = info.Length() > 2 && info[2].IsNumber() ? info[2].As<Napi::Number>().DoubleValue() : INT_MAX;
  int n = count >= INT_MAX ? INT_MAX : static_cast<int>(count);
  long r = syscall(SYS_futex, addr, FUTEX_WAKE, n, nullptr, nullptr, 0);
  return Napi::Number::New(info.Env(), r < 0 ? 0 : r);
}

void InitFutex(Napi::Env env, Napi::Object exports) {
  exports.Set("futexWait", Napi::Function::New(env, Wait, "futexWait"));
  exports.Set("futexWake", Napi::Function::New(env, Wake, "futexWake"));
}

}  // namespace multiproc
