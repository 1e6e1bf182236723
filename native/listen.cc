// A listening socket bound synchronously, so that a Listener's constructor can fail at once with the OS's error, as
// Python's does (Node's listen() reports a busy address only on a later tick). The descriptor is handed to Node.
#include "common.h"
#include <cerrno>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace multiproc {

// Binds and listens; returns the descriptor or -1 with errno set.
static int BindAndListen(int family, const sockaddr* address, socklen_t length, int backlog) {
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (family != AF_UNIX) {
    // As Node and Python do on POSIX: a port whose last connections linger in TIME_WAIT may be bound again.
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  }
  if (bind(fd, address, length) != 0 || listen(fd, backlog) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

// listenTcp(host, port, backlog): the descriptor of a socket listening on the first address `host` resolves to.
static Napi::Value ListenTcp(const Napi::CallbackInfo& info) {
  std::string host = info[0].As<Napi::String>().Utf8Value();
  std::string port = std::to_string(info[1].As<Napi::Number>().Int32Value());
  int backlog = info[2].As<Napi::Number>().Int32Value();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int status = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found);
  if (status != 0) {
    Napi::Error error = Napi::Error::New(info.Env(), std::string("getaddrinfo '") + host + "': " + gai_strerror(status));
    error.Set("code", status == EAI_NONAME ? "ENOTFOUND" : "EAI_FAIL");
    throw error;
  }
  int fd = -1;
  int err = EADDRNOTAVAIL;
  for (addrinfo* entry = found; entry != nullptr && fd < 0; entry = entry->ai_next) {
    fd = BindAndListen(entry->ai_family, entry->ai_addr, entry->ai_addrlen, backlog);
    if (fd < 0) err = errno;
  }
  freeaddrinfo(found);
  if (fd < 0) throw ErrnoError(info.Env(), err, "bind", host + ":" + port);
  return Napi::Number::New(info.Env(), fd);
}

// listenUnix(path, backlog): the descriptor of a Unix socket listening at `path` (which must not exist).
static Napi::Value ListenUnix(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>().Utf8Value();
  int backlog = info[1].As<Napi::Number>().Int32Value();
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) throw ErrnoError(info.Env(), ENAMETOOLONG, "bind", path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int fd = BindAndListen(AF_UNIX, reinterpret_cast<sockaddr*>(&address), sizeof(address), backlog);
  if (fd < 0) throw ErrnoError(info.Env(), errno, "bind", path);
  return Napi::Number::New(info.Env(), fd);
}

void InitListen(Napi::Env env, Napi::Object exports) {
  exports.Set("listenTcp", Napi::Function::New(env, ListenTcp, "listenTcp"));
  exports.Set("listenUnix", Napi::Function::New(env, ListenUnix, "listenUnix"));
}

}  // namespace multiproc
