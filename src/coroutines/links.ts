// The callbacks a greenlet calls when it settles, kept as one function (the usual case: one group or one map
// run is listening) or an array, so the hot path allocates no array.
import { reportIfUnobserved } from './report.js';

/** A settle callback; `original` is set on wrappers (linkValue/linkException) so unlink() can find them. */
export type AnyLink = ((greenlet: any) => void) & { original?: unknown };

/** No callback, one, or several. */
export type Links = AnyLink | AnyLink[] | null;

/** `links` plus `link`. */
export function addLink(links: Links, link: AnyLink): Links {
  if (links === null) return link;
  if (typeof links === 'function') return [links, link];
  links.push(link);
  return links;
}

/** `links` minus the first callback that is `callback` or wraps it. */
export function removeLink(links: Links, callback: unknown): Links {
  if (links === null) return null;
  const matches = (link: AnyLink): boolean => link === callback || link.original === callback;
  if (typeof links === 'function') return matches(links) ? null : links;
  const index = links.findIndex(matches);
  if (index >= 0) links.splice(index, 1);
  return links;
}

/** Calls every callback with the greenlet. */
export function callLinks(links: Links, greenlet: object): void {
  if (links === null) return;
  if (typeof links === 'function') callLink(links, greenlet);
  else for (const link of links) callLink(link, greenlet);
}

/** A link that throws must not break the others nor the greenlet: its error is reported like a failed greenlet's. */
export function callLink(link: AnyLink, greenlet: object): void {
  try {
    link(greenlet);
  } catch (error) {
    reportIfUnobserved(error, `a link of ${String(greenlet)}`, () => false);
  }
}
