{
  "targets": [
    {
      "target_name": "multiproc",
      "sources": [
        "native/addon.cc",
        "native/segment.cc",
        "native/futex.cc",
        "native/waiter.cc",
        "native/spawn.cc",
        "native/exit.cc",
        "native/listen.cc",
        "native/fork.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=gnu++20", "-fexceptions", "-O2", "-Wall"]
    }
  ]
}
