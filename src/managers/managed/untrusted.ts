// The error a manager's server gives a client that names a function the server may not import for it.

/** TypeError naming the refused module and what would make it importable. */
export function untrustedTarget(reference: unknown): TypeError {
  const url = typeof reference === 'object' && reference !== null ? String((reference as { url?: unknown }).url) : String(reference);
  return new TypeError(
    `the manager's server will not import ${url} for a client: it imports only modules it has loaded already or files under ` +
      'its application root whose contents match the client\'s copy (set MULTIPROC_APP_ROOT, or import the module in the server)',
  );
}
