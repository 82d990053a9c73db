/** `#token=T` → route `/`; `#/alerts?alert=7&token=T` → route `/alerts?alert=7`. */
export function splitFragment(hash: string): { route: string; token: string | null } {
  const fragment = hash.replace(/^#/, '');
  if (fragment.startsWith('token=')) {
    return { route: '/', token: new URLSearchParams(fragment).get('token') };
  }
  const question = fragment.indexOf('?');
  if (question < 0) return { route: fragment, token: null };
  const params = new URLSearchParams(fragment.slice(question + 1));
  const token = params.get('token');
  if (token === null) return { route: fragment, token: null };
  params.delete('token');
  const rest = params.toString();
  return { route: fragment.slice(0, question) + (rest ? `?${rest}` : ''), token };
}
