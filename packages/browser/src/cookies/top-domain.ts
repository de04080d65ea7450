import Cookies from 'js-cookie';

/**
 * Writes a cookie the way the Pixel does: on the highest domain the browser accepts (`com`, then
 * `example.com`, then `www.example.com`, ...), keeping the first write that reads back, and finally
 * host-only (IP addresses, `localhost`). `make` builds the value for a domain of `index` labels minus one,
 * so the value names the domain it lives on. Returns the value written, or undefined.
 */
export function writeOnTopDomain(name: string, make: (index: number) => string): string | undefined {
  const labels = location.hostname.split('.');
  for (let i = labels.length; i-- > -1; ) {
    const value = make(labels.length - 1 - Math.max(i, 0));
    // i = -1: no Domain attribute (js-cookie leaves out empty attributes).
    Cookies.set(name, value, { domain: i < 0 ? '' : labels.slice(i).join('.'), expires: 90, sameSite: 'Lax' });
    if (Cookies.get(name) == value) return value;
  }
}
