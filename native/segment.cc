// Named POSIX shared-memory segments mapped into this process and handed to JS as SharedArrayBuffers.
#include "common.h"
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace multiproc {

// The mapping lives as long as the last JS view of it: V8 calls this when the backing store dies.
static void Unmap(void* data, size_t length, void*) { munmap(data, length); }

static Napi::Value MapToSab(Napi::Env env, int fd, size_t size, const std::string& name) {
  void* addr = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int err = errno;
  close(fd);
  if (addr == MAP_FAILED) throw ErrnoError(env, err, "mmap", name);
  std::unique_ptr<v8::BackingStore> store = v8::SharedArrayBuffer::NewBackingStore(addr, size, Unmap, nullptr);
  v8::Local<v8::SharedArrayBuffer> sab = v8::SharedArrayBuffer::New(v8::Isolate::GetCurrent(), std::move(store));
  return Napi::Value(env, ToNapi(sab));
}

static Napi::Value Create(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>().Utf8Value();
  double size = info[1].As<Napi::Number>().DoubleValue();
  if (!(size >= 1)) throw Napi::RangeError::New(info.Env(), "segment size must be at least 1 byte");
  int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  if (fd < 0) throw ErrnoError(info.Env(), errno, "shm_open", name);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    int err = errno;
    close(fd);
    shm_unlink(name.c_str());
    throw ErrnoError(info.Env(), err, "ftruncate", name);
  }
  return MapToSab(info.Env(), fd, static_cast<size_t>(size), name);
}

static Napi::Value Attach(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>().Utf8Value();
  int fd = shm_open(name.c_str(), O_RDWR, 0600);
  if (fd < 0) throw ErrnoError(info.Env(), errno, "shm_open", name);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    throw ErrnoError(info.Env(), err, "fstat", name);
  }
  if (st.st_size <= 0) {
    close(fd);
    throw ErrnoError(info.Env(), EINVAL, "shm_open", name);
  }
  return MapToSab(info.Env(), fd, static_cast<size_t>(st.st_size), name);
}

static Napi::Value Unlink(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>().Utf8Value();
  if (shm_unlink(name.c_str()) != 0) throw ErrnoError(info.Env(), errno, "shm_unlink", name);
  return info.Env().Undefined();
}

void InitSegment(Napi::Env env, Napi::Object exports) {
  exports.Set("shmCreate", Napi::Function::New(env, Create, "shmCreate"));
  exports.Set("shmAttach", Napi::Function::New(env, Attach, "shmAttach"));
  exports.Set("shmUnlink", Napi::Function::New(env, Unlink, "shmUnlink"));
}

}  // namespace multiproc
