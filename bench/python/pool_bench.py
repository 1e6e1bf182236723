"""Python's multiprocessing.Pool on the workloads of bench/pool.ts; prints one JSON object."""
import json
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def burn(ms):
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def main():
    repeat, processes = int(sys.argv[1]), int(sys.argv[2])
    out = {}
    items = list(range(100_000))
    times = []
    for _ in range(repeat):
        with mp.get_context('fork').Pool(processes) as pool:
            pool.map(square, range(10))
            t0 = time.perf_counter()
            pool.map(square, items)
            times.append(time.perf_counter() - t0)
    out['first_map_items_per_s'] = len(items) / median(times)
    with mp.get_context('fork').Pool(processes) as pool:
        pool.map(square, range(100))
        items = list(range(100_000))
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            pool.map(square, items)
            times.append(time.perf_counter() - t0)
        out['map_items_per_s'] = len(items) / median(times)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            results = [pool.apply_async(square, (i,)) for i in range(20_000)]
            for r in results:
                r.get()
            times.append(time.perf_counter() - t0)
        out['apply_async_per_s'] = 20_000 / median(times)
        serial = []
        parallel = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(16):
                burn(10)
            serial.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pool.map(burn, [10] * 16, 1)
            parallel.append(time.perf_counter() - t0)
        out['cpu_speedup'] = median(serial) / median(parallel)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
