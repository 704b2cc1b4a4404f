// The bearer token lives in sessionStorage: it survives a reload but not the tab, and is never
// written anywhere else.
const key = "orderlens.token";

export function readToken(): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeToken(token: string | undefined): void {
  if (token === undefined) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, token);
}
