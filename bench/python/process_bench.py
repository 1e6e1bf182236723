"""start + join of a trivial Process under each of Python's start methods; prints one JSON object of median ms."""
import json
import multiprocessing as mp
import sys
import time


def noop():
    pass


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def main():
    repeat = int(sys.argv[1])
    out = {}
    for method in ('fork', 'spawn', 'forkserver'):
        ctx = mp.get_context(method)
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            p = ctx.Process(target=noop)
            p.start()
            p.join()
            times.append((time.perf_counter() - t0) * 1000)
        out[method] = median(times)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
