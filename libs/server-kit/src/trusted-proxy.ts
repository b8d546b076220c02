/**
 * Express's « trust proxy » setting from the configured proxies (addresses or CIDR ranges, comma-separated,
 * or express's names such as `loopback`): X-Forwarded-For then names the client only on requests that come
 * from one of them. Nothing configured trusts nobody, so that a client cannot pick the address its
 * attempts are counted against by sending the header itself.
 */
export function trustedProxySetting(configured: string | undefined): string | false {
  const proxies = (configured ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return proxies.length > 0 ? proxies.join(',') : false;
}
