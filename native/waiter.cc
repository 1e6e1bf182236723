// Async futex waits for the JS thread: dedicated waiter threads (never the libuv pool) sleep in one futex_waitv
// over up to 127 words each, and report the requests whose word changed or was woken through a threadsafe function.
#include "common.h"
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <mutex>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace multiproc {

namespace {

constexpr size_t kWordsPerThread = 127;  // FUTEX_WAITV_MAX is 128; one slot is the thread's own control word

// Without futex_waitv (Linux < 5.16, or an emulator that does not translate it) a waiter thread sleeps on its control
// word alone and re-checks its requests' words this often: far from free, but never a core spun on ENOSYS.
constexpr long kFallbackSliceNs = 1000000;

// Set once futex_waitv answered ENOSYS, or from the start with MULTIPROC_NO_FUTEX_WAITV=1 (tests of the fallback).
std::atomic<bool> g_noWaitv{getenv("MULTIPROC_NO_FUTEX_WAITV") != nullptr && getenv("MULTIPROC_NO_FUTEX_WAITV")[0] == '1'};

long SleepOnWords(std::vector<futex_waitv>& words) {
  if (!g_noWaitv.load(std::memory_order_relaxed)) {
    long woken = syscall(SYS_futex_waitv, words.data(), words.size(), 0, nullptr, CLOCK_MONOTONIC);
    if (woken >= 0 || errno != ENOSYS) return woken;
    g_noWaitv.store(true, std::memory_order_relaxed);
  }
  struct timespec slice = {0, kFallbackSliceNs};
  syscall(SYS_futex, reinterpret_cast<int32_t*>(words[0].uaddr), FUTEX_WAIT, static_cast<int32_t>(words[0].val), &slice, nullptr, 0);
  return -1;  // the caller re-checks every word
}

struct Request {
  uint32_t id;
  int32_t* addr;
  int32_t expected;
  std::shared_ptr<v8::BackingStore> keep;  // the mapping must outlive the kernel wait
};

class Waiter;

class WaiterThread {
 public:
  explicit WaiterThread(Waiter* owner) : owner_(owner), thread_([this] { Loop(); }) {}

  bool TryAdd(Request&& request) {
    {
      std::lock_guard<std::mutex> guard(mu_);
      if (requests_.size() >= kWordsPerThread) return false;
      requests_.push_back(std::move(request));
    }
    Poke();
    return true;
  }

  bool Cancel(uint32_t id) {
    bool found = false;
    {
      std::lock_guard<std::mutex> guard(mu_);
      auto it = std::find_if(requests_.begin(), requests_.end(), [id](const Request& r) { return r.id == id; });
      if (it != requests_.end()) {
        requests_.erase(it);
        found = true;
      }
    }
    if (found) Poke();
    return found;
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> guard(mu_);
      stopping_ = true;
    }
    Poke();
    thread_.join();
  }

 private:
  // Changing the control word makes a sleeping futex_waitv return so that the thread rebuilds its list.
  void Poke() {
    __atomic_add_fetch(&control_, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &control_, FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
  }

  void Loop();

  Waiter* owner_;
  std::mutex mu_;
  std::vector<Request> requests_;
  bool stopping_ = false;
  alignas(4) int32_t control_ = 0;
  std::thread thread_;
};

class Waiter {
 public:
  Waiter(Napi::Env env, Napi::Function callback) {
    tsfn_ = Napi::ThreadSafeFunction::New(env, callback, "multiproc futex waiter", 0, 1);
    tsfn_.Unref(env);
  }

  uint32_t Add(int32_t* addr, int32_t expected, std::shared_ptr<v8::BackingStore> keep) {
    uint32_t id = nextId_++;
    if (nextId_ == 0) nextId_ = 1;
    Request request{id, addr, expected, std::move(keep)};
    for (auto& thread : threads_) {
      if (thread->TryAdd(std::move(request))) return id;
    }
    threads_.push_back(std::make_unique<WaiterThread>(this));
    threads_.back()->TryAdd(std::move(request));
    return id;
  }

  void Cancel(uint32_t id) {
    for (auto& thread : threads_) {
      if (thread->Cancel(id)) return;
    }
  }

  void SetRef(Napi::Env env, bool ref) {
    if (ref) {
      tsfn_.Ref(env);
    } else {
      tsfn_.Unref(env);
    }
  }

  void Deliver(std::vector<uint32_t>* ids) {
    napi_status status = tsfn_.NonBlockingCall(ids, [](Napi::Env env, Napi::Function callback, std::vector<uint32_t>* fired) {
      if (env != nullptr && callback != nullptr) {
        // A thread being torn down (process.exit() in a worker, terminate()) refuses to run JS: the call throws, and
        // an exception escaping here would abort the whole process. Nobody is left to wait: drop the report.
        try {
          Napi::Array list = Napi::Array::New(env, fired->size());
          for (size_t i = 0; i < fired->size(); i++) list.Set(i, Napi::Number::New(env, (*fired)[i]));
          callback.Call({list});
        } catch (const Napi::Error&) {
        }
      }
      delete fired;
    });
    if (status != napi_ok) delete ids;
  }

  void Shutdown() {
    for (auto& thread : threads_) thread->Stop();
    threads_.clear();
    tsfn_.Release();
  }

 private:
  Napi::ThreadSafeFunction tsfn_;
  std::vector<std::unique_ptr<WaiterThread>> threads_;
  uint32_t nextId_ = 1;
};

void WaiterThread::Loop() {
  std::vector<futex_waitv> words;
  for (;;) {
    words.clear();
    {
      std::lock_guard<std::mutex> guard(mu_);
      if (stopping_) return;
      int32_t control = __atomic_load_n(&control_, __ATOMIC_SEQ_CST);
      words.push_back({static_cast<uint32_t>(control), reinterpret_cast<uintptr_t>(&control_), FUTEX_32, 0});
      for (const Request& r : requests_) {
        words.push_back({static_cast<uint32_t>(r.expected), reinterpret_cast<uintptr_t>(r.addr), FUTEX_32, 0});
      }
    }
    long woken = SleepOnWords(words);
    uintptr_t wokenAddr = woken > 0 ? words[woken].uaddr : 0;
    auto* fired = new std::vector<uint32_t>();
    {
      std::lock_guard<std::mutex> guard(mu_);
      // A request is done when its word was woken or no longer holds the value it waits on.
      auto done = [&](const Request& r) {
        bool hit = reinterpret_cast<uintptr_t>(r.addr) == wokenAddr ||
                   __atomic_load_n(r.addr, __ATOMIC_SEQ_CST) != r.expected;
        if (hit) fired->push_back(r.id);
        return hit;
      };
      requests_.erase(std::remove_if(requests_.begin(), requests_.end(), done), requests_.end());
    }
    if (fired->empty()) {
      delete fired;
    } else {
      owner_->Deliver(fired);
    }
  }
}

Waiter* GetWaiter(Napi::Env env) {
  Waiter* waiter = env.GetInstanceData<Waiter>();
  if (waiter == nullptr) throw Napi::Error::New(env, "waiterInit() must be called before async waits");
  return waiter;
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (env.GetInstanceData<Waiter>() != nullptr) throw Napi::Error::New(env, "the waiter is already initialised");
  auto* waiter = new Waiter(env, info[0].As<Napi::Function>());
  env.SetInstanceData<Waiter>(waiter);
  // Runs before the threadsafe function's own teardown: stop and join the threads while it can still be released.
  env.AddCleanupHook([waiter]() { waiter->Shutdown(); });
  return env.Undefined();
}

Napi::Value WaitAsync(const Napi::CallbackInfo& info) {
  std::shared_ptr<v8::BackingStore> keep;
  int32_t* addr = WordAddress(info, 0, &keep);
  int32_t expected = info[2].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), GetWaiter(info.Env())->Add(addr, expected, std::move(keep)));
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  GetWaiter(info.Env())->Cancel(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

Napi::Value SetRef(const Napi::CallbackInfo& info) {
  GetWaiter(info.Env())->SetRef(info.Env(), info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

}  // namespace

void InitWaiter(Napi::Env env, Napi::Object exports) {
  exports.Set("waiterInit", Napi::Function::New(env, Init, "waiterInit"));
  exports.Set("waitAsync", Napi::Function::New(env, WaitAsync, "waitAsync"));
  exports.Set("waitCancel", Napi::Function::New(env, Cancel, "waitCancel"));
  exports.Set("waiterRef", Napi::Function::New(env, SetRef, "waiterRef"));
}

}  // namespace multiproc
