// A small web server on 127.0.0.1 for the gevent examples: it serves made-up pages of fixed sizes after fixed delays,
// so that the examples fetch real HTTP responses, concurrently, with no network access. It also counts how many
// requests it held open at once, which is how the examples show that their fetches overlapped.
//   Not a scenario of its own: the gevent examples import it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One page: its path, how many bytes it has and how long the server waits before answering. */
export interface Page {
  path: string;
  bytes: number;
  delayMs: number;
}

/** The running server. */
export interface PageServer {
  /** The full URL of a page, e.g. http://127.0.0.1:40123/python.html */
  url(path: string): string;
  /** The most requests that were open at the server at the same moment. */
  readonly mostOpenAtOnce: number;
  close(): Promise<void>;
}

/** Starts serving `pages` on a free port of 127.0.0.1. */
export async function servePages(pages: readonly Page[]): Promise<PageServer> {
  const byPath = new Map(pages.map((page) => [page.path, page]));
  let open = 0;
  let mostOpenAtOnce = 0;
  const server: Server = createServer((request, response) => {
    const page = byPath.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (page === undefined || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    open += 1;
    mostOpenAtOnce = Math.max(mostOpenAtOnce, open);
    setTimeout(() => {
      open -= 1;
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': page.bytes }).end(Buffer.alloc(page.bytes, 'x'));
    }, page.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    get mostOpenAtOnce() {
      return mostOpenAtOnce;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A page's size and delay as the examples print them. */
export function describePage(page: Page): string {
  return `${page.path}: ${page.bytes} bytes after ${page.delayMs} ms`;
}
