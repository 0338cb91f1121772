/**
 * The address a person opens for a server bound to `host`: a wildcard bind (0.0.0.0, ::) is reached as localhost,
 * an IPv6 literal goes in brackets.
 */
export function openUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}/`;
}
